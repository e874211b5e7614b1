import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type net from 'node:net';
import { ManagedProcess, run, waitFor } from '@tskube/processes';
import { NetworkNamespace } from './netns';
import { pingDocker, socketOf, startDockerd } from './docker-engine';
import { startEtcd } from './etcd';
import { forward } from './forward';
import { writeKubeconfig } from './kubeconfig';
import { apiGet, nodeIsReady } from './api-probe';
import { serviceAccountKeyFlags } from './service-account-key';

export interface LocalClusterOptions {
  /** Repository root: where dist/apps/<app>/main.js and scripts/ live. */
  repoRoot: string;
  /** State directory: etcd data, Docker data, logs/<component>.log, kubeconfig, sockets. */
  home: string;
  /**
   * Run the node side (dockerd, pods, iptables) and the control plane in this network
   * namespace (created if missing; needs root). Undefined: the host namespace.
   */
  netns?: string;
  /** Use this Docker engine (`unix://...`) instead of starting a private dockerd. */
  dockerHost?: string;
  nodeName?: string;
  serviceClusterIpRange?: string;
  /** Pod network (Docker's default bridge), given to kube-proxy as --cluster-cidr. */
  clusterCidr?: string;
  /** The apiserver's insecure port inside the cluster's namespace. */
  apiPort?: number;
  /** Also serve the apiserver on 127.0.0.1:<hostApiPort> in the host namespace (npm start). */
  hostApiPort?: number;
  /** Progress messages. */
  log?: (msg: string) => void;
  /** Flags appended to a component's command line (every replica of it). */
  extraFlags?: Partial<Record<Component, string[]>>;
  /**
   * Replicas of the leader-elected components (default 1). Replica i > 1 runs as process
   * `<component>-<i>` (log `logs/<component>-<i>.log`) with --secure-port moved by 100 * (i - 1).
   */
  replicas?: Partial<Record<'scheduler' | 'controller-manager', number>>;
  /**
   * More nodes: one extra kubelet process per name, against the same Docker engine (each lists
   * only containers labelled with its node), with its own --root-dir and --port/--healthz-port
   * moved by 100 per node. Extra nodes run no kube-proxy. Process name: `kubelet-<node>`.
   */
  extraNodes?: string[];
}

/** The five components, in start order. */
export const COMPONENTS = ['apiserver', 'controller-manager', 'scheduler', 'kubelet', 'kube-proxy'] as const;
export type Component = (typeof COMPONENTS)[number];

/**
 * A whole tskube cluster from local processes: etcd, a Docker engine, the five components as
 * separate processes (each logging to `<home>/logs/<component>.log`), and a kubeconfig. The
 * shared engine of `npm start` and the e2e tests. Everything it starts it stops, by PID.
 */
export class LocalCluster {
  readonly home: string;
  readonly nodeName: string;
  readonly serviceClusterIpRange: string;
  readonly clusterCidr: string;
  readonly apiPort: number;
  readonly kubeconfig: string;
  readonly netns: NetworkNamespace | undefined;
  private readonly procs = new Map<string, ManagedProcess>();
  /** How each component was started, so restart() can start it again the same way. */
  private readonly started = new Map<Component, { flags: string[]; env: NodeJS.ProcessEnv | undefined }>();
  private readonly servers: net.Server[] = [];
  private dockerHostInUse = '';
  private createdNetns = false;

  constructor(private readonly opts: LocalClusterOptions) {
    this.home = opts.home;
    this.nodeName = opts.nodeName ?? 'tskube-node';
    this.serviceClusterIpRange = opts.serviceClusterIpRange ?? '10.96.0.0/12';
    this.clusterCidr = opts.clusterCidr ?? '172.17.0.0/16';
    this.apiPort = opts.apiPort ?? 8080;
    this.kubeconfig = join(this.home, 'kubeconfig');
    this.netns = opts.netns ? new NetworkNamespace(opts.netns) : undefined;
  }

  /** The Docker engine the kubelet drives (`unix://...`). */
  get dockerHost(): string {
    return this.dockerHostInUse;
  }

  /** The kubelet's static pod directory (`--pod-manifest-path`): drop pod manifests here. */
  get manifestsDir(): string {
    return join(this.home, 'manifests');
  }

  /** The unix socket that reaches the apiserver from the host namespace. */
  get apiSocket(): string {
    return join(this.home, 'run', 'apiserver.sock');
  }

  logFile(name: string): string {
    return join(this.home, 'logs', `${name}.log`);
  }

  /** Wraps a command to run where the cluster's network is (the netns, or as is). */
  wrap(argv: string[]): string[] {
    return this.netns ? this.netns.wrap(argv) : argv;
  }

  private say(msg: string): void {
    this.opts.log?.(msg);
  }

  private spawn(name: string, argv: string[], env: NodeJS.ProcessEnv = process.env): ManagedProcess {
    const p = new ManagedProcess({ name, argv: this.wrap(argv), logFile: this.logFile(name), env, cwd: this.opts.repoRoot });
    this.procs.set(name, p);
    return p;
  }

