import { existsSync } from 'node:fs';
import { run } from '@tskube/processes';

/**
 * An isolated network namespace for the node side of a local cluster (dockerd, pods,
 * kube-proxy's iptables). It has only loopback and the Docker bridge, and no default route,
 * so traffic that misses a DNAT fails at once instead of leaving the machine.
 */
export class NetworkNamespace {
  constructor(readonly name: string) {}

  get path(): string {
    return `/var/run/netns/${this.name}`;
  }

  /** Creates the namespace (if missing) with loopback up. */
  async ensure(): Promise<void> {
    if (!existsSync(this.path)) await run(['ip', 'netns', 'add', this.name]);
    await run(['ip', '-n', this.name, 'link', 'set', 'lo', 'up']);
  }

  /**
   * Wraps a command so it runs inside the namespace. nsenter (not `ip netns exec`, which
   * remounts /sys and breaks dockerd's cgroup detection).
   */
  wrap(argv: string[]): string[] {
    return ['nsenter', `--net=${this.path}`, ...argv];
  }

  /** Routes `cidr` via loopback so locally-originated packets to ClusterIPs reach OUTPUT DNAT. */
  async routeViaLoopback(cidr: string): Promise<void> {
    await run(['ip', '-n', this.name, 'route', 'replace', cidr, 'dev', 'lo']);
  }

  /** Routes `cidr` out of `dev` inside the namespace (replacing any route for it). */
  async routeVia(cidr: string, dev: string): Promise<void> {
    await run(['ip', '-n', this.name, 'route', 'replace', cidr, 'dev', dev]);
  }

  /** Sets a sysctl inside the namespace (net.* sysctls are per namespace). */
  async sysctl(key: string, value: string): Promise<void> {
    // /proc/sys/net follows the network namespace of the process that opens it.
    const file = `/proc/sys/${key.replace(/\./g, '/')}`;
    await run(this.wrap(['sh', '-c', `echo ${value} > ${file}`]));
  }

  async delete(): Promise<void> {
    if (existsSync(this.path)) await run(['ip', 'netns', 'delete', this.name], { allowFail: true });
  }
}
