import type { SavedTable } from '../iptables/save-parser';
import { endpointChainName, isServiceChainName, serviceChainName } from './chain-names';
import { KUBE_FORWARD, KUBE_MARK_MASQ, KUBE_NODEPORTS, KUBE_POSTROUTING, KUBE_SERVICES, jumpArgs, missingJumps } from './jumps';
import { chainLine, LineBuffer } from './line-buffer';
import type { EndpointInfo, ProxyState, ServicePortInfo } from './types';
import { endpointString } from './types';

/** Rule-shaping options from the command line. */
export interface RulesConfig {
  /** `--cluster-cidr`: traffic to a cluster IP from outside it is masqueraded. '' = unknown. */
  clusterCIDR: string;
  /** `--masquerade-all`: masquerade all traffic to cluster IPs. */
  masqueradeAll: boolean;
}

/** iptables-save output of the tables a sync touches (undefined = table empty or unread). */
export interface ExistingRules {
  nat?: SavedTable;
  filter?: SavedTable;
}

/** One sync's restore buffer and what it holds. */
export interface GeneratedRules {
  /** The whole iptables-restore input (`*filter ... COMMIT`, `*nat ... COMMIT`), for `--noflush`. */
  text: string;
  /** Rule lines written per table (the rules-count metric). */
  ruleCounts: { filter: number; nat: number };
  /** Per-service chains present before and deleted by this buffer. */
  staleChains: string[];
}

export const MASQ_MARK = '0x4000';

/** Upstream's probability for endpoint i of n: 1/(n-i), printed with 10 decimals. */
export function probability(remaining: number): string {
  return (1 / remaining).toFixed(10);
}

/** `-m <proto> -p <proto> -d <ip> --dport <port>` as upstream writes it. */
function destArgs(sp: ServicePortInfo): string[] {
  const proto = sp.protocol.toLowerCase();
  return ['-m', proto, '-p', proto, '-d', sp.clusterIP, '--dport', String(sp.port)];
}

function writeServicePort(nat: LineBuffer, natChains: LineBuffer, sp: ServicePortInfo, eps: readonly EndpointInfo[], cfg: RulesConfig): string[] {
  const svcChain = serviceChainName(sp.name, sp.protocol);
  const written = [svcChain];
  natChains.writeRaw(chainLine(svcChain));
  const clusterComment = ['-m', 'comment', '--comment', `${sp.name} cluster IP`];
  nat.write('-A', KUBE_SERVICES, ...clusterComment, ...destArgs(sp), '-j', svcChain);
  if (cfg.masqueradeAll) nat.write('-A', svcChain, ...clusterComment, ...destArgs(sp), '-j', KUBE_MARK_MASQ);
  else if (cfg.clusterCIDR) nat.write('-A', svcChain, ...clusterComment, ...destArgs(sp), '!', '-s', cfg.clusterCIDR, '-j', KUBE_MARK_MASQ);
  // Session affinity (-m recent) and NodePort rules hook in here later.
  const proto = sp.protocol.toLowerCase();
  const seps = eps.map((ep) => ({ ep, ip: endpointString(ep), chain: endpointChainName(sp.name, sp.protocol, endpointString(ep)) }));
  seps.forEach(({ ip, chain }, i) => {
    natChains.writeRaw(chainLine(chain));
    written.push(chain);
    const balance = i < seps.length - 1 ? ['-m', 'statistic', '--mode', 'random', '--probability', probability(seps.length - i)] : [];
    nat.write('-A', svcChain, '-m', 'comment', '--comment', `${sp.name} -> ${ip}`, ...balance, '-j', chain);
  });
  for (const { ep, ip, chain } of seps) {
    // Hairpin: a backend reaching itself through the service must be masqueraded.
    nat.write('-A', chain, '-m', 'comment', '--comment', sp.name, '-s', ep.ip, '-j', KUBE_MARK_MASQ);
    nat.write('-A', chain, '-m', 'comment', '--comment', sp.name, '-m', proto, '-p', proto, '-j', 'DNAT', '--to-destination', ip);
  }
  return written;
}

