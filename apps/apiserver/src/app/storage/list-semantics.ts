import { parseRevision } from './codec';
import type { ListOptions } from './types';

/**
 * How a list must be served (upstream `storage.ListOptions` + `resourceVersionMatch`):
 * - `consistent`: resourceVersion unset — the latest state, read from the store;
 * - `any`: "0" (what informers send) — any state, the watch cache may answer;
 * - `notOlderThan`: "N" with match NotOlderThan, or legacy (no match, no limit) — a state at least as new as N;
 * - `exact`: "N" with match Exact, or legacy with a limit (paging) — exactly the state at N.
 * Continue tokens carry their own revision and override all of this.
 * Throws RangeError for a resourceVersion that is not a decimal revision.
 */
export type ListSemantics = { kind: 'consistent' } | { kind: 'any' } | { kind: 'notOlderThan'; rv: number } | { kind: 'exact'; rv: number };

export function listSemantics(opts: Pick<ListOptions, 'resourceVersion' | 'resourceVersionMatch' | 'limit'>): ListSemantics {
  const raw = opts.resourceVersion;
  if (raw === undefined || raw === '') return { kind: 'consistent' };
  const rv = parseRevision(raw);
  if (opts.resourceVersionMatch === 'Exact') return { kind: 'exact', rv };
  if (rv === 0) return { kind: 'any' };
  if (opts.resourceVersionMatch === 'NotOlderThan') return { kind: 'notOlderThan', rv };
  return opts.limit && opts.limit > 0 ? { kind: 'exact', rv } : { kind: 'notOlderThan', rv };
}
