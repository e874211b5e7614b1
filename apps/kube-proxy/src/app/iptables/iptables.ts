import { spawn } from 'node:child_process';
import type { Writable } from 'node:stream';
import type { TableName } from './save-parser';

/** Options of one iptables-restore call. */
export interface RestoreOptions {
  /** `--noflush`: leave chains not named in the input alone (kube-proxy always sets this). */
  noFlush: boolean;
  /** `--counters`: keep packet/byte counters of the restored chains. */
  counters: boolean;
}

/**
 * The input of one restore: the whole text; its pieces in order (each a run of whole lines,
 * joined once); a function producing either, called once the command has been started, so
 * that producing the input (reading iptables-save, planning the rules) overlaps the command's
 * start-up; or a stream of chunks (an async iterable), each written to the command as soon as
 * it is produced, so the command parses the first chunks while the later ones are produced
 * (the proxier's full sync: rules first, what needs iptables-save last). When producing the
 * input throws, the command is killed before it reads an EOF (a stream's chunks must leave
 * each table uncommitted until the last one: then nothing is applied) and that error is the
 * restore's.
 */
export type RestoreInput = string | Iterable<string> | AsyncIterable<string> | (() => Promise<Iterable<string>> | Iterable<string>);

/** True for a streamed RestoreInput (an async iterable of chunks). */
export function isStreamed(input: RestoreInput): input is AsyncIterable<string> {
  return typeof input === 'object' && Symbol.asyncIterator in input;
}

/** Reads a whole RestoreInput into one string (fakes, wrappers). */
export async function restoreText(input: RestoreInput): Promise<string> {
  if (isStreamed(input)) {
    const chunks: string[] = [];
    for await (const c of input) chunks.push(c);
    return chunks.join('');
  }
  const data = typeof input === 'function' ? await input() : input;
  return typeof data === 'string' ? data : [...data].join('');
}

/**
 * The iptables operations kube-proxy needs: read a table, apply one atomic restore buffer.
 * Implemented by `ExecIptables` (child processes) and by `FakeIptables` in tests.
 */
export interface Iptables {
  /** Returns the `iptables-save -t <table>` text; without a table, `iptables-save` (every table). */
  save(table?: TableName): Promise<string>;
  /** Feeds `data` to `iptables-restore` on stdin; rejects with `IptablesRestoreError` on failure. */
  restore(data: RestoreInput, opts: RestoreOptions): Promise<void>;
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

/** Producing the input failed (`cause`): the child was killed before it read an EOF. */
class InputFailed extends Error {}

/** Writes `input` to the child's stdin (see RestoreInput); resolves with the pieces written, once all are handed to the pipe. */
async function writeInput(stdin: Writable, input: RestoreInput): Promise<readonly string[]> {
  if (isStreamed(input)) {
    const chunks: string[] = [];
    for await (const c of input) {
      chunks.push(c);
      if (c !== '') stdin.write(c);
    }
    stdin.end();
    return chunks;
  }
  const data = typeof input === 'function' ? await input() : input;
  const text = typeof data === 'string' ? data : [...data].join('');
  stdin.end(text);
  return [text];
}

/**
 * Runs `argv`, with `input` on stdin (none: stdin is /dev/null), and collects its output;
 * `onInput` gets the pieces written (joined only when needed: a failing line's text). The
 * command is started first, so producing the input overlaps its start-up. A text is written
 * with one `end()` (libuv feeds the pipe as the command reads): writing it in chunks from
 * JavaScript, waiting for 'drain' in between, cost more CPU (about 20 ms per partial sync at
 * 10,000 services) and gained no measurable time, since the input is cached blocks; a stream's
 * chunks are written as they come, without waiting for 'drain' (they are few and large).
 * Rejects with InputFailed when producing the input throws (the child is killed first),
 * otherwise only when it cannot start.
 */
async function execWithInput(argv: string[], input: RestoreInput | undefined, timeoutMs: number, onInput: (pieces: readonly string[]) => void): Promise<ExecResult> {
  const [cmd, ...args] = argv;
  const child = spawn(cmd!, args, { stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  // Our own timer rather than spawn's `timeout`, whose timer outlives a command that cannot start.
  const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout!.on('data', (b: Buffer) => out.push(b)); // stdio 'pipe': never null
  child.stderr!.on('data', (b: Buffer) => err.push(b));
  const closed = new Promise<ExecResult>((resolve, reject) => {
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() });
    });
  });
  closed.catch(() => undefined); // awaited below; not unhandled while the input is produced
  if (input === undefined || child.stdin === null) return closed;
  const stdin = child.stdin;
  stdin.on('error', () => undefined); // EPIPE when the command exits early; its stderr says why
  try {
    onInput(await writeInput(stdin, input));
  } catch (e) {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL'); // before its stdin closes: no EOF ever reaches it, nothing can be committed
      await exited;
    }
    stdin.destroy();
    throw new InputFailed('restore input failed', { cause: e });
  }
  return closed;
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

  async save(table?: TableName): Promise<string> {
    const argv = [...this.prefix, this.saveCmd, ...(table ? ['-t', table] : [])];
    const r = await this.exec(argv, undefined, () => undefined);
    if (r.code !== 0) {
      throw new IptablesError(`${argv.join(' ')} failed (exit ${String(r.code)}): ${r.stderr.trim()}`, argv, r.code, r.stderr);
    }
    return r.stdout;
  }

  /**
   * Starts iptables-restore, then produces the input (see RestoreInput) while the command
   * starts, and writes it to the command's stdin. The command applies each table atomically
   * at its COMMIT: a failure leaves that table as it was.
   */
  async restore(data: RestoreInput, opts: RestoreOptions): Promise<void> {
    const argv = [...this.prefix, this.restoreCmd];
    if (opts.noFlush) argv.push('--noflush');
    if (opts.counters) argv.push('--counters');
    let written: readonly string[] = [];
    const r = await this.exec(argv, data, (pieces) => (written = pieces));
    if (r.code === 0) return;
    const line = failingLine(r.stderr);
    const lineText = line !== undefined ? written.join('').split('\n')[line - 1] : undefined;
    const firstErr = r.stderr.split('\n').find((l) => l.trim() !== '' && !l.startsWith('Try `')) ?? '';
    const where = line !== undefined ? `; failing line ${line}: ${lineText ?? '?'}` : '';
    throw new IptablesRestoreError(`${this.restoreCmd} failed (exit ${String(r.code)}): ${firstErr.trim()}${where}`, argv, r.code, r.stderr, line, lineText);
  }

  private async exec(argv: string[], input: RestoreInput | undefined, onInput: (pieces: readonly string[]) => void): Promise<ExecResult> {
    try {
      return await execWithInput(argv, input, this.timeoutMs, onInput);
    } catch (err) {
      if (err instanceof InputFailed) throw err.cause instanceof Error ? err.cause : new Error(String(err.cause));
      throw new IptablesError(`cannot run ${argv.join(' ')}: ${err instanceof Error ? err.message : String(err)}`, argv, null, '', { cause: err });
    }
  }
}