/**
 * Builds the single iptables-restore buffer (filter, then nat) for `state`: kube-proxy's own
 * chains only, each declared (so created or flushed under `--noflush`) and refilled; stale
 * per-service chains seen in `existing` flushed and deleted (`-X`); jumps from built-in chains
 * inserted only when missing from `existing`. Pure: same input, same text.
 */
export function generateRules(state: ProxyState, existing: ExistingRules, cfg: RulesConfig): GeneratedRules {
  const filterChains = new LineBuffer();
  const filterRules = new LineBuffer();
  const natChains = new LineBuffer();
  const natRules = new LineBuffer();

  for (const c of [KUBE_SERVICES, KUBE_FORWARD]) filterChains.writeRaw(chainLine(c));
  for (const c of [KUBE_SERVICES, KUBE_NODEPORTS, KUBE_POSTROUTING, KUBE_MARK_MASQ]) natChains.writeRaw(chainLine(c));
  for (const j of missingJumps('filter', existing.filter)) filterRules.write('-I', j.from, ...jumpArgs(j));
  for (const j of missingJumps('nat', existing.nat)) natRules.write('-I', j.from, ...jumpArgs(j));

  natRules.write('-A', KUBE_POSTROUTING, '-m', 'mark', '!', '--mark', `${MASQ_MARK}/${MASQ_MARK}`, '-j', 'RETURN');
  natRules.write('-A', KUBE_POSTROUTING, '-j', 'MARK', '--xor-mark', MASQ_MARK);
  natRules.write('-A', KUBE_POSTROUTING, '-m', 'comment', '--comment', 'kubernetes service traffic requiring SNAT', '-j', 'MASQUERADE');
  natRules.write('-A', KUBE_MARK_MASQ, '-j', 'MARK', '--or-mark', MASQ_MARK);

  const active = new Set<string>();
  const ordered = [...state.servicePorts].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.protocol.localeCompare(b.protocol)));
  for (const sp of ordered) {
    const eps = state.endpoints.get(sp.name) ?? [];
    if (eps.length === 0) {
      filterRules.write('-A', KUBE_SERVICES, '-m', 'comment', '--comment', `${sp.name} has no endpoints`, ...destArgs(sp), '-j', 'REJECT', '--reject-with', 'icmp-port-unreachable');
      continue;
    }
    for (const c of writeServicePort(natRules, natChains, sp, eps, cfg)) active.add(c);
  }
  natRules.write('-A', KUBE_SERVICES, '-m', 'comment', '--comment', 'kubernetes service nodeports; NOTE: this must be the last rule in this chain', '-m', 'addrtype', '--dst-type', 'LOCAL', '-j', KUBE_NODEPORTS);

  filterRules.write('-A', KUBE_FORWARD, '-m', 'comment', '--comment', 'kubernetes forwarding rules', '-m', 'mark', '--mark', `${MASQ_MARK}/${MASQ_MARK}`, '-j', 'ACCEPT');
  filterRules.write('-A', KUBE_FORWARD, '-m', 'comment', '--comment', 'kubernetes forwarding conntrack rule', '-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED', '-j', 'ACCEPT');

  const staleChains = [...(existing.nat?.chains.keys() ?? [])].filter((c) => isServiceChainName(c) && !active.has(c));
  for (const c of staleChains) {
    natChains.writeRaw(chainLine(c)); // flush, so the -X below finds it empty
    natRules.write('-X', c);
  }

  const text = ['*filter\n', filterChains.toString(), filterRules.toString(), 'COMMIT\n', '*nat\n', natChains.toString(), natRules.toString(), 'COMMIT\n'].join('');
  return { text, ruleCounts: { filter: filterRules.ruleCount(), nat: natRules.ruleCount() }, staleChains };
}
