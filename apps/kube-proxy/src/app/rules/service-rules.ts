import { endpointChainName, externalChainName, serviceChainName } from './chain-names';
import { KUBE_EXTERNAL_SERVICES, KUBE_MARK_MASQ, KUBE_NODEPORTS, KUBE_SERVICES } from './jumps';
import { chainLine, LineBuffer } from './line-buffer';
import type { EndpointInfo, ServicePortInfo } from './types';
import { endpointString } from './types';

/** Rule-shaping options from the command line. */
export interface RulesConfig {
  /** `--cluster-cidr`: traffic to a cluster IP from outside it is masqueraded. '' = unknown. */
  clusterCIDR: string;
  /** `--masquerade-all`: masquerade all traffic to cluster IPs. */
  masqueradeAll: boolean;
  /**
   * `--nodeport-addresses`: CIDRs of the local addresses NodePorts answer on. Empty (default):
   * every local address except 127.0.0.0/8 (CVE-2020-8558); list 127.0.0.0/8 to allow localhost.
   */
  nodePortAddresses?: readonly string[];
}

/** The four buffers of one iptables-restore input. */
export interface RuleBuffers {
  filterChains: LineBuffer;
  filterRules: LineBuffer;
  natChains: LineBuffer;
  natRules: LineBuffer;
}

/** Upstream's probability for endpoint i of n: 1/(n-i), printed with 10 decimals. */
export function probability(remaining: number): string {
  return (1 / remaining).toFixed(10);
}

function protoArgs(sp: ServicePortInfo): string[] {
  const proto = sp.protocol.toLowerCase();
  return ['-m', proto, '-p', proto];
}

/** `-m <proto> -p <proto> -d <ip> --dport <port>` as upstream writes it. */
export function destArgs(sp: ServicePortInfo, ip = sp.clusterIP): string[] {
  return [...protoArgs(sp), '-d', ip, '--dport', String(sp.port)];
}

const comment = (text: string): string[] => ['-m', 'comment', '--comment', text];

/** The per-service chains a service port's rules use (none without endpoints). */
export function servicePortChains(sp: ServicePortInfo, eps: readonly EndpointInfo[]): string[] {
  if (eps.length === 0) return [];
  const hasExternal = sp.nodePort !== undefined || sp.externalIPs.length > 0;
  return [
    serviceChainName(sp.name, sp.protocol),
    ...(hasExternal ? [externalChainName(sp.name, sp.protocol)] : []),
    ...eps.map((ep) => endpointChainName(sp.name, sp.protocol, endpointString(ep))),
  ];
}

/** One service port's rendered lines, reused while its inputs are the same objects. */
interface Rendered {
  eps: readonly EndpointInfo[];
  cfg: RulesConfig;
  /** Entry rules (nat KUBE-SERVICES / KUBE-NODEPORTS) and REJECTs (filter). */
  natEntry: string[];
  filterEntry: string[];
  chains: string[];
  chainDecls: string[];
  chainRules: string[];
}
const rendered = new WeakMap<ServicePortInfo, Rendered>();

function render(sp: ServicePortInfo, eps: readonly EndpointInfo[], cfg: RulesConfig): Rendered {
  const hit = rendered.get(sp);
  if (hit && hit.eps === eps && hit.cfg === cfg) return hit;
  const entry: RuleBuffers = { filterChains: new LineBuffer(), filterRules: new LineBuffer(), natChains: new LineBuffer(), natRules: new LineBuffer() };
  writeServicePortUncached(entry, sp, eps, cfg, false);
  const full: RuleBuffers = { filterChains: new LineBuffer(), filterRules: new LineBuffer(), natChains: new LineBuffer(), natRules: new LineBuffer() };
  const chains = writeServicePortUncached(full, sp, eps, cfg, true);
  const r: Rendered = {
    eps, cfg, natEntry: entry.natRules.lines, filterEntry: entry.filterRules.lines, chains,
    chainDecls: full.natChains.lines, chainRules: full.natRules.lines.slice(entry.natRules.lines.length),
  };
  rendered.set(sp, r);
  return r;
}

/**
 * Writes one service port (see writeServicePortUncached), from a per-service-port cache: while
 * the ServicePortInfo, the endpoints array and the config are the same objects as last time,
 * the lines rendered then are reused (no hashing, no quoting: most of a sync's CPU time).
 */
export function writeServicePort(buf: RuleBuffers, sp: ServicePortInfo, eps: readonly EndpointInfo[], cfg: RulesConfig, writeChains: boolean): string[] {
  const r = render(sp, eps, cfg);
  for (const l of r.natEntry) buf.natRules.writeRaw(l);
  for (const l of r.filterEntry) buf.filterRules.writeRaw(l);
  if (writeChains) {
    for (const l of r.chainDecls) buf.natChains.writeRaw(l);
    for (const l of r.chainRules) buf.natRules.writeRaw(l);
  }
  return r.chains;
}

/** The chains of a service port, from the same cache as writeServicePort. */
export function cachedServicePortChains(sp: ServicePortInfo, eps: readonly EndpointInfo[], cfg: RulesConfig): readonly string[] {
  return render(sp, eps, cfg).chains;
}

