import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn } from 'node:child_process';
import type { Server } from 'node:net';
import { LocalCluster, forward, run } from '@tskube/local-cluster';
import type { LocalClusterOptions } from '@tskube/local-cluster';

/** Options of an e2e cluster. */
export interface E2EClusterOptions {
  /**
   * Also serve the apiserver in the host namespace, on a port of 127.0.0.1 chosen when the
   * cluster starts (`hostApiPort`), for clients in the test process (client-node, RestClient).
   */
  hostApi?: boolean;
  /** Extra component flags, replicas of the scheduler/controller-manager, extra nodes (see LocalClusterOptions). */
  cluster?: Pick<LocalClusterOptions, 'extraFlags' | 'replicas' | 'extraNodes'>;
}

/** Output of a command run to completion. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Why e2e cannot run here, or undefined when it can (root, and the tools are installed). */
export function e2eUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'e2e needs root (network namespaces, dockerd, iptables)';
  return undefined;
}

/**
 * A cluster for one e2e file, in its own network namespace (no default route) with a private
 * dockerd and etcd; kubectl and curl run inside that namespace, with an empty kubectl cache.
 */
export class E2ECluster {
  readonly cluster: LocalCluster;
  private readonly kubeHome: string;
  private hostBridge: Server | undefined;

  constructor(readonly name: string, private readonly opts: E2EClusterOptions = {}) {
    const home = mkdtempSync(join(tmpdir(), `tsk-${name}-`));
    this.kubeHome = join(home, 'kubectl-home');
    mkdirSync(this.kubeHome, { recursive: true });
    this.cluster = new LocalCluster({
      repoRoot: resolve(__dirname, '../../..'),
      home,
      netns: `tsk-${name}-${process.pid}`.slice(0, 15),
      nodeName: 'node-1',
      ...opts.cluster,
      log: (m) => process.stderr.write(`[e2e ${name}] ${m}\n`),
    });
  }

  /** Starts the whole cluster (and, with `hostApi`, the host-namespace bridge to the apiserver). */
  async start(): Promise<void> {
    await this.cluster.start();
    if (this.opts.hostApi) this.hostBridge = await forward({ host: '127.0.0.1', port: 0 }, { path: this.cluster.apiSocket });
  }

  /** The 127.0.0.1 port that reaches the apiserver from the host namespace; throws unless started with `hostApi`. */
  get hostApiPort(): number {
    const addr = this.hostBridge?.address();
    if (!addr || typeof addr === 'string') throw new Error(`e2e ${this.name}: no host API bridge (start() with hostApi: true first)`);
    return addr.port;
  }

  /** Stops every process the cluster started (by PID) and removes its temp dir unless TSKUBE_E2E_KEEP is set. */
  async stop(): Promise<void> {
    this.hostBridge?.close();
    this.hostBridge = undefined;
    await this.cluster.stop();
    if (!process.env['TSKUBE_E2E_KEEP']) rmSync(this.cluster.home, { recursive: true, force: true });
    else process.stderr.write(`[e2e ${this.name}] kept ${this.cluster.home}\n`);
  }

  /**
   * Runs the real kubectl inside the cluster's namespace; rejects on a non-zero exit unless
   * allowFail. `env` adds variables (e.g. `KUBE_EDITOR` for `kubectl edit`).
   */
  kubectl(args: string[], opts: { input?: string; allowFail?: boolean; binary?: string; env?: Record<string, string> } = {}): Promise<RunResult> {
    const { binary = 'kubectl', env, ...rest } = opts;
    return run(this.cluster.wrap([binary, `--kubeconfig=${this.cluster.kubeconfig}`, ...args]), {
      env: { ...process.env, HOME: this.kubeHome, ...env },
      ...rest,
    });
  }

  /**
   * Runs a long-lived kubectl (e.g. `get -w`, `port-forward`) until its stdout matches `until`
   * and `during` (started at once; it can read the output so far) has finished, then SIGTERMs
   * it (by PID) and resolves with the stdout. Rejects if kubectl exits first, `during` throws,
   * or `timeoutMs` (default 30 s) passes.
   */
  kubectlUntil(args: string[], until: RegExp, opts: { binary?: string; timeoutMs?: number; during?: (output: () => string) => Promise<unknown> } = {}): Promise<string> {
    const [cmd, ...rest] = this.cluster.wrap([opts.binary ?? 'kubectl', `--kubeconfig=${this.cluster.kubeconfig}`, ...args]);
    if (!cmd) throw new Error('empty command');
    const child = spawn(cmd, rest, { env: { ...process.env, HOME: this.kubeHome }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let duringDone = !opts.during;
    const timeoutMs = opts.timeoutMs ?? 30_000;
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => finish(new Error(`kubectl ${args.join(' ')}: no match for ${until} in ${timeoutMs} ms; stdout:\n${out}\nstderr:\n${err}`)), timeoutMs);
      const finish = (e?: Error): void => {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        if (child.exitCode === null) child.kill('SIGTERM');
        if (e) reject(e);
        else resolve(out);
      };
      const check = (): void => {
        if (duringDone && until.test(out)) finish();
      };
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        check();
      });
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.once('exit', (code) => finish(new Error(`kubectl ${args.join(' ')} exited ${code} before matching ${until}; stdout:\n${out}\nstderr:\n${err}`)));
      opts
        .during?.(() => out)
        .then(() => {
          duringDone = true;
          check();
        })
        .catch((e: unknown) => finish(e instanceof Error ? e : new Error(String(e))));
    });
  }

  /** curl from inside the namespace (2 s timeout: a missing DNAT fails fast, never leaves the machine). */
  async curl(url: string): Promise<string> {
    return (await run(this.cluster.wrap(['curl', '-sS', '-m', '2', url]))).stdout;
  }

  /** The docker CLI against the cluster's engine. */
  docker(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return run(['docker', ...args], { env: { ...process.env, DOCKER_HOST: this.cluster.dockerHost } });
  }

  /** Dumps every component log tail to stderr (called when a test fails). */
  async dumpLogs(lines = 40): Promise<void> {
    const base = ['apiserver', 'controller-manager', 'scheduler', 'kubelet', 'kube-proxy'];
    const extras = this.cluster.processNames().filter((n) => /^(scheduler|controller-manager|kubelet)-/.test(n));
    for (const c of [...base, ...extras]) {
      const r = await run(['tail', `-n${lines}`, this.cluster.logFile(c)], { allowFail: true });
      process.stderr.write(`----- ${c} -----\n${r.stdout}\n`);
    }
  }
}

/** Polls `fn` until it returns a value other than undefined; rejects after `timeoutMs`. */
export async function eventually<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
