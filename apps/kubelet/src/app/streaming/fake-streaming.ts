import { PassThrough, Readable } from 'node:stream';
import type { ExecResult, LogOptions, StreamOptions, StreamSession, StreamingRuntime } from './streaming-runtime';

/**
 * {@link StreamingRuntime} for tests. Logs come from `logs` (container ID → text) or, when
 * following, from `follow` streams the test writes to. Exec understands a few commands:
 * `cat` (echo stdin until EOF), `echo <words>`, `sh -c 'exit N'`, `stderr <text>`; `execResults`
 * answers execSync by command string.
 */
export class FakeStreaming implements StreamingRuntime {
  readonly logs = new Map<string, string>();
  readonly follow = new Map<string, PassThrough>();
  readonly execResults = new Map<string, ExecResult>();
  readonly calls: string[] = [];
  readonly resizes: string[] = [];

  containerLogs(id: string, o: LogOptions): Promise<Readable> {
    this.calls.push(`logs ${id} ${JSON.stringify(o)}`);
    if (o.follow) {
      const s = new PassThrough();
      this.follow.set(id, s);
      s.write(this.logs.get(id) ?? '');
      return Promise.resolve(s);
    }
    let lines = (this.logs.get(id) ?? '').split(/(?<=\n)/).filter(Boolean);
    if (o.tailLines !== undefined) lines = lines.slice(Math.max(0, lines.length - o.tailLines));
    let text = lines.join('');
    if (o.limitBytes !== undefined) text = text.slice(0, o.limitBytes);
    return Promise.resolve(Readable.from([Buffer.from(text)]));
  }

  exec(id: string, cmd: string[], o: StreamOptions): Promise<StreamSession> {
    this.calls.push(`exec ${id} ${cmd.join(' ')} ${JSON.stringify(o)}`);
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const stdin = new PassThrough();
    let code = 0;
    let finish: Promise<void> = Promise.resolve();
    if (cmd[0] === 'cat') {
      stdin.pipe(stdout, { end: false });
      finish = new Promise((resolve) => stdin.once('end', resolve));
    } else if (cmd[0] === 'echo') stdout.write(`${cmd.slice(1).join(' ')}\n`);
    else if (cmd[0] === 'stderr') stderr.write(cmd.slice(1).join(' '));
    else if (cmd[0] === 'sh' && cmd[1] === '-c') code = Number(/exit (\d+)/.exec(cmd[2] ?? '')?.[1] ?? 0);
    const done = finish.then(() => {
      stdout.end();
      stderr.end();
      return code;
    });
    return Promise.resolve({
      ...(o.stdin ? { stdin } : {}),
      stdout,
      ...(o.tty ? {} : { stderr }),
      resize: (w: number, h: number) => {
        this.resizes.push(`${w}x${h}`);
        return Promise.resolve();
      },
      done,
      close: () => stdin.end(),
    });
  }

  attach(id: string, o: StreamOptions): Promise<StreamSession> {
    return this.exec(id, ['cat'], o);
  }

  execSync(id: string, cmd: string[]): Promise<ExecResult> {
    this.calls.push(`execSync ${id} ${cmd.join(' ')}`);
    return Promise.resolve(this.execResults.get(cmd.join(' ')) ?? { exitCode: 0, output: '', timedOut: false });
  }
}
