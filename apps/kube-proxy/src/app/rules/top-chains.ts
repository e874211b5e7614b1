import type { TableName } from '../iptables/save-parser';
import { KUBE_EXTERNAL_SERVICES, KUBE_FORWARD, KUBE_MARK_MASQ, KUBE_NODEPORTS, KUBE_POSTROUTING, KUBE_SERVICES } from './jumps';
import { EXTERNAL_CHAIN_PREFIX, SERVICE_CHAIN_PREFIX } from './chain-names';

/**
 * kube-proxy's top-level chains: the chains it owns that are not per service (the built-in
 * chains jump into them; they jump into the per-service chains). A sync writes each of them
 * whole (declared, i.e. flushed, then filled) or not at all. Indices into TOP_CHAINS, in the
 * order the restore text declares them.
 */
export const TopChain = {
  FilterServices: 0,
  FilterExternalServices: 1,
  FilterForward: 2,
  NatServices: 3,
  NatNodePorts: 4,
  NatPostrouting: 5,
  NatMarkMasq: 6,
} as const;
export type TopChain = (typeof TopChain)[keyof typeof TopChain];

/** Table and name of each TopChain, by index. */
export const TOP_CHAINS: readonly { readonly table: TableName; readonly chain: string }[] = [
  { table: 'filter', chain: KUBE_SERVICES },
  { table: 'filter', chain: KUBE_EXTERNAL_SERVICES },
  { table: 'filter', chain: KUBE_FORWARD },
  { table: 'nat', chain: KUBE_SERVICES },
  { table: 'nat', chain: KUBE_NODEPORTS },
  { table: 'nat', chain: KUBE_POSTROUTING },
  { table: 'nat', chain: KUBE_MARK_MASQ },
];

/** `<table> <chain>` of a TopChain (logs, specs). */
export const topChainName = (i: number): string => `${TOP_CHAINS[i]!.table} ${TOP_CHAINS[i]!.chain}`;

/**
 * The rules of every top-level chain, by TopChain index, each as the newline-terminated pieces
 * (non-empty) whose concatenation is the chain's rules in order. A service port's pieces are its
 * render cache's strings, so an unchanged port contributes the same string objects every sync.
 */
export type TopChainRules = readonly (readonly string[])[];

/**
 * True when `a` and `b` are the same text piece by piece: same number of pieces, each equal
 * (the same string object, in the common case, so the check is O(pieces) pointer compares).
 * Equal pieces mean byte-identical rules; differently split equal text reads as a change
 * (then the chain is merely rewritten).
 */
export function samePieces(a: readonly string[] | undefined, b: readonly string[]): boolean {
  if (a === undefined || a.length !== b.length) return false;
  for (let i = 0; i < b.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The top-level chains that may jump to a per-service chain: KUBE-SERVICES → KUBE-SVC-/KUBE-EXT-, KUBE-NODEPORTS → KUBE-EXT-. */
function jumpersTo(chain: string): TopChain[] {
  if (chain.startsWith(SERVICE_CHAIN_PREFIX)) return [TopChain.NatServices];
  if (chain.startsWith(EXTERNAL_CHAIN_PREFIX)) return [TopChain.NatServices, TopChain.NatNodePorts];
  return [];
}

/**
 * Which top-level chains a sync must write, by TopChain index.
 * - `known` undefined (a full sync, or what is programmed is not known): every one.
 * - Otherwise (a partial sync; `known` is what the last successful restore left in the kernel):
 *   the ones whose rules differ from `known`. A restore that deletes a chain a top-level chain
 *   may jump to (a KUBE-SVC- chain: nat KUBE-SERVICES; a KUBE-EXT- chain: also KUBE-NODEPORTS)
 *   also writes that top-level chain, so the jump goes in the same restore as the chain (`-X`
 *   fails on a referenced chain). When `known` is right the comparison already implies this:
 *   the jump was in `known` and is not in `now`; this makes it hold by construction.
 */
export function topChainsToWrite(now: TopChainRules, known: TopChainRules | undefined, staleChains: readonly string[]): boolean[] {
  if (known === undefined) return now.map(() => true);
  const write = now.map((pieces, i) => !samePieces(known[i], pieces));
  for (const c of staleChains) for (const t of jumpersTo(c)) write[t] = true;
  return write;
}
