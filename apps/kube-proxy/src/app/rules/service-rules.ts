import { endpointChainName, EXTERNAL_CHAIN_PREFIX, SERVICE_CHAIN_PREFIX, serviceChainName } from './chain-names';
import { KUBE_EXTERNAL_SERVICES, KUBE_MARK_MASQ, KUBE_NODEPORTS, KUBE_SERVICES } from './jumps';
import { quoteArg } from '../iptables/tokenize';
import { TOP_CHAINS, TopChain } from './top-chains';
import type { EndpointInfo, ServicePortInfo } from './types';
import { endpointString, serviceKeyOf } from './types';

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

/** The endpoints of a port that has none (one shared array, so the rule cache hits). */
export const NO_ENDPOINTS: readonly EndpointInfo[] = [];

/** A service port's chain names, each hashed once per render. */
interface PortNames {
  svc: string;
  /** `KUBE-EXT-` + the same hash as `svc`. */
  ext: string;
  /** Per endpoint: `ip:port` and its KUBE-SEP- chain. */
  ipPorts: string[];
  seps: string[];
}

function portNames(sp: ServicePortInfo, eps: readonly EndpointInfo[]): PortNames {
  const svc = serviceChainName(sp.name, sp.protocol);
  const ipPorts: string[] = [];
  const seps: string[] = [];
  for (const ep of eps) {
    const ipPort = endpointString(ep);
    ipPorts.push(ipPort);
    seps.push(endpointChainName(sp.name, sp.protocol, ipPort));
  }
  return { svc, ext: EXTERNAL_CHAIN_PREFIX + svc.slice(SERVICE_CHAIN_PREFIX.length), ipPorts, seps };
}

const hasExternal = (sp: ServicePortInfo): boolean => sp.nodePort !== undefined || sp.externalIPs.length > 0;

/** The per-service chains a service port's rules use (none without endpoints). */
export function servicePortChains(sp: ServicePortInfo, eps: readonly EndpointInfo[], names = portNames(sp, eps)): string[] {
  if (eps.length === 0) return [];
  return [names.svc, ...(hasExternal(sp) ? [names.ext] : []), ...names.seps];
}

/**
 * One service port's rendered rules, cached while its inputs are the same objects. Every text
 * field is a block of whole, newline-terminated lines ('' when empty), written into a restore
 * buffer as one piece. Immutable once made: a sync holding it is not affected by later events.
 */
export interface RenderedPort {
  readonly eps: readonly EndpointInfo[];
  readonly cfg: RulesConfig;
  readonly largeCluster: boolean;
  /**
   * Its rules in each top-level chain (see top-chains.ts), by TopChain index ('' = none): entry
   * rules in nat KUBE-SERVICES (cluster and external IPs) and KUBE-NODEPORTS when it has
   * endpoints, REJECTs in filter KUBE-SERVICES and KUBE-EXTERNAL-SERVICES when it has none.
   * Written in this order (nat, then filter) they are what the port contributes to each table.
   */
  readonly top: readonly string[];
  /** Rule count of each `top` block. */
  readonly topRules: readonly number[];
  /** The indices of the non-empty `top` blocks. */
  readonly topUsed: readonly number[];
  /** Rules of this port per table: its `top` blocks, and in nat its own chains' rules too. */
  readonly ruleTotals: { readonly nat: number; readonly filter: number };
  /** `ns/name` of its Service (the change-tracking key), built once. */
  readonly serviceKey: string;
  /** The port's own chains (none without endpoints): the same array while the inputs are unchanged. */
  readonly chains: readonly string[];
  /** The rules of the own chains, and how many. */
  readonly chainRules: string;
  readonly chainRuleCount: number;
  /** `<name> <protocol>`: the ChainsByPort key. */
  readonly key: string;
  /** Its KUBE-SVC- chain name: the order generateRules writes ports in. */
  readonly sortKey: string;
}
const rendered = new WeakMap<ServicePortInfo, RenderedPort>();

/**
 * The rendered rules of one service port, from a per-service-port cache: while the
 * ServicePortInfo, the endpoints array, the config and the large-cluster mode are the same as
 * last time, what was rendered then is returned (no hashing, no string building: most of a
 * sync's CPU time). The proxier calls this as informer events arrive, before the first sync may
 * run, so that sync mostly concatenates cached blocks.
 */
export function renderServicePort(sp: ServicePortInfo, eps: readonly EndpointInfo[], cfg: RulesConfig, largeCluster = false): RenderedPort {
  const hit = rendered.get(sp);
  if (hit && hit.eps === eps && hit.cfg === cfg && hit.largeCluster === largeCluster) return hit;
  const names = portNames(sp, eps);
  const chains = servicePortChains(sp, eps, names);
  const top = eps.length === 0 ? rejectRules(sp) : entryRules(sp, names);
  const own = chains.length === 0 ? { text: '', rules: 0 } : ownChainRules(sp, eps, cfg, largeCluster, names);
  const ruleTotals = { nat: own.rules, filter: 0 };
  top.forEach((lines, i) => (ruleTotals[TOP_CHAINS[i]!.table] += lines.length));
  const r: RenderedPort = {
    eps, cfg, largeCluster,
    top: top.map((lines) => lines.join('')), topRules: top.map((lines) => lines.length),
    topUsed: top.flatMap((lines, i) => (lines.length ? [i] : [])), ruleTotals, serviceKey: serviceKeyOf(sp),
    chains, chainRules: own.text, chainRuleCount: own.rules,
    key: `${sp.name} ${sp.protocol}`, sortKey: names.svc,
  };
  rendered.set(sp, r);
  return r;
}

