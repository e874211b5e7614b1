import type { SavedTable } from '../iptables/save-parser';
import { chainLine, LineBuffer } from './line-buffer';
import type { TopChainRules } from './top-chains';
import { TOP_CHAINS, TopChain, topChainName, topChainsToWrite } from './top-chains';
import type { RulesConfig } from './service-rules';
import type { ProxyState } from './types';
import { declarations, descending, lineCount, portPass, sameChains, writeFixed } from './plan-common';
import { planFullSync } from './plan-full';

export type { RulesConfig } from './service-rules';
export { probability } from './service-rules';
export { MASQ_MARK } from './plan-common';
export type { FinishedFullSync, FullSyncPlan } from './plan-full';
export { FULL_SYNC_START, planFullSync } from './plan-full';

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
   * The iptables-restore input (`*nat ... COMMIT`, `*filter ... COMMIT` in a full sync, filter
   * first in a partial one; for `--noflush`) in order, as newline-terminated pieces: single lines and the service ports' cached blocks
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

/**
 * Partial sync: for each known port whose chains changed, the old chains it no longer has (a
 * chain name belongs to one port: the hash covers name and protocol).
 */
function staleKnownChains(known: ChainsByPort, active: ChainsByPort): string[] {
  const stale: string[] = [];
  for (const [key, old] of known) {
    const now = active.get(key);
    if (sameChains(old, now)) continue;
    const keep = new Set(now ?? []);
    for (const c of old) if (!keep.has(c)) stale.push(c);
  }
  return stale;
}

/**
 * Plans the single iptables-restore input for `state`: kube-proxy's own chains only (see
 * SyncMode for what a full and a partial sync write). A full sync is planFullSync's text (nat,
 * then filter; see FullSyncPlan); a partial one writes filter, then nat, as upstream, and
 * leaves out a table in which it writes nothing (no pieces at all when nothing changed). Stale
 * chains are flushed (declared) and deleted (`-X`) after every rule that could reference them
 * is gone. The input comes as pieces so a caller can stream it (ExecIptables.restore) without
 * joining it first. Pure: same input, same pieces; output does not depend on input order.
 */
export function planRules(state: ProxyState, mode: SyncMode, cfg: RulesConfig): PlannedRules {
  if (mode.full) {
    const { tail: _tail, ...plan } = planFullSync(state, cfg).finish(mode.existing);
    return plan;
  }
  const { ports, top, totals, active, nodePorts } = portPass(state, cfg);
  const staleChains = staleKnownChains(mode.knownChains, active);
  const writeTop = topChainsToWrite(top, mode.knownTop, staleChains);
  const w = (c: TopChain): boolean => writeTop[c]!;

  const filterChains = new LineBuffer(), filterRules = new LineBuffer(), natChains = new LineBuffer(), natRules = new LineBuffer();
  TOP_CHAINS.forEach(({ table, chain }, i) => {
    if (writeTop[i]) (table === 'filter' ? filterChains : natChains).writeRaw(chainLine(chain));
  });
  if (w(TopChain.NatPostrouting)) writeFixed(natRules, TopChain.NatPostrouting);
  if (w(TopChain.NatMarkMasq)) writeFixed(natRules, TopChain.NatMarkMasq);

  const declared: string[] = []; // per-service chains to declare (create or flush)
  let writtenChains = 0;
  const portTop: readonly [LineBuffer, TopChain][] = [[natRules, TopChain.NatServices], [natRules, TopChain.NatNodePorts], [filterRules, TopChain.FilterServices], [filterRules, TopChain.FilterExternalServices]];
  const portTopWritten = portTop.filter(([, c]) => w(c));
  for (const { r } of ports) {
    // An unchanged service keeps its chains as they are, unless they differ from the known ones.
    const { key, chains } = r;
    const write = mode.changedServices.has(r.serviceKey) || (chains.length > 0 && !sameChains(mode.knownChains.get(key), chains));
    // nat KUBE-SERVICES then KUBE-NODEPORTS: the port's entry rules in the order they were rendered.
    for (const [buf, c] of portTopWritten) buf.writeBlock(r.top[c]!, r.topRules[c]!);
    if (write) {
      natRules.writeBlock(r.chainRules, r.chainRuleCount);
      writtenChains += chains.length;
      for (const c of chains) declared.push(c);
    }
  }
  if (w(TopChain.NatServices)) natRules.writeBlock(nodePorts, lineCount(nodePorts));
  if (w(TopChain.FilterForward)) writeFixed(filterRules, TopChain.FilterForward);

  for (const c of staleChains) {
    declared.push(c); // flush, so the -X below finds it empty
    natRules.write('-X', c);
  }
  // Descending name order: iptables-nft 1.8 keeps user chains in a name-sorted list and inserts
  // each declared chain by walking it from the head, so descending order makes every insert O(1)
  // (in hash order, declaring 60,000 chains took minutes). Declaration order has no meaning.
  natChains.writeBlock(declarations(descending(declared)), 0);
  const section = (name: string, chains: LineBuffer, rules: LineBuffer): string[] =>
    chains.pieces().length === 0 && rules.pieces().length === 0 ? [] : [`*${name}\n`, ...chains.pieces(), ...rules.pieces(), 'COMMIT\n'];
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
