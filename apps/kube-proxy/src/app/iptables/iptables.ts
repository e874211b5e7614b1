import { spawn } from 'node:child_process';
import type { TableName } from './save-parser';

/** Options of one iptables-restore call. */
export interface RestoreOptions {
  /** `--noflush`: leave chains not named in the input alone (kube-proxy always sets this). */
  noFlush: boolean;
  /** `--counters`: keep packet/byte counters of the restored chains. */
  counters: boolean;
}

/**
 * The iptables operations kube-proxy needs: read a table, apply one atomic restore buffer.
 * Implemented by `ExecIptables` (child processes) and by `FakeIptables` in tests.
 */
export interface Iptables {
  /** Returns the `iptables-save -t <table>` text. */
  save(table: TableName): Promise<string>;
  /** Feeds `data` to `iptables-restore` on stdin; rejects with `IptablesRestoreError` on failure. */
  restore(data: string, opts: RestoreOptions): Promise<void>;
}

/** An iptables command that exited non-zero (or could not start). */
export class IptablesError extends Error {
  constructor(
    message: string,
    readonly command: string[],
    readonly exitCode: number | null,
    readonly stderr: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'IptablesError';
  }
}

/** iptables-restore rejected its input; `line`/`lineText` name the input line it reported. */
export class IptablesRestoreError extends IptablesError {
  constructor(
    message: string,
    command: string[],
    exitCode: number | null,
    stderr: string,
    readonly line?: number,
    readonly lineText?: string,
  ) {
    super(message, command, exitCode, stderr);
    this.name = 'IptablesRestoreError';
  }
}

/**
 * Finds the failing input line number in iptables-restore's stderr: nft variants print
 * `Error occurred at line: N`, legacy ones `iptables-restore: line N failed`.
 */
export function failingLine(stderr: string): number | undefined {
  const m = /Error occurred at line: (\d+)/.exec(stderr) ?? /line (\d+) failed/.exec(stderr);
  return m ? Number(m[1]) : undefined;
}

export interface ExecIptablesOptions {
  /**
   * Prepended to every command, e.g. `['nsenter', '--net=/var/run/netns/kp-test-1']` so tests
   * act inside their own network namespace. Empty by default.
   */
  commandPrefix?: string[];
  saveCommand?: string;
  restoreCommand?: string;
  /** Kills a command that runs longer than this; default 30s. */
  timeoutMs?: number;
}

interface ExecResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `argv` with `input` on stdin and collects its output. Rejects only when it cannot start. */
function execWithInput(argv: string[], input: string, timeoutMs: number): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const [cmd, ...args] = argv;
    const child = spawn(cmd!, args, { stdio: ['pipe', 'pipe', 'pipe'], timeout: timeoutMs });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.stdin.on('error', () => undefined); // EPIPE when the command exits early; its stderr says why
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
    child.stdin.end(input);
  });
}

/** `Iptables` over the `iptables-save` / `iptables-restore` binaries (one process per call). */
export class ExecIptables implements Iptables {
  private readonly prefix: string[];
  private readonly saveCmd: string;
  private readonly restoreCmd: string;
  private readonly timeoutMs: number;

  constructor(opts: ExecIptablesOptions = {}) {
    this.prefix = opts.commandPrefix ?? [];
    this.saveCmd = opts.saveCommand ?? 'iptables-save';
    this.restoreCmd = opts.restoreCommand ?? 'iptables-restore';
    this.timeoutMs = opts.timeoutMs ?? 30_000;
  }

  async save(table: TableName): Promise<string> {
    const argv = [...this.prefix, this.saveCmd, '-t', table];
    const r = await this.exec(argv, '');
    if (r.code !== 0) {
      throw new IptablesError(`${argv.join(' ')} failed (exit ${String(r.code)}): ${r.stderr.trim()}`, argv, r.code, r.stderr);
    }
    return r.stdout;
  }

  async restore(data: string, opts: RestoreOptions): Promise<void> {
    const argv = [...this.prefix, this.restoreCmd];
    if (opts.noFlush) argv.push('--noflush');
    if (opts.counters) argv.push('--counters');
    const r = await this.exec(argv, data);
    if (r.code === 0) return;
    const line = failingLine(r.stderr);
    const lineText = line !== undefined ? data.split('\n')[line - 1] : undefined;
    const firstErr = r.stderr.split('\n').find((l) => l.trim() !== '' && !l.startsWith('Try `')) ?? '';
    const where = line !== undefined ? `; failing line ${line}: ${lineText ?? '?'}` : '';
    throw new IptablesRestoreError(`${this.restoreCmd} failed (exit ${String(r.code)}): ${firstErr.trim()}${where}`, argv, r.code, r.stderr, line, lineText);
  }

  private async exec(argv: string[], input: string): Promise<ExecResult> {
    try {
      return await execWithInput(argv, input, this.timeoutMs);
    } catch (err) {
      throw new IptablesError(`cannot run ${argv.join(' ')}: ${err instanceof Error ? err.message : String(err)}`, argv, null, '', { cause: err });
    }
  }
}
