import type { SavedTable } from '../iptables/save-parser';
import { isServiceChainName } from './chain-names';
import { joinArgs } from '../iptables/tokenize';
import { KUBE_FORWARD, KUBE_MARK_MASQ, KUBE_NODEPORTS, KUBE_POSTROUTING, KUBE_SERVICES, jumpArgs, missingJumps } from './jumps';
import { chainLine, LineBuffer } from './line-buffer';
import type { TopChainRules } from './top-chains';
import { TOP_CHAINS, TopChain, topChainName, topChainsToWrite } from './top-chains';
import type { RenderedPort, RulesConfig } from './service-rules';
import { LARGE_CLUSTER_ENDPOINTS, NO_ENDPOINTS, renderServicePort } from './service-rules';
import type { ProxyState, ServicePortInfo } from './types';

export type { RulesConfig } from './service-rules';
export { probability } from './service-rules';

/** iptables-save output of the tables a sync touches (undefined = table empty or unread). */
export interface ExistingRules {
  nat?: SavedTable;
  filter?: SavedTable;
}

/**
 * What kind of sync to generate.
 * - full: every chain is declared and rewritten; jumps from built-in chains are inserted when
 *   missing from `existing`; every per-service chain in `existing` not wanted now is deleted.
 * - partial (upstream's minimizeIPTablesRestore): the per-service chains of a service port are
 *   written only when its service (`ns/name`) is in `changedServices` or its chains differ from
 *   `knownChains` (what the last successful sync left); the others stay as they are in the
 *   kernel. Known chains no longer wanted are deleted. The top-level chains (KUBE-SERVICES,
 *   KUBE-NODEPORTS, the filter chains, ...) are written when their rules differ from
 *   `knownTop`, what the last successful restore left in them (tskube; upstream rewrites them
 *   on every sync), and all of them when `knownTop` is not given (not known). Jumps are not
 *   checked (the periodic full sync repairs them). Cost: O(service ports) map lookups and
 *   pointer compares, no per-chain set operations.
 */
export type SyncMode =
  | { full: true; existing: ExistingRules }
  | { full: false; changedServices: ReadonlySet<string>; knownChains: ChainsByPort; knownTop?: TopChainRules };

/**
 * The per-service chains in place after a sync, by service port (`<name> <protocol>`); a port's
 * array is the render cache's own, so an unchanged port keeps the same array object. Ports
 * without chains (no endpoints) are absent.
 */
export type ChainsByPort = ReadonlyMap<string, readonly string[]>;

/** What one sync's restore input holds, with the input as pieces (see planRules). */
export interface PlannedRules {
  /**
   * The iptables-restore input (`*filter ... COMMIT`, `*nat ... COMMIT`, for `--noflush`) in
   * order, as newline-terminated pieces: single lines and the service ports' cached blocks
   * (shared, not copied). Their concatenation is GeneratedRules.text.
   */
  pieces: readonly string[];
  /** Rule lines (`-A`) written per table: upstream's `sync_proxy_rules_iptables_last`. */
  ruleCounts: { filter: number; nat: number };
  /**
   * Rules in kube-proxy's chains once the buffer is applied, per table (written or kept; the
   * jumps in built-in chains not counted): upstream's `sync_proxy_rules_iptables_total`.
   */
  ruleTotals: { filter: number; nat: number };
  /** Per-service chains deleted by this buffer. */
  staleChains: string[];
  /** Every per-service chain that exists once the buffer is applied, by service port. */
  activeChains: Map<string, readonly string[]>;
  /** Per-service chains written (declared and filled) by this buffer. */
  writtenChains: number;
  /** The rules of every top-level chain once the buffer is applied (the next partial sync's `knownTop`). */
  topChains: TopChainRules;
  /** The top-level chains this buffer writes (`<table> <chain>`). */
  writtenTopChains: string[];
}

/** One sync's restore buffer as one string, and what it holds. */
export interface GeneratedRules extends Omit<PlannedRules, 'pieces'> {
  /** The whole iptables-restore input: the pieces joined. */
  text: string;
}

export const MASQ_MARK = '0x4000';
const NODEPORTS_COMMENT = 'kubernetes service nodeports; NOTE: this must be the last rule in this chain';

/** `-A` lines (args joined and quoted) as one newline-terminated block. */
const block = (...rules: string[][]): string => rules.map((r) => `${joinArgs(['-A', ...r])}\n`).join('');

