import { isServiceChainName } from './chain-names';
import { joinArgs } from '../iptables/tokenize';
import { KUBE_FORWARD, KUBE_MARK_MASQ, KUBE_NODEPORTS, KUBE_POSTROUTING, KUBE_SERVICES } from './jumps';
import type { LineBuffer } from './line-buffer';
import { TOP_CHAINS, TopChain } from './top-chains';
import type { RenderedPort, RulesConfig } from './service-rules';
import { LARGE_CLUSTER_ENDPOINTS, NO_ENDPOINTS, renderServicePort } from './service-rules';
import type { ProxyState, ServicePortInfo } from './types';
import type { ChainsByPort, ExistingRules } from './generate';

/**
 * What full and partial sync planning share (generate.ts, plan-full.ts): the fixed top-level
 * chains, the service ports in write order, and the stale-chain computation. Internal to rules/.
 */

export const MASQ_MARK = '0x4000';
const NODEPORTS_COMMENT = 'kubernetes service nodeports; NOTE: this must be the last rule in this chain';

/** `-A` lines (args joined and quoted) as one newline-terminated block. */
const block = (...rules: string[][]): string => rules.map((r) => `${joinArgs(['-A', ...r])}\n`).join('');

/** The rules of the fixed top-level chains: the same text (and the same string) every sync. */
export const FIXED: ReadonlyMap<TopChain, string> = new Map<TopChain, string>([
  [TopChain.NatPostrouting, block(
    [KUBE_POSTROUTING, '-m', 'mark', '!', '--mark', `${MASQ_MARK}/${MASQ_MARK}`, '-j', 'RETURN'],
    [KUBE_POSTROUTING, '-j', 'MARK', '--xor-mark', MASQ_MARK],
    [KUBE_POSTROUTING, '-m', 'comment', '--comment', 'kubernetes service traffic requiring SNAT', '-j', 'MASQUERADE'],
  )],
  [TopChain.NatMarkMasq, block([KUBE_MARK_MASQ, '-j', 'MARK', '--or-mark', MASQ_MARK])],
  [TopChain.FilterForward, block(
    [KUBE_FORWARD, '-m', 'comment', '--comment', 'kubernetes forwarding rules', '-m', 'mark', '--mark', `${MASQ_MARK}/${MASQ_MARK}`, '-j', 'ACCEPT'],
    [KUBE_FORWARD, '-m', 'comment', '--comment', 'kubernetes forwarding conntrack rule', '-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED', '-j', 'ACCEPT'],
  )],
]);

/** The last rules of nat KUBE-SERVICES: local destinations go on to KUBE-NODEPORTS (CVE-2020-8558: not 127/8 by default). */
function nodePortJumps(cfg: RulesConfig): string {
  const cidrs = cfg.nodePortAddresses ?? [];
  const c = ['-m', 'comment', '--comment', NODEPORTS_COMMENT];
  if (cidrs.length === 0) return block([KUBE_SERVICES, ...c, '-m', 'addrtype', '--dst-type', 'LOCAL', '!', '-d', '127.0.0.0/8', '-j', KUBE_NODEPORTS]);
  return block(...cidrs.map((cidr) => [KUBE_SERVICES, ...c, '-d', cidr, '-m', 'addrtype', '--dst-type', 'LOCAL', '-j', KUBE_NODEPORTS]));
}

/** Lines of a newline-terminated block. */
export const lineCount = (b: string): number => {
  let n = 0;
  for (let i = b.indexOf('\n'); i >= 0; i = b.indexOf('\n', i + 1)) n++;
  return n;
};

/** Writes a fixed top-level chain's rules into `buf`. */
export function writeFixed(buf: LineBuffer, c: TopChain): void {
  const b = FIXED.get(c)!;
  buf.writeBlock(b, lineCount(b));
}

/** Same chain names in the same order (usually the same array object: then O(1)). */
export function sameChains(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  return a.every((c, i) => c === b[i]);
}

/**
 * Per-service chains iptables-save showed (full sync) and not active after it: every chain
 * with a per-service prefix not wanted now (the set of active chain names is built only when
 * there is any such chain).
 */
export function staleChainsIn(existing: ExistingRules, active: ChainsByPort): string[] {
  const found = [...(existing.nat?.chains.keys() ?? [])].filter(isServiceChainName);
  if (found.length === 0) return [];
  const wanted = new Set<string>();
  for (const chains of active.values()) for (const c of chains) wanted.add(c);
  return found.filter((c) => !wanted.has(c));
}

