import type { SavedTable } from '../iptables/save-parser';
import { isBuiltinChain } from '../iptables/save-parser';
import { isServiceChainName } from './chain-names';
import type { ExistingRules } from './generate';
import { KUBE_EXTERNAL_SERVICES, KUBE_FORWARD, KUBE_MARK_MASQ, KUBE_NODEPORTS, KUBE_POSTROUTING, KUBE_SERVICES } from './jumps';
import { chainLine, LineBuffer } from './line-buffer';

/** The fixed chains kube-proxy creates, per table (per-service chains are found by prefix). */
const OWN_CHAINS: Readonly<Record<'nat' | 'filter', readonly string[]>> = {
  nat: [KUBE_SERVICES, KUBE_NODEPORTS, KUBE_POSTROUTING, KUBE_MARK_MASQ],
  filter: [KUBE_SERVICES, KUBE_EXTERNAL_SERVICES, KUBE_FORWARD, KUBE_NODEPORTS],
};

function cleanupTable(name: 'nat' | 'filter', table: SavedTable | undefined): string {
  if (!table) return '';
  const own = [...table.chains.keys()].filter((c) => OWN_CHAINS[name].includes(c) || (name === 'nat' && isServiceChainName(c)));
  if (own.length === 0) return '';
  const ownSet = new Set(own);
  const buf = new LineBuffer();
  buf.writeRaw(`*${name}`);
  for (const c of own) buf.writeRaw(chainLine(c)); // flush
  // Delete every jump from a built-in chain into ours, exactly as iptables-save printed it.
  for (const r of table.rules) {
    if (isBuiltinChain(name, r.chain) && r.target !== undefined && ownSet.has(r.target)) buf.write('-D', r.chain, ...r.args);
  }
  for (const c of own) buf.write('-X', c);
  buf.writeRaw('COMMIT');
  return buf.toString();
}

/**
 * The restore buffer for `--cleanup`: removes the jumps from built-in chains into kube-proxy's
 * chains, then flushes and deletes those chains (fixed KUBE- chains and every per-service
 * chain). Returns '' when there is nothing to remove. Other chains (Docker's, the kubelet's
 * KUBE-FIREWALL ...) are left alone.
 */
export function generateCleanup(existing: ExistingRules): string {
  return cleanupTable('filter', existing.filter) + cleanupTable('nat', existing.nat);
}
