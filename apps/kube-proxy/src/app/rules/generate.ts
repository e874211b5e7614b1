import type { SavedTable } from '../iptables/save-parser';
import { isServiceChainName } from './chain-names';
import { KUBE_EXTERNAL_SERVICES, KUBE_FORWARD, KUBE_MARK_MASQ, KUBE_NODEPORTS, KUBE_POSTROUTING, KUBE_SERVICES, jumpArgs, missingJumps } from './jumps';
import { chainLine, LineBuffer } from './line-buffer';
import type { RenderedPort, RulesConfig } from './service-rules';
import { LARGE_CLUSTER_ENDPOINTS, NO_ENDPOINTS, renderServicePort } from './service-rules';
import type { ProxyState, ServicePortInfo } from './types';
import { serviceKeyOf } from './types';

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
 * - partial (upstream's minimizeIPTablesRestore): the shared chains (KUBE-SERVICES,
 *   KUBE-NODEPORTS, filter chains) are rewritten, but the per-service chains of a service port
 *   are written only when its service (`ns/name`) is in `changedServices` or its chains differ
 *   from `knownChains` (what the last successful sync left); the others stay as they are in the
 *   kernel. Known chains no longer wanted are deleted. Jumps are not checked (the periodic full
 *   sync repairs them). Cost: O(service ports) map lookups, no per-chain set operations.
 */
export type SyncMode =
  | { full: true; existing: ExistingRules }
  | { full: false; changedServices: ReadonlySet<string>; knownChains: ChainsByPort };

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
  /** Rule lines written per table (the rules-count metric). */
  ruleCounts: { filter: number; nat: number };
  /** Per-service chains deleted by this buffer. */
  staleChains: string[];
  /** Every per-service chain that exists once the buffer is applied, by service port. */
  activeChains: Map<string, readonly string[]>;
  /** Per-service chains written (declared and filled) by this buffer. */
  writtenChains: number;
}

/** One sync's restore buffer as one string, and what it holds. */
export interface GeneratedRules extends Omit<PlannedRules, 'pieces'> {
  /** The whole iptables-restore input: the pieces joined. */
  text: string;
}

/** The four buffers of one iptables-restore input. */
interface RuleBuffers {
  filterChains: LineBuffer;
  filterRules: LineBuffer;
  natChains: LineBuffer;
  natRules: LineBuffer;
}

export const MASQ_MARK = '0x4000';
const NODEPORTS_COMMENT = 'kubernetes service nodeports; NOTE: this must be the last rule in this chain';

function writeFixedRules(natRules: LineBuffer): void {
  natRules.write('-A', KUBE_POSTROUTING, '-m', 'mark', '!', '--mark', `${MASQ_MARK}/${MASQ_MARK}`, '-j', 'RETURN');
  natRules.write('-A', KUBE_POSTROUTING, '-j', 'MARK', '--xor-mark', MASQ_MARK);
  natRules.write('-A', KUBE_POSTROUTING, '-m', 'comment', '--comment', 'kubernetes service traffic requiring SNAT', '-j', 'MASQUERADE');
  natRules.write('-A', KUBE_MARK_MASQ, '-j', 'MARK', '--or-mark', MASQ_MARK);
}