/** `-m <proto> -p <proto> -d <ip> --dport <port>`: a service port's destination. */
const dest = (sp: ServicePortInfo, proto: string, ip: string): string => `-m ${proto} -p ${proto} -d ${ip} --dport ${sp.port}`;
const REJECT = '-j REJECT --reject-with icmp-port-unreachable\n';

/** Lines per top-level chain, by TopChain index. */
const topLines = (): string[][] => TOP_CHAINS.map(() => []);

/** A port without ready endpoints: REJECTs in filter KUBE-SERVICES / KUBE-EXTERNAL-SERVICES. */
function rejectRules(sp: ServicePortInfo): string[][] {
  const proto = sp.protocol.toLowerCase();
  const reject = comment(`${sp.name} has no endpoints`);
  const out = topLines();
  out[TopChain.FilterServices]!.push(`-A ${KUBE_SERVICES} ${reject} ${dest(sp, proto, sp.clusterIP)} ${REJECT}`);
  const ext = out[TopChain.FilterExternalServices]!;
  for (const ip of sp.externalIPs) ext.push(`-A ${KUBE_EXTERNAL_SERVICES} ${reject} ${dest(sp, proto, ip)} ${REJECT}`);
  if (sp.nodePort !== undefined) ext.push(`-A ${KUBE_EXTERNAL_SERVICES} ${reject} -m addrtype --dst-type LOCAL -m ${proto} -p ${proto} --dport ${sp.nodePort} ${REJECT}`);
  return out;
}

/** A port with endpoints: its entry rules in nat KUBE-SERVICES (cluster and external IPs) and KUBE-NODEPORTS. */
function entryRules(sp: ServicePortInfo, names: PortNames): string[][] {
  const proto = sp.protocol.toLowerCase();
  const out = topLines();
  const services = out[TopChain.NatServices]!;
  services.push(`-A ${KUBE_SERVICES} ${comment(`${sp.name} cluster IP`)} ${dest(sp, proto, sp.clusterIP)} -j ${names.svc}\n`);
  for (const ip of sp.externalIPs) services.push(`-A ${KUBE_SERVICES} ${comment(`${sp.name} external IP`)} ${dest(sp, proto, ip)} -j ${names.ext}\n`);
  if (sp.nodePort !== undefined) out[TopChain.NatNodePorts]!.push(`-A ${KUBE_NODEPORTS} ${comment(sp.name)} -m ${proto} -p ${proto} --dport ${sp.nodePort} -j ${names.ext}\n`);
  return out;
}

/**
 * The rules of a port's own chains (it has endpoints): `KUBE-SVC-` (masquerade of off-cluster
 * sources, session affinity, random balancing), `KUBE-EXT-` (masquerade, then the SVC chain)
 * when it has a node port or external IPs, and one `KUBE-SEP-` per endpoint (hairpin
 * masquerade, DNAT). In `largeCluster` mode the SEP rules and the SVC → SEP jumps carry no
 * comment (upstream). Lines are joined once, so the block is a flat string.
 */
function ownChainRules(sp: ServicePortInfo, eps: readonly EndpointInfo[], cfg: RulesConfig, largeCluster: boolean, names: PortNames): { text: string; rules: number } {
  const proto = sp.protocol.toLowerCase();
  const { svc, ext, seps, ipPorts } = names;
  const n = seps.length;
  const out: string[] = [];
  const clusterRule = `-A ${svc} ${comment(`${sp.name} cluster IP`)} ${dest(sp, proto, sp.clusterIP)}`;
  if (cfg.masqueradeAll) out.push(`${clusterRule} -j ${KUBE_MARK_MASQ}\n`);
  else if (cfg.clusterCIDR) out.push(`${clusterRule} ! -s ${cfg.clusterCIDR} -j ${KUBE_MARK_MASQ}\n`);
  if (hasExternal(sp)) out.push(`-A ${ext} ${comment(`masquerade traffic for ${sp.name} external destinations`)} -j ${KUBE_MARK_MASQ}\n`, `-A ${ext} -j ${svc}\n`);
  const cmts = largeCluster ? undefined : ipPorts.map((ipPort) => `${comment(`${sp.name} -> ${ipPort}`)} `);
  const affinity = sp.sessionAffinity.type === 'ClientIP' ? sp.sessionAffinity : undefined;
  if (affinity) {
    for (let i = 0; i < n; i++) out.push(`-A ${svc} ${cmts?.[i] ?? ''}-m recent --name ${seps[i]} --rcheck --seconds ${affinity.timeoutSeconds} --reap -j ${seps[i]}\n`);
  }
  for (let i = 0; i < n; i++) {
    const balance = i < n - 1 ? `-m statistic --mode random --probability ${probability(n - i)} ` : '';
    out.push(`-A ${svc} ${cmts?.[i] ?? ''}${balance}-j ${seps[i]}\n`);
  }
  const sepComment = largeCluster ? '' : `${comment(sp.name)} `;
  const tail = `-m ${proto} -p ${proto} -j DNAT --to-destination `;
  for (let i = 0; i < n; i++) {
    const chain = seps[i]!;
    // Hairpin: a backend reaching itself through the service must be masqueraded.
    out.push(`-A ${chain} ${sepComment}-s ${eps[i]!.ip} -j ${KUBE_MARK_MASQ}\n`);
    out.push(`-A ${chain} ${sepComment}${affinity ? `-m recent --name ${chain} --set ` : ''}${tail}${ipPorts[i]!}\n`);
  }
  return { text: out.join(''), rules: out.length };
}
