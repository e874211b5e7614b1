import type { SavedTable } from '../iptables/save-parser';
import { isServiceChainName } from './chain-names';
import { KUBE_EXTERNAL_SERVICES, KUBE_FORWARD, KUBE_MARK_MASQ, KUBE_NODEPORTS, KUBE_POSTROUTING, KUBE_SERVICES, jumpArgs, missingJumps } from './jumps';
import { chainLine, LineBuffer } from './line-buffer';
import type { RuleBuffers, RulesConfig } from './service-rules';
import { cachedServicePortChains, writeServicePort } from './service-rules';
import type { EndpointInfo, ProxyState } from './types';
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
 *   KUBE-NODEPORTS, filter chains) are rewritten, but the per-service chains of services not in
 *   `changedServices` (`ns/name`) are only counted as active, not written (they stay as they
 *   are in the kernel); chains in `knownChains` (what the last successful sync left) not
 *   wanted now are deleted. Jumps are not checked (the periodic full sync repairs them).
 */
export type SyncMode =
  | { full: true; existing: ExistingRules }
  | { full: false; changedServices: ReadonlySet<string>; knownChains: ReadonlySet<string> };

/** One sync's restore buffer and what it holds. */
export interface GeneratedRules {
  /** The whole iptables-restore input (`*filter ... COMMIT`, `*nat ... COMMIT`), for `--noflush`. */
  text: string;
  /** Rule lines written per table (the rules-count metric). */
  ruleCounts: { filter: number; nat: number };
  /** Per-service chains deleted by this buffer. */
  staleChains: string[];
  /** Every per-service chain that exists once the buffer is applied. */
  activeChains: Set<string>;
  /** Per-service chains written (declared and filled) by this buffer. */
  writtenChains: number;
}

export const MASQ_MARK = '0x4000';
const NO_ENDPOINTS: readonly EndpointInfo[] = [];
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

/**
 * Builds the single iptables-restore buffer (filter, then nat) for `state`: kube-proxy's own
 * chains only (see SyncMode for what a full and a partial sync write). Stale chains are
 * flushed (declared) and deleted (`-X`) after every rule that could reference them is gone.
 * Pure: same input, same text; output does not depend on input order.
 */
export function generateRules(state: ProxyState, mode: SyncMode, cfg: RulesConfig): GeneratedRules {
  const buf: RuleBuffers = { filterChains: new LineBuffer(), filterRules: new LineBuffer(), natChains: new LineBuffer(), natRules: new LineBuffer() };
  const { filterChains, filterRules, natChains, natRules } = buf;

  for (const c of [KUBE_SERVICES, KUBE_EXTERNAL_SERVICES, KUBE_FORWARD]) filterChains.writeRaw(chainLine(c));
  for (const c of [KUBE_SERVICES, KUBE_NODEPORTS, KUBE_POSTROUTING, KUBE_MARK_MASQ]) natChains.writeRaw(chainLine(c));
  if (mode.full) {
    for (const j of missingJumps('filter', mode.existing.filter)) filterRules.write('-I', j.from, ...jumpArgs(j));
    for (const j of missingJumps('nat', mode.existing.nat)) natRules.write('-I', j.from, ...jumpArgs(j));
  }
  writeFixedRules(natRules);

  const active = new Set<string>();
  let writtenChains = 0;
  const ordered = [...state.servicePorts].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.protocol.localeCompare(b.protocol)));
  for (const sp of ordered) {
    const eps = state.endpoints.get(sp.name) ?? NO_ENDPOINTS;
    // Partial sync: an unchanged service keeps its chains as they are, unless one is missing.
    const chains = cachedServicePortChains(sp, eps, cfg);
    const write = mode.full || mode.changedServices.has(serviceKeyOf(sp)) || !chains.every((c) => mode.knownChains.has(c));
    writeServicePort(buf, sp, eps, cfg, write);
    for (const c of chains) active.add(c);
    if (write) writtenChains += chains.length;
  }
  writeNodePortJumps(natRules, cfg);

  filterRules.write('-A', KUBE_FORWARD, '-m', 'comment', '--comment', 'kubernetes forwarding rules', '-m', 'mark', '--mark', `${MASQ_MARK}/${MASQ_MARK}`, '-j', 'ACCEPT');
  filterRules.write('-A', KUBE_FORWARD, '-m', 'comment', '--comment', 'kubernetes forwarding conntrack rule', '-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED', '-j', 'ACCEPT');

  const previous = mode.full ? [...(mode.existing.nat?.chains.keys() ?? [])] : [...mode.knownChains];
  const staleChains = previous.filter((c) => isServiceChainName(c) && !active.has(c));
  for (const c of staleChains) {
    natChains.writeRaw(chainLine(c)); // flush, so the -X below finds it empty
    natRules.write('-X', c);
  }

  const text = ['*filter\n', filterChains.toString(), filterRules.toString(), 'COMMIT\n', '*nat\n', natChains.toString(), natRules.toString(), 'COMMIT\n'].join('');
  return { text, ruleCounts: { filter: filterRules.ruleCount(), nat: natRules.ruleCount() }, staleChains, activeChains: active, writtenChains };
}
