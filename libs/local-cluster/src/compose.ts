import { run, waitFor } from '@tskube/processes';

/** One service's container as `docker ps` reports it. */
export interface ComposeContainer {
  service: string;
  /** running, exited, restarting, ... */
  state: string;
  /** healthy, unhealthy, starting, or none (no health check). */
  health: 'healthy' | 'unhealthy' | 'starting' | 'none';
}

/**
 * Parses `docker ps --format '{{.Label "com.docker.compose.service"}}\t{{.State}}\t{{.Status}}'`
 * lines. Health comes from the status text ("Up 5 seconds (healthy)"), the same in every Docker
 * version, where `.State` is only running/exited.
 */
export function parseComposePs(out: string): ComposeContainer[] {
  return out
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const [service = '', state = '', status = ''] = l.split('\t');
      const m = /\((healthy|unhealthy|health: starting)\)/.exec(status);
      const health = !m ? 'none' : m[1] === 'health: starting' ? 'starting' : (m[1] as 'healthy' | 'unhealthy');
      return { service, state, health };
    });
}

/** True when every service in `want` has a running container that is healthy (or has no health check). */
export function allHealthy(containers: ComposeContainer[], want: string[]): boolean {
  return want.every((s) => containers.some((c) => c.service === s && c.state === 'running' && (c.health === 'healthy' || c.health === 'none')));
}

/**
 * The compose CLI to use: TSKUBE_COMPOSE when set ("docker compose" or "docker-compose"),
 * else `docker compose` (the v2 plugin) when it answers, else Debian's `docker-compose` (1.29).
 */
export async function composeCli(env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const forced = env['TSKUBE_COMPOSE'];
  if (forced) return forced.split(' ').filter(Boolean);
  if ((await run(['docker', 'compose', 'version'], { allowFail: true, env })).code === 0) return ['docker', 'compose'];
  return ['docker-compose'];
}

export interface ComposeProjectOptions {
  /** Compose files, in override order (`-f` each). */
  files: string[];
  /** Project name (`-p`): container and volume names, and the label `docker ps` filters on. */
  project: string;
  /** Environment for the CLI: DOCKER_HOST and the files' variables. */
  env: NodeJS.ProcessEnv;
  /** The CLI argv prefix (see composeCli). */
  cli: string[];
}

/** A compose project driven through the real CLI (either one), with health waits via `docker ps`. */
export class ComposeProject {
  constructor(private readonly o: ComposeProjectOptions) {}

  /** Runs `<cli> -p <project> -f <file>... <args>`; rejects on a non-zero exit. */
  run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return run([...this.o.cli, '-p', this.o.project, ...this.o.files.flatMap((f) => ['-f', f]), ...args], { env: this.o.env });
  }

  up(services: string[] = []): Promise<unknown> {
    return this.run(['up', '-d', ...services]);
  }

  /** `down` (containers removed; named volumes kept unless `volumes`). */
  down(opts: { volumes?: boolean } = {}): Promise<unknown> {
    return this.run(['down', ...(opts.volumes ? ['-v'] : [])]);
  }

  /** The project's containers, as parsed by parseComposePs. */
  async containers(): Promise<ComposeContainer[]> {
    const fmt = '{{.Label "com.docker.compose.service"}}\t{{.State}}\t{{.Status}}';
    const r = await run(['docker', 'ps', '-a', '--filter', `label=com.docker.compose.project=${this.o.project}`, '--format', fmt], { env: this.o.env });
    return parseComposePs(r.stdout);
  }

  /** Waits until every service in `services` runs and is healthy. */
  async waitHealthy(services: string[], timeoutMs: number): Promise<void> {
    let last: ComposeContainer[] = [];
    try {
      await waitFor(`services ${services.join(', ')} to be healthy`, async () => allHealthy((last = await this.containers()), services), { timeoutMs, intervalMs: 1000 });
    } catch (err) {
      throw new Error(`${err instanceof Error ? err.message : String(err)}; last seen: ${JSON.stringify(last)}`);
    }
  }
}
