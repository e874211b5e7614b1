/**
 * kube-proxy benchmark (nx project bench/kube-proxy): drives the Proxier with synthetic Services
 * and Endpoints (no apiserver) against the real iptables-restore, inside network namespaces it
 * creates and deletes (nothing touches the host namespace's rules). Prints a Markdown table.
 * Usage: node --import tsx apps/kube-proxy/src/bench/main.ts [--small] [--backend=legacy|nft|default]...
 * Default runs: iptables-legacy at 1,000 and 10,000 services, iptables-nft at 1,000 (nft's
 * restore grows quadratically with the chain count, 10,000 services would take far too long).
 */
import { loadavg } from 'node:os';
import { createLogger } from '@tskube/component-base';
import { netnsSkipReason } from '../app/netns.testutil';
import type { Backend, SizeResult } from './run-bench';
import { benchSize, resultTable } from './run-bench';

async function main(): Promise<void> {
  const small = process.argv.includes('--small');
  const skip = netnsSkipReason();
  if (skip) {
    process.stderr.write(`kube-proxy bench: cannot run: ${skip}\n`);
    process.exit(small ? 0 : 1);
  }
  const asked = process.argv.filter((a) => a.startsWith('--backend=')).map((a) => a.slice('--backend='.length) as Backend);
  const runs: [Backend, number][] = small
    ? (asked.length ? asked : ['default' as Backend]).flatMap((b): [Backend, number][] => [[b, 100], [b, 500]])
    : asked.length ? asked.flatMap((b): [Backend, number][] => [[b, 1000], [b, 10_000]]) : [['legacy', 1000], ['legacy', 10_000], ['nft', 1000]];
  const changes = small ? 10 : 50;
  const logger = createLogger('kube-proxy-bench', { level: 'error' });
  const log = (l: string): void => void process.stderr.write(l + '\n');
  const results: SizeResult[] = [];
  const load = loadavg()[0]!.toFixed(1);
  for (const [backend, n] of runs) results.push(await benchSize(n, { backend, sizes: [n], endpointsPerService: 5, changes, logger, log }));
  process.stdout.write(`kube-proxy bench ${new Date().toISOString()} (${small ? 'small' : 'full'}; ${changes} endpoint changes per size; load average ${load} at start, ${loadavg()[0]!.toFixed(1)} at end)\n\n${resultTable(results)}\n`);
  for (const r of results) if (!(r.fullSyncMs > 0 && r.changeP99Ms > 0)) throw new Error(`bad result for ${r.services} services`);
}

main().catch((err: unknown) => {
  process.stderr.write(`kube-proxy bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
