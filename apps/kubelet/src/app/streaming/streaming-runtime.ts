import type { Readable, Writable } from 'node:stream';

/** Options of a container log read (the kubelet API's `/containerLogs` query). */
export interface LogOptions {
  /** Keep the stream open and send new lines until the container stops. */
  follow: boolean;
  /** Only the last N lines (undefined: all). */
  tailLines?: number;
  /** Prefix each line with its RFC3339Nano time. */
  timestamps: boolean;
  /** Only lines newer than this (epoch seconds; from `sinceSeconds`/`sinceTime`). */
  sinceEpochSeconds?: number;
  /** Stop after this many bytes. */
  limitBytes?: number;
}

/** What an exec or attach session connects to the process. */
export interface StreamOptions {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

/**
 * A running exec or attach. `stdout` carries stderr too when `tty` is set (one terminal).
 * `stdin.end()` closes the process's stdin (half-close). `done` resolves with the exit code
 * (exec) or 0 (attach) once the output streams ended.
 */
export interface StreamSession {
  stdin?: Writable;
  stdout: Readable;
  stderr?: Readable;
  resize(width: number, height: number): Promise<void>;
  done: Promise<number>;
  /** Tears the session down (client went away). */
  close(): void;
}

/** Result of a command run to completion (exec probes and hooks). */
export interface ExecResult {
  exitCode: number;
  /** stdout and stderr, interleaved, truncated to a few KiB. */
  output: string;
  timedOut: boolean;
}

/**
 * The streaming part of a container runtime (upstream CRI `Exec`/`Attach`/`PortForward` and
 * `ReadLogs`), kept apart from {@link Runtime} so the pod lifecycle code does not depend on it.
 */
export interface StreamingRuntime {
  /** The container's log (stdout and stderr interleaved) as a byte stream. */
  containerLogs(containerId: string, opts: LogOptions): Promise<Readable>;
  exec(containerId: string, cmd: string[], opts: StreamOptions): Promise<StreamSession>;
  attach(containerId: string, opts: StreamOptions): Promise<StreamSession>;
  /** Runs `cmd` in the container, without stdin, until it exits or `timeoutMs` passes. */
  execSync(containerId: string, cmd: string[], timeoutMs: number): Promise<ExecResult>;
}
