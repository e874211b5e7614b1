import { execFile } from 'node:child_process';
import type { Logger } from '@tskube/component-base';
import type { EndpointInfo, ServicePortInfo } from './rules/types';

/** What a sync left programmed for one UDP service port (input of the next stale-flow check). */
export interface UdpPortState {
  sp: ServicePortInfo;
  eps: readonly EndpointInfo[];
}

/**
 * The `conntrack -D` filters that clear stale UDP flows between two syncs (UDP has no
 * connection end, so conntrack would keep sending a client to a removed backend, or keep a
 * cached REJECT after the first backend appears), as upstream's conntrack cleanup:
 * - an endpoint (`ip:port`) gone: flows NATed to it through the cluster IP, each external IP and the node port;
 * - a service port that had no endpoints and now has some: every flow to its cluster IP / node port.
 */
export function staleUdpFilters(prev: ReadonlyMap<string, UdpPortState>, next: ReadonlyMap<string, UdpPortState>): string[][] {
  const out: string[][] = [];
  for (const [name, before] of prev) {
    const now = next.get(name);
    const keep = new Set((now?.eps ?? []).map((e) => `${e.ip}:${e.port}`));
    for (const ep of before.eps) {
      if (keep.has(`${ep.ip}:${ep.port}`)) continue;
      for (const ip of [before.sp.clusterIP, ...before.sp.externalIPs]) out.push(['-p', 'udp', '--orig-dst', ip, '--dst-nat', ep.ip]);
      if (before.sp.nodePort !== undefined) out.push(['-p', 'udp', '--dport', String(before.sp.nodePort), '--dst-nat', ep.ip]);
    }
  }
  for (const [name, now] of next) {
    if (now.eps.length === 0 || (prev.get(name)?.eps.length ?? 0) > 0) continue;
    for (const ip of [now.sp.clusterIP, ...now.sp.externalIPs]) out.push(['-p', 'udp', '--orig-dst', ip]);
    if (now.sp.nodePort !== undefined) out.push(['-p', 'udp', '--dport', String(now.sp.nodePort)]);
  }
  const seen = new Set<string>();
  return out.filter((f) => !seen.has(f.join(' ')) && seen.add(f.join(' ')));
}

/** Deletes conntrack entries; implemented over the `conntrack` tool (package `conntrack`). */
export interface Conntrack {
  /** Runs `conntrack -D <filter>`; resolves when done (no matching entry is not an error). */
  deleteFlows(filter: string[]): Promise<void>;
}

/**
 * `conntrack -D` through the binary. When the tool is missing, logs once (stale UDP flows then
 * linger until they time out) and does nothing.
 */
export class ExecConntrack implements Conntrack {
  private missingLogged = false;

  constructor(
    private readonly logger: Logger,
    private readonly prefix: string[] = [],
    private readonly binary = 'conntrack',
  ) {}

  deleteFlows(filter: string[]): Promise<void> {
    const argv = [...this.prefix, this.binary, '-D', ...filter];
    return new Promise((resolve) => {
      execFile(argv[0]!, argv.slice(1), { timeout: 10_000 }, (err, _stdout, stderr) => {
        const code = (err as { code?: unknown } | null)?.code;
        if (code === 'ENOENT' || /No such file or directory|command not found/.test(stderr)) {
          if (!this.missingLogged) this.logger.warn('conntrack tool not found (install package "conntrack"); stale UDP flows are not cleared', { filter: filter.join(' ') });
          this.missingLogged = true;
        } else if (err && !/0 flow entries have been deleted/.test(stderr)) {
          this.logger.warn('conntrack -D failed', { filter: filter.join(' '), err: stderr.trim() || err.message });
        }
        resolve();
      });
    });
  }
}