/**
 * Writes one service port. Always: its entry rules in the shared chains (nat KUBE-SERVICES for
 * the cluster IP and external IPs, nat KUBE-NODEPORTS for the node port; or, with no ready
 * endpoints, REJECTs in filter KUBE-SERVICES / KUBE-EXTERNAL-SERVICES). When `writeChains`:
 * its own chains too, declared (so created or flushed) and filled: `KUBE-SVC-` (masquerade of
 * off-cluster sources, session affinity, random balancing), `KUBE-EXT-` (masquerade, then the
 * SVC chain) when it has a node port or external IPs, and one `KUBE-SEP-` per endpoint
 * (hairpin masquerade, DNAT). Returns the own chains the rules need (written or not).
 */
function writeServicePortUncached(buf: RuleBuffers, sp: ServicePortInfo, eps: readonly EndpointInfo[], cfg: RulesConfig, writeChains: boolean): string[] {
  const { natRules, filterRules } = buf;
  const svcChain = serviceChainName(sp.name, sp.protocol);
  const extChain = externalChainName(sp.name, sp.protocol);
  const hasExternal = sp.nodePort !== undefined || sp.externalIPs.length > 0;
  if (eps.length === 0) {
    filterRules.write('-A', KUBE_SERVICES, ...comment(`${sp.name} has no endpoints`), ...destArgs(sp), '-j', 'REJECT', '--reject-with', 'icmp-port-unreachable');
    for (const ip of sp.externalIPs) filterRules.write('-A', KUBE_EXTERNAL_SERVICES, ...comment(`${sp.name} has no endpoints`), ...destArgs(sp, ip), '-j', 'REJECT', '--reject-with', 'icmp-port-unreachable');
    if (sp.nodePort !== undefined) filterRules.write('-A', KUBE_EXTERNAL_SERVICES, ...comment(`${sp.name} has no endpoints`), '-m', 'addrtype', '--dst-type', 'LOCAL', ...protoArgs(sp), '--dport', String(sp.nodePort), '-j', 'REJECT', '--reject-with', 'icmp-port-unreachable');
    return [];
  }
  const clusterComment = comment(`${sp.name} cluster IP`);
  natRules.write('-A', KUBE_SERVICES, ...clusterComment, ...destArgs(sp), '-j', svcChain);
  for (const ip of sp.externalIPs) natRules.write('-A', KUBE_SERVICES, ...comment(`${sp.name} external IP`), ...destArgs(sp, ip), '-j', extChain);
  if (sp.nodePort !== undefined) natRules.write('-A', KUBE_NODEPORTS, ...comment(sp.name), ...protoArgs(sp), '--dport', String(sp.nodePort), '-j', extChain);

  const chains = servicePortChains(sp, eps);
  if (!writeChains) return chains;
  const seps = eps.map((ep) => ({ ep, ipPort: endpointString(ep), chain: endpointChainName(sp.name, sp.protocol, endpointString(ep)) }));

  for (const c of chains) buf.natChains.writeRaw(chainLine(c));
  if (cfg.masqueradeAll) natRules.write('-A', svcChain, ...clusterComment, ...destArgs(sp), '-j', KUBE_MARK_MASQ);
  else if (cfg.clusterCIDR) natRules.write('-A', svcChain, ...clusterComment, ...destArgs(sp), '!', '-s', cfg.clusterCIDR, '-j', KUBE_MARK_MASQ);
  if (hasExternal) {
    natRules.write('-A', extChain, ...comment(`masquerade traffic for ${sp.name} external destinations`), '-j', KUBE_MARK_MASQ);
    natRules.write('-A', extChain, '-j', svcChain);
  }
  const affinity = sp.sessionAffinity.type === 'ClientIP' ? sp.sessionAffinity : undefined;
  if (affinity) {
    for (const { ipPort, chain } of seps) {
      natRules.write('-A', svcChain, ...comment(`${sp.name} -> ${ipPort}`), '-m', 'recent', '--name', chain, '--rcheck', '--seconds', String(affinity.timeoutSeconds), '--reap', '-j', chain);
    }
  }
  seps.forEach(({ ipPort, chain }, i) => {
    const balance = i < seps.length - 1 ? ['-m', 'statistic', '--mode', 'random', '--probability', probability(seps.length - i)] : [];
    natRules.write('-A', svcChain, ...comment(`${sp.name} -> ${ipPort}`), ...balance, '-j', chain);
  });
  for (const { ep, ipPort, chain } of seps) {
    // Hairpin: a backend reaching itself through the service must be masqueraded.
    natRules.write('-A', chain, ...comment(sp.name), '-s', ep.ip, '-j', KUBE_MARK_MASQ);
    const recent = affinity ? ['-m', 'recent', '--name', chain, '--set'] : [];
    natRules.write('-A', chain, ...comment(sp.name), ...recent, ...protoArgs(sp), '-j', 'DNAT', '--to-destination', ipPort);
  }
  return chains;
}
