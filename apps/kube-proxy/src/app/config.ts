import type { FlagSpec, FlagValues } from '@tskube/component-base';
import { FlagError } from '@tskube/component-base';
import { parseDuration } from './duration';

/** kube-proxy's flags, named and defaulted as upstream. */
export const FLAGS = {
  master: { type: 'string', default: '', help: 'The address of the Kubernetes API server (overrides any value in kubeconfig)' },
  kubeconfig: { type: 'string', default: '', help: 'Path to kubeconfig file with authorization information' },
  'hostname-override': { type: 'string', default: '', help: 'If non-empty, will use this string as identification instead of the actual hostname' },
  'cluster-cidr': { type: 'string', default: '', help: 'The CIDR range of pods in the cluster; traffic to service IPs from outside it is masqueraded' },
  'masquerade-all': { type: 'boolean', default: false, help: 'SNAT all traffic sent via Service cluster IPs' },
  'healthz-bind-address': { type: 'string', default: '0.0.0.0:10256', help: 'The IP address with port for the health check server to serve on (empty to disable)' },
  'metrics-bind-address': { type: 'string', default: '127.0.0.1:10249', help: 'The IP address with port for the metrics server to serve on (empty to disable)' },
  'iptables-sync-period': { type: 'string', default: '30s', help: 'The maximum interval of how often iptables rules are refreshed (e.g. 5s, 1m, 2h22m)' },
  'iptables-min-sync-period': { type: 'string', default: '1s', help: 'The minimum interval of how often iptables rules can be refreshed as endpoints and services change (e.g. 500ms, 1s)' },
  'nodeport-addresses': { type: 'string', default: '', help: 'Comma-separated CIDRs of the local addresses NodePorts answer on (default: every local address but 127.0.0.0/8; list 127.0.0.0/8 to allow localhost)' },
  cleanup: { type: 'boolean', default: false, help: 'If true cleanup iptables rules and exit' },
} satisfies Record<string, FlagSpec>;

/** The effective configuration of one kube-proxy. */
export interface ProxyConfig {
  master: string;
  kubeconfig: string;
  hostnameOverride: string;
  clusterCIDR: string;
  masqueradeAll: boolean;
  /** `host:port`, or '' for none. */
  healthzBindAddress: string;
  metricsBindAddress: string;
  syncPeriodMs: number;
  minSyncPeriodMs: number;
  /** `--nodeport-addresses` as CIDRs ([] = every non-loopback local address). */
  nodePortAddresses: string[];
  cleanup: boolean;
  /** Prepended to iptables commands (tests: `nsenter --net=...`); not a flag. */
  iptablesCommandPrefix: string[];
}

/** Upstream defaults. */
export function defaults(): ProxyConfig {
  return {
    master: '', kubeconfig: '', hostnameOverride: '', clusterCIDR: '', masqueradeAll: false,
    healthzBindAddress: '0.0.0.0:10256', metricsBindAddress: '127.0.0.1:10249',
    syncPeriodMs: 30_000, minSyncPeriodMs: 1000, nodePortAddresses: [], cleanup: false, iptablesCommandPrefix: [],
  };
}

const CIDR4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

function duration(flag: string, value: string): number {
  try {
    return parseDuration(value);
  } catch (err) {
    throw new FlagError(`kube-proxy: invalid value "${value}" for flag --${flag}: ${(err as Error).message}`);
  }
}

/** Turns parsed flags into a config, validating durations, the CIDR and bind addresses. */
export function configFromFlags(f: FlagValues<typeof FLAGS>): ProxyConfig {
  const cfg: ProxyConfig = {
    ...defaults(),
    master: f.master,
    kubeconfig: f.kubeconfig,
    hostnameOverride: f['hostname-override'],
    clusterCIDR: f['cluster-cidr'],
    masqueradeAll: f['masquerade-all'],
    healthzBindAddress: f['healthz-bind-address'],
    metricsBindAddress: f['metrics-bind-address'],
    syncPeriodMs: duration('iptables-sync-period', f['iptables-sync-period']),
    minSyncPeriodMs: duration('iptables-min-sync-period', f['iptables-min-sync-period']),
    nodePortAddresses: f['nodeport-addresses'].split(',').map((c) => c.trim()).filter(Boolean),
    cleanup: f.cleanup,
  };
  if (cfg.syncPeriodMs <= 0) throw new FlagError('kube-proxy: --iptables-sync-period must be greater than 0');
  if (cfg.minSyncPeriodMs < 0) throw new FlagError('kube-proxy: --iptables-min-sync-period must be >= 0');
  const m = CIDR4.exec(cfg.clusterCIDR);
  if (cfg.clusterCIDR && (!m || m.slice(1, 5).some((o) => Number(o) > 255) || Number(m[5]) > 32)) {
    throw new FlagError(`kube-proxy: invalid value "${cfg.clusterCIDR}" for flag --cluster-cidr: not an IPv4 CIDR`);
  }
  for (const c of cfg.nodePortAddresses) {
    const n = CIDR4.exec(c);
    if (!n || n.slice(1, 5).some((o) => Number(o) > 255) || Number(n[5]) > 32) throw new FlagError(`kube-proxy: invalid value "${c}" for flag --nodeport-addresses: not an IPv4 CIDR`);
  }
  for (const [flag, v] of [['healthz-bind-address', cfg.healthzBindAddress], ['metrics-bind-address', cfg.metricsBindAddress]] as const) {
    if (v !== '') splitHostPort(v, flag);
  }
  return cfg;
}

/** `host:port` → parts; throws a FlagError naming `flag` on a bad value. */
export function splitHostPort(addr: string, flag: string): { host: string; port: number } {
  const i = addr.lastIndexOf(':');
  const host = addr.slice(0, i).replace(/^\[(.*)\]$/, '$1');
  const port = Number(addr.slice(i + 1));
  if (i < 0 || !Number.isInteger(port) || port < 0 || port > 65535) throw new FlagError(`kube-proxy: invalid value "${addr}" for flag --${flag}: want host:port`);
  return { host: host || '0.0.0.0', port };
}
