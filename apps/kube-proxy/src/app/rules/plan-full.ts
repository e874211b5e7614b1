import { jumpArgs, missingJumps } from './jumps';
import { chainLine, LineBuffer } from './line-buffer';
import { TOP_CHAINS, TopChain, topChainName } from './top-chains';
import type { RulesConfig } from './service-rules';
import type { ProxyState } from './types';
import type { ExistingRules, PlannedRules } from './generate';
import { declarations, descending, lineCount, portPass, staleChainsIn, writeFixed } from './plan-common';

/** A full sync's plan once iptables-save has been read: the whole input, and its last part. */
export interface FinishedFullSync extends PlannedRules {
  /** The pieces after FullSyncPlan.rules; `pieces` is the whole input. */
  tail: readonly string[];
}

/**
 * A full sync's restore input planned in steps, so that the restore can parse most of it while
 * the rest is planned and iptables-save runs (iptables-restore, legacy and nft, parses and
 * checks each line as it reads it and applies a table only at its COMMIT). In order:
 * - FULL_SYNC_START: `*nat` and the top-level nat chains declared (known before planning);
 * - `declarations`: every per-service chain the sync writes, in descending name order (see
 *   planRules), before any rule can jump to them;
 * - `rules`: the rules of every nat chain the sync writes;
 * - `finish(existing)`'s `tail`, planned from iptables-save: the stale per-service chains
 *   declared (flushed; descending) and deleted (`-X`, after every rule that could jump to them
 *   was flushed above), the missing jumps from the built-in nat chains, nat's COMMIT, then the
 *   whole filter section (its missing jumps before its rules, as before).
 * Nothing before the tail holds a COMMIT: on its own it changes nothing. The nat section comes
 * first in a full sync (filter first in a partial one, as upstream) since filter needs the save
 * from its first rules on; what is programmed is the same in either order, each table being
 * applied atomically at its own COMMIT.
 */
export interface FullSyncPlan {
  declarations: string;
  rules: readonly string[];
  finish(existing: ExistingRules): FinishedFullSync;
}

/** The first chunk of every full sync's input (see FullSyncPlan). */
export const FULL_SYNC_START = `*nat\n${TOP_CHAINS.filter((c) => c.table === 'nat').map((c) => `${chainLine(c.chain)}\n`).join('')}`;

/** Plans a full sync (see FullSyncPlan): every chain declared and rewritten. Pure. */
export function planFullSync(state: ProxyState, cfg: RulesConfig): FullSyncPlan {
  const p = portPass(state, cfg);
  const filterChains = new LineBuffer(), filterRules = new LineBuffer(), natRules = new LineBuffer();
  for (const { table, chain } of TOP_CHAINS) if (table === 'filter') filterChains.writeRaw(chainLine(chain));
  writeFixed(natRules, TopChain.NatPostrouting);
  writeFixed(natRules, TopChain.NatMarkMasq);
  const chains: string[] = [];
  let writtenChains = 0;
  // Hoisted: TopChain.X in the loop is a module-export getter call per use under tsx (not when bundled).
  const portTop: readonly [LineBuffer, number][] = [[natRules, TopChain.NatServices], [natRules, TopChain.NatNodePorts], [filterRules, TopChain.FilterServices], [filterRules, TopChain.FilterExternalServices]];
  for (const { r } of p.ports) {
    // nat KUBE-SERVICES then KUBE-NODEPORTS: the port's entry rules in the order they were rendered; then its own chains.
    for (const [buf, c] of portTop) buf.writeBlock(r.top[c]!, r.topRules[c]!);
    natRules.writeBlock(r.chainRules, r.chainRuleCount);
    writtenChains += r.chains.length;
    for (const c of r.chains) chains.push(c);
  }
  natRules.writeBlock(p.nodePorts, lineCount(p.nodePorts));
  writeFixed(filterRules, TopChain.FilterForward);
  const declared = declarations(descending(chains));
  const rules = natRules.pieces();
  return {
    declarations: declared,
    rules,
    finish(existing: ExistingRules): FinishedFullSync {
      const staleChains = staleChainsIn(existing, p.active);
      const natTail = new LineBuffer(), filterJumps = new LineBuffer();
      natTail.writeBlock(declarations(descending([...staleChains])), 0); // flushed, so the -X below finds them empty
      for (const c of staleChains) natTail.write('-X', c);
      for (const j of missingJumps('nat', existing.nat)) natTail.write('-I', j.from, ...jumpArgs(j));
      for (const j of missingJumps('filter', existing.filter)) filterJumps.write('-I', j.from, ...jumpArgs(j));
      const tail = [...natTail.pieces(), 'COMMIT\n', '*filter\n', ...filterChains.pieces(), ...filterJumps.pieces(), ...filterRules.pieces(), 'COMMIT\n'];
      return {
        pieces: [FULL_SYNC_START, ...(declared ? [declared] : []), ...rules, ...tail], tail,
        ruleCounts: { filter: filterRules.ruleCount(), nat: natRules.ruleCount() }, ruleTotals: p.totals,
        staleChains, activeChains: p.active, writtenChains, topChains: p.top,
        writtenTopChains: TOP_CHAINS.map((_, i) => topChainName(i)),
      };
    },
  };
}

