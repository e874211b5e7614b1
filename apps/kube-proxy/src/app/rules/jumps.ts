import type { SavedTable, TableName } from '../iptables/save-parser';
import { rulesOf } from '../iptables/save-parser';

/** A rule in a built-in chain that sends traffic into one of kube-proxy's chains. */
export interface JumpRule {
  table: TableName;
  /** The built-in chain holding the jump. */
  from: string;
  /** kube-proxy's chain. */
  to: string;
  comment: string;
  /** Matches before the comment (e.g. `-m conntrack --ctstate NEW`). */
  extraArgs: readonly string[];
}

export const KUBE_SERVICES = 'KUBE-SERVICES';
export const KUBE_NODEPORTS = 'KUBE-NODEPORTS';
export const KUBE_POSTROUTING = 'KUBE-POSTROUTING';
export const KUBE_MARK_MASQ = 'KUBE-MARK-MASQ';
export const KUBE_FORWARD = 'KUBE-FORWARD';
export const KUBE_EXTERNAL_SERVICES = 'KUBE-EXTERNAL-SERVICES';

const NEW = ['-m', 'conntrack', '--ctstate', 'NEW'] as const;

/** Every jump kube-proxy keeps in the built-in chains (upstream's iptablesJumpChains subset). */
export const JUMP_RULES: readonly JumpRule[] = [
  { table: 'filter', from: 'INPUT', to: KUBE_EXTERNAL_SERVICES, comment: 'kubernetes externally-visible service portals', extraArgs: NEW },
  { table: 'filter', from: 'FORWARD', to: KUBE_EXTERNAL_SERVICES, comment: 'kubernetes externally-visible service portals', extraArgs: NEW },
  { table: 'filter', from: 'INPUT', to: KUBE_SERVICES, comment: 'kubernetes service portals', extraArgs: NEW },
  { table: 'filter', from: 'FORWARD', to: KUBE_SERVICES, comment: 'kubernetes service portals', extraArgs: NEW },
  { table: 'filter', from: 'OUTPUT', to: KUBE_SERVICES, comment: 'kubernetes service portals', extraArgs: NEW },
  { table: 'filter', from: 'FORWARD', to: KUBE_FORWARD, comment: 'kubernetes forwarding rules', extraArgs: [] },
  { table: 'nat', from: 'OUTPUT', to: KUBE_SERVICES, comment: 'kubernetes service portals', extraArgs: [] },
  { table: 'nat', from: 'PREROUTING', to: KUBE_SERVICES, comment: 'kubernetes service portals', extraArgs: [] },
  { table: 'nat', from: 'POSTROUTING', to: KUBE_POSTROUTING, comment: 'kubernetes postrouting rules', extraArgs: [] },
];

/** The rule arguments after `-I <from>`. */
export function jumpArgs(j: JumpRule): string[] {
  return [...j.extraArgs, '-m', 'comment', '--comment', j.comment, '-j', j.to];
}

/**
 * True when `existing` (iptables-save of j.table) already holds the jump: a rule in `from`
 * with the same target and comment (iptables-save reorders matches, so whole lines are not compared).
 */
export function hasJump(existing: SavedTable | undefined, j: JumpRule): boolean {
  return rulesOf(existing, j.from).some((r) => r.target === j.to && r.comment === j.comment);
}

/** The jumps of `table` missing from `existing`: the ones a sync must insert. */
export function missingJumps(table: TableName, existing: SavedTable | undefined): JumpRule[] {
  return JUMP_RULES.filter((j) => j.table === table && !hasJump(existing, j));
}
