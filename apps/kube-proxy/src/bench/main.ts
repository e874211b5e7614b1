/**
 * kube-proxy benchmark (nx project bench/kube-proxy): drives the Proxier with synthetic Services
 * and Endpoints (no apiserver) against the real iptables-restore, inside network namespaces it
 * creates and deletes (nothing touches the host namespace's rules). Prints Markdown tables.
 * Usage: node --import tsx apps/kube-proxy/src/bench/main.ts [--small] [--backend=legacy|nft|default]...
 *   [--sizes=1000,10000] [--changes=N] [--no-resync] [--first-sync-runs=N] (a reduced run: other sizes, fewer endpoint
 *   changes, no full resync: iptables-nft takes minutes for it at 10,000 services)
 * Default runs: iptables-legacy and iptables-nft, each at 1,000 and 10,000 services × 5
 * endpoints; a size whose first full sync (or raw restore) takes over 5 minutes is given up.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createLogger } from '@tskube/component-base';
import { netnsSkipReason } from '../app/netns.testutil';
import { changeTable, fullSyncTable, withMedianFirstSync } from './report';
import type { Backend, SizeResult } from './run-bench';
import { benchSize } from './run-bench';

const USAGE = 'usage: node --import tsx apps/kube-proxy/src/bench/main.ts [--small] [--backend=legacy|nft|default]... [--sizes=1000,10000] [--changes=N] [--no-resync] [--first-sync-runs=N]\n';

/** The command line, strictly: an unknown flag is an error (it used to start the full 10-minute run). */
function options(): { small: boolean; backends: string[]; sizes?: string; changes?: string; noResync: boolean; firstSyncRuns?: string } {
  const { values } = parseArgs({
    options: { small: { type: 'boolean', default: false }, backend: { type: 'string', multiple: true }, sizes: { type: 'string' }, changes: { type: 'string' }, 'no-resync': { type: 'boolean', default: false }, 'first-sync-runs': { type: 'string' }, help: { type: 'boolean', default: false } },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  return { small: values.small, backends: values.backend ?? [], sizes: values.sizes, changes: values.changes, noResync: values['no-resync'], firstSyncRuns: values['first-sync-runs'] };
}

async function main(): Promise<void> {
  const o = options();
  const small = o.small;
  const skip = netnsSkipReason();
  if (skip) {
    process.stderr.write(`kube-proxy bench: cannot run: ${skip}\n`);
    process.exit(small ? 0 : 1);
  }
  const asked = o.backends as Backend[];
  const backends: Backend[] = asked.length ? asked : small ? ['default'] : ['legacy', 'nft'];
  const sizes = o.sizes?.split(',').map(Number) ?? (small ? [100, 500] : [1000, 10_000]);
  const changes = Number(o.changes ?? (small ? 10 : 50));
  if (o.firstSyncRuns !== undefined && !(Number.isInteger(Number(o.firstSyncRuns)) && Number(o.firstSyncRuns) >= 1)) throw new Error('--first-sync-runs must be a positive integer');
  if (sizes.some((n) => !Number.isInteger(n) || n < 1) || !Number.isInteger(changes) || changes < 1) throw new Error('--sizes must list positive integers and --changes be a positive integer');
  const logger = createLogger('kube-proxy-bench', { level: 'error' });
  const log = (l: string): void => void process.stderr.write(l + '\n');
  const results: SizeResult[] = [];
  const load = loadavg()[0]!.toFixed(1);
  for (const backend of backends) {
    for (const n of sizes) {
      const opts = { backend, endpointsPerService: 5, changes, skipResync: o.noResync, boundMs: 300_000, logger, log };
      const first = await benchSize(n, opts);
      // A first sync of 1,000 services is a few hundred ms, and one run's overhead moves by tens of
      // percent with the machine (the raw restore of the same text alone varied 114-420 ms): such
      // sizes are measured in several fresh runs and judged on the median run.
      const runs = Number(o.firstSyncRuns ?? (small || n > 2000 ? 1 : 5));
      const all = [first];
      for (let k = 1; k < runs && first.gaveUpAfterMs === undefined; k++) all.push(await benchSize(n, { ...opts, firstSyncOnly: true }));
      results.push(all.length > 1 ? withMedianFirstSync(first, all) : first);
    }
  }
  const header = `kube-proxy bench ${new Date().toISOString()} (${small ? 'small' : 'full'}; ${changes} endpoint changes per size; load average ${load} at start, ${loadavg()[0]!.toFixed(1)} at end)`;
  process.stdout.write(`${header}\n\n${fullSyncTable(results)}\n\n${changeTable(results)}\n`);
  for (const r of results) if (r.gaveUpAfterMs === undefined && !(r.fullSync.wallMs > 0 && r.change.sync.p99 > 0)) throw new Error(`bad result for ${r.services} services`);
}

main().catch((err: unknown) => {
  process.stderr.write(`kube-proxy bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