  private component(name: Component, flags: string[], env?: NodeJS.ProcessEnv): ManagedProcess {
    this.started.set(name, { flags, env });
    return this.app(name, name, [...flags, ...(this.opts.extraFlags?.[name] ?? [])], env);
  }

  /** Starts dist/apps/<app>/main.js as process `procName`. */
  private app(procName: string, app: Component, flags: string[], env?: NodeJS.ProcessEnv): ManagedProcess {
    const main = join(this.opts.repoRoot, 'dist', 'apps', app, 'main.js');
    return this.spawn(procName, [process.execPath, '--enable-source-maps', main, ...flags], env);
  }

  /** The extra scheduler/controller-manager replicas and the extra nodes' kubelets (see the options). */
  private startExtras(kc: string): void {
    const ports = { scheduler: 10259, 'controller-manager': 10257 } as const;
    for (const app of ['scheduler', 'controller-manager'] as const) {
      for (let i = 2; i <= (this.opts.replicas?.[app] ?? 1); i++) {
        this.app(`${app}-${i}`, app, [kc, `--secure-port=${ports[app] + 100 * (i - 1)}`, ...(this.opts.extraFlags?.[app] ?? [])]);
      }
    }
    (this.opts.extraNodes ?? []).forEach((node, i) => {
      const off = 100 * (i + 1);
      const flags = [kc, `--hostname-override=${node}`, '--pod-infra-container-image=tskube/pause:latest', `--root-dir=${join(this.home, `kubelet-${node}`)}`, `--port=${10250 + off}`, `--healthz-port=${10248 + off}`];
      this.app(`kubelet-${node}`, 'kubelet', [...flags, ...(this.opts.extraFlags?.kubelet ?? [])], { ...process.env, DOCKER_HOST: this.dockerHostInUse });
    });
  }

  /** Names of the processes currently managed (components, replicas, extra kubelets, etcd, dockerd). */
  processNames(): string[] {
    return [...this.procs.keys()];
  }

  /** True while the named process runs. */
  isRunning(procName: string): boolean {
    return this.procs.get(procName)?.running ?? false;
  }

  /** SIGKILLs one process by PID (a crash: no graceful shutdown, no lease release). */
  async kill(procName: string): Promise<void> {
    await this.procs.get(procName)?.kill();
  }

  private exitedComponent(): string | undefined {
    for (const p of this.procs.values()) if (!p.running) return `${p.name} exited; see ${this.logFile(p.name)}`;
    return undefined;
  }

