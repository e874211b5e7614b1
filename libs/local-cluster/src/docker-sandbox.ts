import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { run, type ManagedProcess } from '@tskube/processes';
import { NetworkNamespace } from './netns';
import { startDockerd } from './docker-engine';
import { unmountBelow } from './local-cluster';

export interface DockerSandboxOptions {
  /** State directory: Docker's data/exec roots, its socket, logs/dockerd.log, shared dirs. */
  home: string;
  /** Network namespace to create (no default route); everything the engine runs lives in it. */
  netns: string;
  /** Routed out of docker0 inside the namespace once the engine is up, so ClusterIPs reach kube-proxy's DNAT. */
  serviceCidr?: string;
  log?: (msg: string) => void;
}

/**
 * A private Docker engine in its own network namespace, for tests that run the cluster AS
 * CONTAINERS (docker compose, the static-pod bootstrap): containers with `network_mode: host`
 * share the namespace, never the machine's network. The engine can be restarted in place
 * (same data root: containers with a restart policy come back). stop() stops the engine by PID,
 * unmounts what is left below `home` and deletes the namespace.
 */
export class DockerSandbox {
  readonly netns: NetworkNamespace;
  readonly socket: string;
  private dockerd: ManagedProcess | undefined;

  constructor(private readonly opts: DockerSandboxOptions) {
    this.netns = new NetworkNamespace(opts.netns);
    this.socket = join(opts.home, 'run', 'docker.sock');
  }

  /** `unix://...` of the private engine. */
  get dockerHost(): string {
    return `unix://${this.socket}`;
  }

  /** The environment for docker/compose CLIs: this process's, with DOCKER_HOST set to the engine. */
  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return { ...process.env, DOCKER_HOST: this.dockerHost, ...extra };
  }

  logFile(name: string): string {
    return join(this.opts.home, 'logs', `${name}.log`);
  }

  /** Creates the namespace and starts the engine. */
  async start(): Promise<void> {
    mkdirSync(join(this.opts.home, 'run'), { recursive: true });
    await this.netns.ensure();
    await this.startEngine();
  }

  private async startEngine(): Promise<void> {
    this.opts.log?.('starting the private Docker engine');
    this.dockerd = await startDockerd({ dir: join(this.opts.home, 'docker'), socket: this.socket, netns: this.netns, logFile: this.logFile('dockerd') });
    if (this.opts.serviceCidr) await this.netns.routeVia(this.opts.serviceCidr, 'docker0');
  }

  /** Stops the engine (SIGTERM: it stops its containers) and starts it again on the same data root. */
  async restartEngine(): Promise<void> {
    this.opts.log?.('stopping the private Docker engine');
    await this.dockerd?.stop(60_000);
    await this.startEngine();
  }

  /**
   * Creates `dir` as a shared mount point (a bind mount of itself, made rshared), so that
   * containers may bind it with `propagation: rshared` even where / is a private mount.
   */
  async sharedDir(dir: string): Promise<string> {
    mkdirSync(dir, { recursive: true });
    await run(['mount', '--bind', dir, dir]);
    await run(['mount', '--make-rshared', dir]);
    return dir;
  }

  /** Runs a command inside the namespace to completion (curl, kubectl). */
  exec(argv: string[], opts: { env?: NodeJS.ProcessEnv; input?: string; allowFail?: boolean } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
    return run(this.netns.wrap(argv), opts);
  }

  /** The docker CLI against the private engine. */
  docker(args: string[], opts: { allowFail?: boolean } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
    return run(['docker', ...args], { env: this.env(), ...opts });
  }

  /** Removes every container, stops the engine, unmounts what is below `home`, deletes the namespace. */
  async stop(): Promise<void> {
    if (this.dockerd?.running) {
      const ids = (await this.docker(['ps', '-aq'], { allowFail: true })).stdout.split('\n').filter(Boolean);
      if (ids.length) await this.docker(['rm', '-f', ...ids], { allowFail: true });
      await this.dockerd.stop(60_000);
    }
    await unmountBelow(this.opts.home);
    await this.netns.delete();
  }
}
