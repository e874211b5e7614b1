import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface ManagedProcessOptions {
  /** Short name used in messages (`apiserver`, `etcd`). */
  name: string;
  argv: string[];
  /** stdout and stderr are appended here. */
  logFile: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/**
 * A child process the local cluster started and therefore must stop: output goes to its log
 * file, and stop() signals exactly this PID (SIGTERM, then SIGKILL after a grace period).
 */
export class ManagedProcess {
  readonly name: string;
  private readonly child: ChildProcess;
  private exitCode: number | null | undefined;
  private readonly exited: Promise<void>;

  constructor(opts: ManagedProcessOptions) {
    this.name = opts.name;
    mkdirSync(dirname(opts.logFile), { recursive: true });
    const log = createWriteStream(opts.logFile, { flags: 'a' });
    const [cmd, ...args] = opts.argv;
    if (!cmd) throw new Error(`${opts.name}: empty command`);
    this.child = spawn(cmd, args, { env: opts.env ?? process.env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout?.pipe(log, { end: false });
    this.child.stderr?.pipe(log, { end: false });
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exitCode = code ?? (signal ? 128 : null);
        resolve();
      });
      this.child.once('error', (err) => {
        log.write(`spawn failed: ${err.message}\n`);
        this.exitCode = 127;
        resolve();
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** True while the process has not exited. */
  get running(): boolean {
    return this.exitCode === undefined;
  }

  /** Resolves when the process exits, for whatever reason. */
  wait(): Promise<void> {
    return this.exited;
  }

  /** SIGKILL at once (a crash); resolves once the process is gone. Idempotent. */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. Idempotent. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Runs a command to completion; rejects with its stderr when it exits non-zero. */
export function run(argv: string[], opts: { input?: string; env?: NodeJS.ProcessEnv; allowFail?: boolean } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const [cmd, ...args] = argv;
    if (!cmd) return reject(new Error('empty command'));
    const child = spawn(cmd, args, { env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      const c = code ?? 1;
      if (c !== 0 && !opts.allowFail) reject(new Error(`${argv.join(' ')} exited ${c}: ${stderr.trim() || stdout.trim()}`));
      else resolve({ code: c, stdout, stderr });
    });
    // A command that exits without reading its input closes the pipe first: its exit code
    // tells what happened, so EPIPE on our side is not an error of its own.
    child.stdin.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') reject(err);
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** Polls `probe` every `intervalMs` until it returns true; rejects with `what` after `timeoutMs`. */
export async function waitFor(what: string, probe: () => Promise<boolean>, opts: { timeoutMs: number; intervalMs?: number; abortIf?: () => string | undefined }): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  let lastErr = '';
  for (;;) {
    const why = opts.abortIf?.();
    if (why) throw new Error(`${what}: ${why}`);
    try {
      if (await probe()) return;
    } catch (err) {
      lastErr = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${opts.timeoutMs} ms waiting for ${what}${lastErr ? ` (last error: ${lastErr})` : ''}`);
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 250));
  }
}