/** The last rules of nat KUBE-SERVICES: local destinations go on to KUBE-NODEPORTS (CVE-2020-8558: not 127/8 by default). */
function writeNodePortJumps(natRules: LineBuffer, cfg: RulesConfig): void {
  const cidrs = cfg.nodePortAddresses ?? [];
  const c = ['-m', 'comment', '--comment', NODEPORTS_COMMENT];
  if (cidrs.length === 0) natRules.write('-A', KUBE_SERVICES, ...c, '-m', 'addrtype', '--dst-type', 'LOCAL', '!', '-d', '127.0.0.0/8', '-j', KUBE_NODEPORTS);
  for (const cidr of cidrs) natRules.write('-A', KUBE_SERVICES, ...c, '-d', cidr, '-m', 'addrtype', '--dst-type', 'LOCAL', '-j', KUBE_NODEPORTS);
}

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
 * The service ports in the order their rules are written: descending by their KUBE-SVC- chain
 * name (upstream's order is map order, i.e. none). iptables-nft 1.8 records every chain a restore
 * command names (a rule's chain and its jump target) in a name-sorted list, walked from the head
 * per command: in this order each KUBE-SERVICES → KUBE-SVC- jump adds a name smaller than all
 * before it, which costs O(1) instead of O(services).
 */
function orderedPorts(state: ProxyState, cfg: RulesConfig, largeCluster: boolean): Port[] {
  const byKey = new Map<string, Port | Port[]>(); // a chain name is one service port's, unless the input repeats one
  for (const sp of state.servicePorts) {
    const p: Port = { sp, r: renderServicePort(sp, state.endpoints.get(sp.name) ?? NO_ENDPOINTS, cfg, largeCluster) };
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
  return out;
}

/**
 * Plans the single iptables-restore input (filter, then nat) for `state`: kube-proxy's own
 * chains only (see SyncMode for what a full and a partial sync write). Stale chains are
 * flushed (declared) and deleted (`-X`) after every rule that could reference them is gone.
 * The input comes as pieces so a caller can stream it (ExecIptables.restore) without joining
 * it first. Pure: same input, same pieces; output does not depend on input order.
 */
export function planRules(state: ProxyState, mode: SyncMode, cfg: RulesConfig): PlannedRules {
  const buf: RuleBuffers = { filterChains: new LineBuffer(), filterRules: new LineBuffer(), natChains: new LineBuffer(), natRules: new LineBuffer() };
  const { filterChains, filterRules, natChains, natRules } = buf;

  for (const c of [KUBE_SERVICES, KUBE_EXTERNAL_SERVICES, KUBE_FORWARD]) filterChains.writeRaw(chainLine(c));
  for (const c of [KUBE_SERVICES, KUBE_NODEPORTS, KUBE_POSTROUTING, KUBE_MARK_MASQ]) natChains.writeRaw(chainLine(c));
  if (mode.full) {
    for (const j of missingJumps('filter', mode.existing.filter)) filterRules.write('-I', j.from, ...jumpArgs(j));
    for (const j of missingJumps('nat', mode.existing.nat)) natRules.write('-I', j.from, ...jumpArgs(j));
  }
  writeFixedRules(natRules);

  let totalEndpoints = 0;
  for (const sp of state.servicePorts) totalEndpoints += state.endpoints.get(sp.name)?.length ?? 0;
  const largeCluster = totalEndpoints > LARGE_CLUSTER_ENDPOINTS;
  const active = new Map<string, readonly string[]>();
  const declared: string[] = []; // per-service chains to declare (create or flush)
  let writtenChains = 0;
  for (const { sp, r } of orderedPorts(state, cfg, largeCluster)) {
    // Partial sync: an unchanged service keeps its chains as they are, unless they differ from the known ones.
    const { key, chains } = r;
    const write = mode.full || mode.changedServices.has(serviceKeyOf(sp)) || (chains.length > 0 && !sameChains(mode.knownChains.get(key), chains));
    natRules.writeBlock(r.natEntry, r.natEntryRules);
    filterRules.writeBlock(r.filterEntry, r.filterEntryRules);
    if (chains.length) active.set(key, chains);
    if (write) {
      natRules.writeBlock(r.chainRules, r.chainRuleCount);
      writtenChains += chains.length;
      for (const c of chains) declared.push(c);
    }
  }
  writeNodePortJumps(natRules, cfg);

  filterRules.write('-A', KUBE_FORWARD, '-m', 'comment', '--comment', 'kubernetes forwarding rules', '-m', 'mark', '--mark', `${MASQ_MARK}/${MASQ_MARK}`, '-j', 'ACCEPT');
  filterRules.write('-A', KUBE_FORWARD, '-m', 'comment', '--comment', 'kubernetes forwarding conntrack rule', '-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED', '-j', 'ACCEPT');

  const staleChains = staleChainsOf(mode, active);
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
  const pieces = ['*filter\n', ...filterChains.pieces(), ...filterRules.pieces(), 'COMMIT\n', '*nat\n', ...natChains.pieces(), ...natRules.pieces(), 'COMMIT\n'];
  return { pieces, ruleCounts: { filter: filterRules.ruleCount(), nat: natRules.ruleCount() }, staleChains, activeChains: active, writtenChains };
}

/** planRules with the input joined into one string. */
export function generateRules(state: ProxyState, mode: SyncMode, cfg: RulesConfig): GeneratedRules {
  const { pieces, ...rest } = planRules(state, mode, cfg);
  return { text: pieces.join(''), ...rest };
}
