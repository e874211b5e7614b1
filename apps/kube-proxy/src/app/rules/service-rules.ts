import { endpointChainName, EXTERNAL_CHAIN_PREFIX, SERVICE_CHAIN_PREFIX, serviceChainName } from './chain-names';
import { KUBE_EXTERNAL_SERVICES, KUBE_MARK_MASQ, KUBE_NODEPORTS, KUBE_SERVICES } from './jumps';
import { quoteArg } from '../iptables/tokenize';
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

/** `-m comment --comment <text>` as one string, quoted as needed. */
const comment = (text: string): string => `-m comment --comment ${quoteArg(text)}`;

/**
 * Upstream's largeClusterEndpointsThreshold: above this many endpoints in total, the rules of the
 * KUBE-SEP- chains and the KUBE-SVC- → KUBE-SEP- jumps carry no comment (upstream's
 * largeClusterMode: the text, and the kernel's table, shrink by a third).
 */
export const LARGE_CLUSTER_ENDPOINTS = 1000;

/** A service port's chain names, each hashed once per render. */
interface PortNames {
  svc: string;
  /** `KUBE-EXT-` + the same hash as `svc`. */
  ext: string;
  seps: { ep: EndpointInfo; ipPort: string; chain: string }[];
}

function portNames(sp: ServicePortInfo, eps: readonly EndpointInfo[]): PortNames {
  const svc = serviceChainName(sp.name, sp.protocol);
  const seps = eps.map((ep) => {
    const ipPort = endpointString(ep);
    return { ep, ipPort, chain: endpointChainName(sp.name, sp.protocol, ipPort) };
  });
  return { svc, ext: EXTERNAL_CHAIN_PREFIX + svc.slice(SERVICE_CHAIN_PREFIX.length), seps };
}

/** The per-service chains a service port's rules use (none without endpoints). */
export function servicePortChains(sp: ServicePortInfo, eps: readonly EndpointInfo[], names = portNames(sp, eps)): string[] {
  if (eps.length === 0) return [];
  const hasExternal = sp.nodePort !== undefined || sp.externalIPs.length > 0;
  return [names.svc, ...(hasExternal ? [names.ext] : []), ...names.seps.map((s) => s.chain)];
}

/** One service port's rendered lines, reused while its inputs are the same objects. */
interface Rendered {
  eps: readonly EndpointInfo[];
  cfg: RulesConfig;
  largeCluster: boolean;
  /** Entry rules (nat KUBE-SERVICES / KUBE-NODEPORTS) and REJECTs (filter). */
  natEntry: string[];
  filterEntry: string[];
  chains: string[];
  chainDecls: string[];
  chainRules: string[];
  key: string;
  sortKey: string;
}
const rendered = new WeakMap<ServicePortInfo, Rendered>();

function render(sp: ServicePortInfo, eps: readonly EndpointInfo[], cfg: RulesConfig, largeCluster: boolean): Rendered {
  const hit = rendered.get(sp);
  if (hit && hit.eps === eps && hit.cfg === cfg && hit.largeCluster === largeCluster) return hit;
  const buf: RuleBuffers = { filterChains: new LineBuffer(), filterRules: new LineBuffer(), natChains: new LineBuffer(), natRules: new LineBuffer() };
  const names = portNames(sp, eps);
  const entryCount = writeEntryRules(buf, sp, eps, names);
  const chains = writeOwnChains(buf, sp, eps, cfg, largeCluster, names);
  const r: Rendered = {
    eps, cfg, largeCluster, natEntry: buf.natRules.lines.slice(0, entryCount), filterEntry: buf.filterRules.lines, chains,
    chainDecls: buf.natChains.lines, chainRules: buf.natRules.lines.slice(entryCount), key: `${sp.name} ${sp.protocol}`, sortKey: names.svc,
  };
  rendered.set(sp, r);
  return r;
}

/**
 * Writes one service port (its entry rules; with `writeChains` also its own chain rules; the
 * chain declarations are returned, not written, so the caller can order them) from a
 * per-service-port cache: while the ServicePortInfo, the endpoints array, the config and the
 * large-cluster mode are the same as last time, the lines rendered then are reused (no hashing,
 * no quoting: most of a sync's CPU time). Returns the port's own chains and their declarations.
 */
export function writeServicePort(buf: RuleBuffers, sp: ServicePortInfo, eps: readonly EndpointInfo[], cfg: RulesConfig, writeChains: boolean, largeCluster = false): { chains: readonly string[]; chainDecls: readonly string[] } {
  const r = render(sp, eps, cfg, largeCluster);
  // every cached nat/filter line is an `-A` rule
  buf.natRules.writeRules(r.natEntry);
  buf.filterRules.writeRules(r.filterEntry);
  if (writeChains) buf.natRules.writeRules(r.chainRules);
  return r;
}

/**
 * A service port's cached identity: `key` (`<name> <protocol>`, the ChainsByPort key), its own
 * chains (the same array object while the port's inputs are unchanged) and `sortKey` (its
 * KUBE-SVC- chain name: the order generateRules writes ports in). Same cache as writeServicePort.
 */
export function renderedPort(sp: ServicePortInfo, eps: readonly EndpointInfo[], cfg: RulesConfig, largeCluster = false): { key: string; chains: readonly string[]; sortKey: string } {
  return render(sp, eps, cfg, largeCluster);
}

