import { PassThrough } from 'node:stream';
import type { Duplex, Readable } from 'node:stream';
import type Docker from 'dockerode';
import { DockerDemuxer } from './demux';
import type { ExecResult, LogOptions, StreamOptions, StreamSession, StreamingRuntime } from './streaming-runtime';

const OUTPUT_LIMIT = 10 * 1024;

/**
 * {@link StreamingRuntime} over the Docker Engine API: logs from the json-file driver
 * (`GET /containers/{id}/logs`), exec and attach over hijacked connections, demultiplexed when
 * the container has no TTY. stdin half-close is a TCP half-close of the hijacked connection,
 * which Docker turns into EOF on the process's stdin.
 */
export class DockerStreaming implements StreamingRuntime {
  constructor(private readonly docker: Docker) {}

  private async hasTty(id: string): Promise<boolean> {
    const d = (await this.docker.getContainer(id).inspect()) as { Config?: { Tty?: boolean } };
    return d.Config?.Tty === true;
  }

  async containerLogs(id: string, o: LogOptions): Promise<Readable> {
    const tty = await this.hasTty(id);
    const opts = {
      stdout: true,
      stderr: true,
      timestamps: o.timestamps,
      ...(o.tailLines !== undefined ? { tail: o.tailLines } : {}),
      ...(o.sinceEpochSeconds !== undefined ? { since: o.sinceEpochSeconds } : {}),
    };
    const out = new PassThrough();
    let left = o.limitBytes ?? Infinity;
    const emit = (b: Buffer): void => {
      if (left <= 0) return;
      const part = b.length > left ? b.subarray(0, left) : b;
      left -= part.length;
      out.write(part);
      if (left <= 0) out.end();
    };
    const demux = new DockerDemuxer((_s, p) => emit(p));
    const feed = (b: Buffer): void => (tty ? emit(b) : demux.push(b));
    if (!o.follow) {
      const buf: Buffer = await this.docker.getContainer(id).logs({ ...opts, follow: false });
      feed(buf);
      if (!out.writableEnded) out.end();
      return out;
    }
    const src = (await this.docker.getContainer(id).logs({ ...opts, follow: true })) as unknown as Readable;
    src.on('data', (b: Buffer) => feed(b));
    src.on('end', () => !out.writableEnded && out.end());
    src.on('error', (e) => out.destroy(e));
    out.on('close', () => src.destroy());
    return out;
  }

  /** Splits a hijacked connection into the session's streams. */
  private session(sock: Duplex, o: StreamOptions, tty: boolean, finish: () => Promise<number>, resize: (w: number, h: number) => Promise<void>): StreamSession {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const demux = new DockerDemuxer((s, p) => (s === 2 ? stderr : stdout).write(p));
    sock.on('data', (b: Buffer) => (tty ? stdout.write(b) : demux.push(b)));
    const ended = new Promise<void>((resolve) => {
      sock.once('end', resolve);
      sock.once('close', resolve);
      sock.once('error', () => resolve());
    });
    const done = ended.then(async () => {
      stdout.end();
      stderr.end();
      return finish();
    });
    return {
      ...(o.stdin ? { stdin: sock } : {}),
      stdout,
      ...(tty ? {} : { stderr }),
      resize,
      done,
      close: () => sock.destroy(),
    };
  }

  async exec(id: string, cmd: string[], o: StreamOptions): Promise<StreamSession> {
    const ex = await this.docker.getContainer(id).exec({ Cmd: cmd, AttachStdin: o.stdin, AttachStdout: o.stdout, AttachStderr: o.stderr, Tty: o.tty });
    const sock = await ex.start({ hijack: true, stdin: o.stdin, Tty: o.tty });
    const finish = async (): Promise<number> => {
      for (let i = 0; i < 50; i++) {
        const st = (await ex.inspect()) as { Running: boolean; ExitCode: number | null };
        if (!st.Running && st.ExitCode !== null) return st.ExitCode;
        await new Promise((r) => setTimeout(r, 100));
      }
      return 0;
    };
    return this.session(sock, o, o.tty, finish, async (w, h) => {
      await ex.resize({ w, h });
    });
  }

  async attach(id: string, o: StreamOptions): Promise<StreamSession> {
    const tty = await this.hasTty(id);
    const c = this.docker.getContainer(id);
    const sock = (await c.attach({ stream: true, stdin: o.stdin, stdout: o.stdout, stderr: o.stderr, hijack: true })) as unknown as Duplex;
    return this.session(sock, o, tty, () => Promise.resolve(0), async (w, h) => {
      await c.resize({ w, h });
    });
  }

  async execSync(id: string, cmd: string[], timeoutMs: number): Promise<ExecResult> {
    const s = await this.exec(id, cmd, { stdin: false, stdout: true, stderr: true, tty: false });
    let output = '';
    const collect = (b: Buffer): void => {
      if (output.length < OUTPUT_LIMIT) output += b.toString('utf8');
    };
    s.stdout.on('data', collect);
    s.stderr?.on('data', collect);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const r = await Promise.race([s.done, timeout]);
    clearTimeout(timer);
    if (r === 'timeout') {
      s.close();
      return { exitCode: -1, output: output.slice(0, OUTPUT_LIMIT), timedOut: true };
    }
    return { exitCode: r, output: output.slice(0, OUTPUT_LIMIT), timedOut: false };
  }
}