/** Chain names in descending order, in place (see planRules: iptables-nft inserts each declared chain walking a sorted list). */
export function descending(names: string[]): string[] {
  names.sort(); // default sort: UTF-16 code units, as the comparator would, but faster
  return names.reverse();
}

/** `:CHAIN - [0:0]` for each name, as one block (chainLine per name, in one string); '' for none. */
export const declarations = (names: readonly string[]): string => (names.length ? `:${names.join(' - [0:0]\n:')} - [0:0]\n` : '');

export interface Port {
  sp: ServicePortInfo;
  r: RenderedPort;
}

/**
 * The write order of a ProxyState's servicePorts array, by array: it depends on the service
 * ports alone (their KUBE-SVC- names), and the proxier hands the same (never mutated) array
 * while no Service changed, so a sync after endpoint changes only skips the sort.
 */
const portOrder = new WeakMap<readonly ServicePortInfo[], readonly ServicePortInfo[]>();

/**
 * The service ports in the order their rules are written: descending by their KUBE-SVC- chain
 * name (upstream's order is map order, i.e. none). iptables-nft 1.8 records every chain a restore
 * command names (a rule's chain and its jump target) in a name-sorted list, walked from the head
 * per command: in this order each KUBE-SERVICES → KUBE-SVC- jump adds a name smaller than all
 * before it, which costs O(1) instead of O(services).
 */
function orderedPorts(state: ProxyState, cfg: RulesConfig, largeCluster: boolean): Port[] {
  const port = (sp: ServicePortInfo): Port => ({ sp, r: renderServicePort(sp, state.endpoints.get(sp.name) ?? NO_ENDPOINTS, cfg, largeCluster) });
  const order = portOrder.get(state.servicePorts);
  if (order) return order.map(port);
  const byKey = new Map<string, Port | Port[]>(); // a chain name is one service port's, unless the input repeats one
  for (const sp of state.servicePorts) {
    const p = port(sp);
    const had = byKey.get(p.r.sortKey);
    if (had === undefined) byKey.set(p.r.sortKey, p);
    else if (Array.isArray(had)) had.push(p);
    else byKey.set(p.r.sortKey, [had, p]);
  }
  const keys = [...byKey.keys()].sort(); // default sort of flat strings: several times faster than a comparator
  const out: Port[] = [];
  for (let i = keys.length - 1; i >= 0; i--) {
    const p = byKey.get(keys[i]!)!;
    if (Array.isArray(p)) out.push(...p);
    else out.push(p);
  }
  portOrder.set(state.servicePorts, out.map((p) => p.sp));
  return out;
}

/** The service ports rendered and in write order, and what they add up to (both sync kinds start here). */
export interface PortPass {
  ports: Port[];
  /** The rules of every top-level chain now (pieces by TopChain). */
  top: string[][];
  /** Rules in kube-proxy's chains once applied, per table. */
  totals: { filter: number; nat: number };
  /** The per-service chains in place after this sync, by service port. */
  active: Map<string, readonly string[]>;
  /** The last rules of nat KUBE-SERVICES (to KUBE-NODEPORTS). */
  nodePorts: string;
}

/** Renders (or takes from the cache) every service port of `state`, in write order. */
export function portPass(state: ProxyState, cfg: RulesConfig): PortPass {
  let totalEndpoints = 0;
  for (const sp of state.servicePorts) totalEndpoints += state.endpoints.get(sp.name)?.length ?? 0;
  const ports = orderedPorts(state, cfg, totalEndpoints > LARGE_CLUSTER_ENDPOINTS);
  const top: string[][] = TOP_CHAINS.map((_, i) => (FIXED.has(i as TopChain) ? [FIXED.get(i as TopChain)!] : []));
  const totals = { filter: 0, nat: 0 };
  for (const [c, b] of FIXED) totals[TOP_CHAINS[c]!.table] += lineCount(b);
  const active = new Map<string, readonly string[]>();
  for (const { r } of ports) {
    for (const i of r.topUsed) top[i]!.push(r.top[i]!);
    if (r.chains.length) active.set(r.key, r.chains);
    totals.nat += r.ruleTotals.nat;
    totals.filter += r.ruleTotals.filter;
  }
  const nodePorts = nodePortJumps(cfg);
  top[TopChain.NatServices]!.push(nodePorts);
  totals.nat += lineCount(nodePorts);
  return { ports, top, totals, active, nodePorts };
}