/**
 * The entry rules of one service port in the shared chains: nat KUBE-SERVICES for the cluster IP
 * and external IPs, nat KUBE-NODEPORTS for the node port; or, with no ready endpoints, REJECTs in
 * filter KUBE-SERVICES / KUBE-EXTERNAL-SERVICES. Returns the number of nat lines written.
 */
function writeEntryRules(buf: RuleBuffers, sp: ServicePortInfo, eps: readonly EndpointInfo[], names: PortNames): number {
  const { natRules, filterRules } = buf;
  const proto = sp.protocol.toLowerCase();
  const dest = (ip: string): string => `-m ${proto} -p ${proto} -d ${ip} --dport ${sp.port}`;
  if (eps.length === 0) {
    const reject = `${comment(`${sp.name} has no endpoints`)}`;
    filterRules.writeRaw(`-A ${KUBE_SERVICES} ${reject} ${dest(sp.clusterIP)} -j REJECT --reject-with icmp-port-unreachable`);
    for (const ip of sp.externalIPs) filterRules.writeRaw(`-A ${KUBE_EXTERNAL_SERVICES} ${reject} ${dest(ip)} -j REJECT --reject-with icmp-port-unreachable`);
    if (sp.nodePort !== undefined) filterRules.writeRaw(`-A ${KUBE_EXTERNAL_SERVICES} ${reject} -m addrtype --dst-type LOCAL -m ${proto} -p ${proto} --dport ${sp.nodePort} -j REJECT --reject-with icmp-port-unreachable`);
    return 0;
  }
  const { svc: svcChain, ext: extChain } = names;
  natRules.writeRaw(`-A ${KUBE_SERVICES} ${comment(`${sp.name} cluster IP`)} ${dest(sp.clusterIP)} -j ${svcChain}`);
  for (const ip of sp.externalIPs) natRules.writeRaw(`-A ${KUBE_SERVICES} ${comment(`${sp.name} external IP`)} ${dest(ip)} -j ${extChain}`);
  if (sp.nodePort !== undefined) natRules.writeRaw(`-A ${KUBE_NODEPORTS} ${comment(sp.name)} -m ${proto} -p ${proto} --dport ${sp.nodePort} -j ${extChain}`);
  return 1 + sp.externalIPs.length + (sp.nodePort !== undefined ? 1 : 0);
}

/**
 * The own chains of one service port (none without endpoints), declared in `buf.natChains` and
 * filled in `buf.natRules`: `KUBE-SVC-` (masquerade of off-cluster sources, session affinity,
 * random balancing), `KUBE-EXT-` (masquerade, then the SVC chain) when it has a node port or
 * external IPs, and one `KUBE-SEP-` per endpoint (hairpin masquerade, DNAT). In `largeCluster`
 * mode the SEP rules and the SVC → SEP jumps carry no comment (upstream). Returns the chains.
 */
function writeOwnChains(buf: RuleBuffers, sp: ServicePortInfo, eps: readonly EndpointInfo[], cfg: RulesConfig, largeCluster: boolean, names: PortNames): string[] {
  const chains = servicePortChains(sp, eps, names);
  if (chains.length === 0) return chains;
  const { natRules } = buf;
  const proto = sp.protocol.toLowerCase();
  const { svc: svcChain, ext: extChain } = names;
  const hasExternal = sp.nodePort !== undefined || sp.externalIPs.length > 0;
  const seps = names.seps.map((s) => ({ ...s, cmt: largeCluster ? '' : `${comment(`${sp.name} -> ${s.ipPort}`)} ` }));
  const sepComment = largeCluster ? '' : `${comment(sp.name)} `;

  for (const c of chains) buf.natChains.writeRaw(chainLine(c));
  const clusterRule = `-A ${svcChain} ${comment(`${sp.name} cluster IP`)} -m ${proto} -p ${proto} -d ${sp.clusterIP} --dport ${sp.port}`;
  if (cfg.masqueradeAll) natRules.writeRaw(`${clusterRule} -j ${KUBE_MARK_MASQ}`);
  else if (cfg.clusterCIDR) natRules.writeRaw(`${clusterRule} ! -s ${cfg.clusterCIDR} -j ${KUBE_MARK_MASQ}`);
  if (hasExternal) {
    natRules.writeRaw(`-A ${extChain} ${comment(`masquerade traffic for ${sp.name} external destinations`)} -j ${KUBE_MARK_MASQ}`);
    natRules.writeRaw(`-A ${extChain} -j ${svcChain}`);
  }
  const affinity = sp.sessionAffinity.type === 'ClientIP' ? sp.sessionAffinity : undefined;
  if (affinity) {
    for (const { cmt, chain } of seps) natRules.writeRaw(`-A ${svcChain} ${cmt}-m recent --name ${chain} --rcheck --seconds ${affinity.timeoutSeconds} --reap -j ${chain}`);
  }
  seps.forEach(({ cmt, chain }, i) => {
    const balance = i < seps.length - 1 ? `-m statistic --mode random --probability ${probability(seps.length - i)} ` : '';
    natRules.writeRaw(`-A ${svcChain} ${cmt}${balance}-j ${chain}`);
  });
  for (const { ep, ipPort, chain } of seps) {
    // Hairpin: a backend reaching itself through the service must be masqueraded.
    natRules.writeRaw(`-A ${chain} ${sepComment}-s ${ep.ip} -j ${KUBE_MARK_MASQ}`);
    const recent = affinity ? `-m recent --name ${chain} --set ` : '';
    natRules.writeRaw(`-A ${chain} ${sepComment}${recent}-m ${proto} -p ${proto} -j DNAT --to-destination ${ipPort}`);
  }
  return chains;
}