/** The rules of the fixed top-level chains: the same text (and the same string) every sync. */
const FIXED: ReadonlyMap<TopChain, string> = new Map<TopChain, string>([
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
const lineCount = (b: string): number => {
  let n = 0;
  for (let i = b.indexOf('\n'); i >= 0; i = b.indexOf('\n', i + 1)) n++;
  return n;
};

/** Same chain names in the same order (usually the same array object: then O(1)). */
function sameChains(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  return a.every((c, i) => c === b[i]);
}

/**
 * Per-service chains in place before this sync and not wanted after it. Full: every chain
 * iptables-save showed with a per-service prefix and not active (the set of active chain names
 * is built only when there is any). Partial: for each known port whose chains changed, the old
 * chains it no longer has (a chain name belongs to one port: the hash covers name and protocol).
 */
function staleChainsOf(mode: SyncMode, active: ChainsByPort): string[] {
  if (mode.full) {
    const existing = [...(mode.existing.nat?.chains.keys() ?? [])].filter(isServiceChainName);
    if (existing.length === 0) return [];
    const wanted = new Set<string>();
    for (const chains of active.values()) for (const c of chains) wanted.add(c);
    return existing.filter((c) => !wanted.has(c));
  }
  const stale: string[] = [];
  for (const [key, old] of mode.knownChains) {
    const now = active.get(key);
    if (sameChains(old, now)) continue;
    const keep = new Set(now ?? []);
    for (const c of old) if (!keep.has(c)) stale.push(c);
  }
  return stale;
}

interface Port {
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

/**
 * Plans the single iptables-restore input (filter, then nat) for `state`: kube-proxy's own
 * chains only (see SyncMode for what a full and a partial sync write). Stale chains are
 * flushed (declared) and deleted (`-X`) after every rule that could reference them is gone.
 * The input comes as pieces so a caller can stream it (ExecIptables.restore) without joining
 * it first. A partial sync leaves out a table in which it writes nothing (no pieces at all
 * when nothing changed). Pure: same input, same pieces; output does not depend on input order.
 */
export function planRules(state: ProxyState, mode: SyncMode, cfg: RulesConfig): PlannedRules {
  let totalEndpoints = 0;
  for (const sp of state.servicePorts) totalEndpoints += state.endpoints.get(sp.name)?.length ?? 0;
  const ports = orderedPorts(state, cfg, totalEndpoints > LARGE_CLUSTER_ENDPOINTS);

  // The top-level chains' rules now, and the per-service chains in place after this sync.
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
  const staleChains = staleChainsOf(mode, active);
  const writeTop = topChainsToWrite(top, mode.full ? undefined : mode.knownTop, staleChains);
  const w = (c: TopChain): boolean => writeTop[c]!;

  const filterChains = new LineBuffer(), filterRules = new LineBuffer(), natChains = new LineBuffer(), natRules = new LineBuffer();
  TOP_CHAINS.forEach(({ table, chain }, i) => {
    if (writeTop[i]) (table === 'filter' ? filterChains : natChains).writeRaw(chainLine(chain));
  });
  if (mode.full) {
    for (const j of missingJumps('filter', mode.existing.filter)) filterRules.write('-I', j.from, ...jumpArgs(j));
    for (const j of missingJumps('nat', mode.existing.nat)) natRules.write('-I', j.from, ...jumpArgs(j));
  }
  const writeFixed = (buf: LineBuffer, c: TopChain): void => {
    const b = FIXED.get(c)!;
    if (w(c)) buf.writeBlock(b, lineCount(b));
  };
  writeFixed(natRules, TopChain.NatPostrouting);
  writeFixed(natRules, TopChain.NatMarkMasq);

  const declared: string[] = []; // per-service chains to declare (create or flush)
  let writtenChains = 0;
  const portTop: readonly [LineBuffer, TopChain][] = [[natRules, TopChain.NatServices], [natRules, TopChain.NatNodePorts], [filterRules, TopChain.FilterServices], [filterRules, TopChain.FilterExternalServices]];
  const portTopWritten = portTop.filter(([, c]) => w(c));
  for (const { r } of ports) {
    // Partial sync: an unchanged service keeps its chains as they are, unless they differ from the known ones.
    const { key, chains } = r;
    const write = mode.full || mode.changedServices.has(r.serviceKey) || (chains.length > 0 && !sameChains(mode.knownChains.get(key), chains));
    // nat KUBE-SERVICES then KUBE-NODEPORTS: the port's entry rules in the order they were rendered.
    for (const [buf, c] of portTopWritten) buf.writeBlock(r.top[c]!, r.topRules[c]!);
    if (write) {
      natRules.writeBlock(r.chainRules, r.chainRuleCount);
      writtenChains += chains.length;
      for (const c of chains) declared.push(c);
    }
  }
  if (w(TopChain.NatServices)) natRules.writeBlock(nodePorts, lineCount(nodePorts));
  writeFixed(filterRules, TopChain.FilterForward);

  for (const c of staleChains) {
    declared.push(c); // flush, so the -X below finds it empty
    natRules.write('-X', c);
  }
  // Descending name order: iptables-nft 1.8 keeps user chains in a name-sorted list and inserts
  // each declared chain by walking it from the head, so descending order makes every insert O(1)
  // (in hash order, declaring 60,000 chains took minutes). Declaration order has no meaning.
  declared.sort(); // default sort: UTF-16 code units, as the comparator would, but faster
  declared.reverse();
  if (declared.length) natChains.writeBlock(`:${declared.join(' - [0:0]\n:')} - [0:0]\n`, 0); // chainLine per name, in one string
  const section = (name: string, chains: LineBuffer, rules: LineBuffer): string[] =>
    !mode.full && chains.pieces().length === 0 && rules.pieces().length === 0 ? [] : [`*${name}\n`, ...chains.pieces(), ...rules.pieces(), 'COMMIT\n'];
  return {
    pieces: [...section('filter', filterChains, filterRules), ...section('nat', natChains, natRules)],
    ruleCounts: { filter: filterRules.ruleCount(), nat: natRules.ruleCount() }, ruleTotals: totals,
    staleChains, activeChains: active, writtenChains, topChains: top,
    writtenTopChains: writeTop.flatMap((yes, i) => (yes ? [topChainName(i)] : [])),
  };
}

/** planRules with the input joined into one string. */
export function generateRules(state: ProxyState, mode: SyncMode, cfg: RulesConfig): GeneratedRules {
  const { pieces, ...rest } = planRules(state, mode, cfg);
  return { text: pieces.join(''), ...rest };
}