  /** Starts everything and resolves once the node is Ready. On failure, stops what it started. */
  async start(): Promise<void> {
    try {
      await this.startUnsafe();
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  private async startUnsafe(): Promise<void> {
    for (const d of ['logs', 'run', 'manifests']) mkdirSync(join(this.home, d), { recursive: true });
    if (this.netns) {
      this.say(`network namespace ${this.netns.name}`);
      await this.netns.ensure();
      this.createdNetns = true;
      await this.netns.routeViaLoopback(this.serviceClusterIpRange);
    }

    const given = this.opts.dockerHost;
    const givenSocket = given ? socketOf(given) : undefined;
    if (given && (!givenSocket || (await pingDocker(givenSocket)))) {
      this.dockerHostInUse = given;
      this.say(`using the Docker engine at ${given}`);
    } else {
      const socket = join(this.home, 'run', 'docker.sock');
      this.say('starting a private Docker engine');
      this.procs.set('dockerd', await startDockerd({ dir: join(this.home, 'docker'), socket, logFile: this.logFile('dockerd'), ...(this.netns ? { netns: this.netns } : {}) }));
      this.dockerHostInUse = `unix://${socket}`;
      if (this.netns) {
        // The service range now leaves through Docker's bridge instead of lo: DNAT works either
        // way, but only through a real device does a REJECT (Service without endpoints) reach a
        // local client as "connection refused" instead of a timeout. Local clients then also use
        // the node address (docker0's) as source, which is inside the cluster CIDR.
        await this.netns.routeVia(this.serviceClusterIpRange, 'docker0');
      }
    }
    this.say('building the local images (tskube/pause, tskube/busybox, tskube/web)');
    await run(['bash', join(this.opts.repoRoot, 'scripts/images/build-test-images.sh')], { env: { ...process.env, DOCKER_HOST: this.dockerHostInUse } });

    this.say('starting etcd');
    this.procs.set('etcd', await startEtcd({ dataDir: join(this.home, 'etcd'), clientPort: 2379, peerPort: 2380, logFile: this.logFile('etcd'), ...(this.netns ? { netns: this.netns } : {}) }));

    this.say('starting the apiserver');
    this.component('apiserver', ['--etcd-servers=http://127.0.0.1:2379', `--service-cluster-ip-range=${this.serviceClusterIpRange}`, `--insecure-port=${this.apiPort}`, '--insecure-bind-address=127.0.0.1', ...serviceAccountKeyFlags(this.home)]);
    if (this.netns) {
      const fwd = join(this.opts.repoRoot, 'libs/local-cluster/src/forward-main.ts');
      this.spawn('api-forward', [process.execPath, '--import', 'tsx', fwd, `unix:${this.apiSocket}`, `127.0.0.1:${this.apiPort}`]);
    }
    await waitFor('the apiserver to be ready', async () => (await apiGet(this.apiTarget(), '/readyz')).status === 200, { timeoutMs: 60_000, abortIf: () => this.exitedComponent() });
    writeKubeconfig(this.kubeconfig, `http://127.0.0.1:${this.apiPort}`);

    const kc = `--kubeconfig=${this.kubeconfig}`;
    this.say('starting controller-manager, scheduler, kubelet and kube-proxy');
    this.component('controller-manager', [kc]);
    this.component('scheduler', [kc]);
    this.component('kubelet', [kc, `--hostname-override=${this.nodeName}`, '--pod-infra-container-image=tskube/pause:latest', `--root-dir=${join(this.home, 'kubelet')}`, `--pod-manifest-path=${this.manifestsDir}`, '--read-only-port=10255'], { ...process.env, DOCKER_HOST: this.dockerHostInUse });
    this.component('kube-proxy', [kc, `--hostname-override=${this.nodeName}`, `--cluster-cidr=${this.clusterCidr}`]);
    this.startExtras(kc);

    if (this.opts.hostApiPort !== undefined && this.netns) {
      this.servers.push(await forward({ host: '127.0.0.1', port: this.opts.hostApiPort }, { path: this.apiSocket }));
    }
    this.say(`waiting for node ${this.nodeName} to be Ready`);
    await waitFor(`node ${this.nodeName} to be Ready`, async () => {
      const r = await apiGet(this.apiTarget(), `/api/v1/nodes/${this.nodeName}`);
      return r.status === 200 && nodeIsReady(r.body);
    }, { timeoutMs: 90_000, intervalMs: 500, abortIf: () => this.exitedComponent() });
    for (const node of this.opts.extraNodes ?? []) {
      await waitFor(`node ${node} to be Ready`, async () => {
        const r = await apiGet(this.apiTarget(), `/api/v1/nodes/${node}`);
        return r.status === 200 && nodeIsReady(r.body);
      }, { timeoutMs: 60_000, intervalMs: 500, abortIf: () => this.exitedComponent() });
    }
  }

  /**
   * Stops one component (SIGTERM, by PID) and starts it again with the same flags; for the
   * apiserver, resolves once it answers /readyz again. Its log file is appended to.
   */
  async restart(name: Component): Promise<void> {
    const how = this.started.get(name);
    if (!how) throw new Error(`${name} was not started by this cluster`);
    await this.procs.get(name)?.stop(10_000);
    this.say(`restarting ${name}`);
    this.component(name, how.flags, how.env);
    if (name === 'apiserver') {
      await waitFor('the apiserver to be ready again', async () => (await apiGet(this.apiTarget(), '/readyz')).status === 200, { timeoutMs: 60_000, abortIf: () => this.exitedComponent() });
    }
  }

  /** Stops one component (SIGTERM, by PID) without starting it again; `restart(name)` brings it back. */
  async stopComponent(name: Component): Promise<void> {
    await this.procs.get(name)?.stop(10_000);
  }

  /** How this process reaches the apiserver: the unix bridge when namespaced, else TCP. */
  apiTarget(): { socketPath: string } | { host: string; port: number } {
    return this.netns ? { socketPath: this.apiSocket } : { host: '127.0.0.1', port: this.apiPort };
  }

  /** Stops every process it started (components first, then etcd, then dockerd) and the namespace. */
  async stop(): Promise<void> {
    for (const s of this.servers.splice(0)) s.close();
    const order = ['kube-proxy', 'kubelet', 'scheduler', 'controller-manager', 'api-forward', 'apiserver', 'etcd', 'dockerd'];
    for (const [name, p] of [...this.procs]) {
      if (order.includes(name)) continue; // extra replicas and nodes go first
      await p.stop(10_000);
      this.procs.delete(name);
    }
    for (const name of order) {
      const p = this.procs.get(name);
      if (p) await p.stop(name === 'dockerd' ? 20_000 : 10_000);
      this.procs.delete(name);
    }
    await unmountBelow(this.home);
    if (this.netns && this.createdNetns) await this.netns.delete();
  }
}

/**
 * Unmounts whatever is still mounted below `dir`, deepest first. dockerd leaves
 * `<exec-root>/netns/default` (a bind mount of the host's network namespace, made for
 * hostNetwork containers) behind when it stops, which would make the state directory
 * impossible to remove.
 */
export async function unmountBelow(dir: string): Promise<void> {
  let mounts: string;
  try {
    mounts = readFileSync('/proc/mounts', 'utf8');
  } catch {
    return; // not Linux: nothing of ours can be mounted
  }
  for (const line of mounts.split('\n').reverse()) {
    const target = line.split(' ')[1];
    if (target?.startsWith(`${dir}/`)) await run(['umount', target], { allowFail: true });
  }
}
