import { markdownTable, verdict, writeDocSection } from '@tskube/bench-report';

export { percentile } from '@tskube/bench-report';

/** The kubelet benchmark's figures (milliseconds and MiB). */
export interface KubeletFigures {
  date: string;
  mode: 'small' | 'full';
  singles: number;
  burst: number;
  singleP50Ms: number;
  singleP99Ms: number;
  rawSingleP50Ms: number;
  rawSingleP99Ms: number;
  burstP50Ms: number;
  burstP99Ms: number;
  rawBurstP50Ms: number;
  rawBurstP99Ms: number;
  rssIdleMiB: number;
  rssWithPodsMiB: number;
  load: string;
}

const f0 = (n: number): string => n.toFixed(0);

/** The Markdown table of the figures against the goals. */
export function renderTable(f: KubeletFigures): string {
  const ratio = f.singleP50Ms / f.rawSingleP50Ms;
  const mb = (m: number): number => m * 1.048576;
  return markdownTable(
    ['measure', 'kubelet', 'raw `docker run` pause + app', 'goal', ''],
    [
      [`${f.singles} single pods, create → Running (watch), p50 / p99`, `${f0(f.singleP50Ms)} / ${f0(f.singleP99Ms)} ms`, `${f0(f.rawSingleP50Ms)} / ${f0(f.rawSingleP99Ms)} ms`, `p50 ratio ≤ 1.5 (here ${ratio.toFixed(2)})`, verdict(ratio <= 1.5)],
      [`burst of ${f.burst} pods, p50 / p99`, `${f0(f.burstP50Ms)} / ${f0(f.burstP99Ms)} ms`, `${f0(f.rawBurstP50Ms)} / ${f0(f.rawBurstP99Ms)} ms (${f.burst} pairs in parallel)`, 'p99 ≤ 5 s', verdict(f.burstP99Ms <= 5000)],
      ['kubelet RSS idle', `${f0(f.rssIdleMiB)} MiB`, '—', '< 100 MB', verdict(mb(f.rssIdleMiB) < 100)],
      [`kubelet RSS with ${f.burst} pods`, `${f0(f.rssWithPodsMiB)} MiB`, '—', '< 100 MB', verdict(mb(f.rssWithPodsMiB) < 100)],
    ],
  );
}

/** Replaces (or appends) the kubelet section of docs/benchmarks.md, leaving other sections alone. */
export function updateBenchmarksDoc(path: string, f: KubeletFigures): void {
  writeDocSection(path, 'kubelet', [
    '## kubelet',
    '',
    `Run \`npx nx run bench-kubelet:bench\` (bench/kubelet): a whole cluster in its own network namespace with a private dockerd; pods are created with \`spec.nodeName\` set (no scheduler in the path) and timed until a pod watch shows phase Running. The raw baseline is \`docker run -d tskube/pause\` then \`docker run -d --network container:<id> tskube/web\` on the same engine, in the same run. Last run: ${f.date} (${f.mode}; load average ${f.load}).`,
    '',
    renderTable(f),
    '',
    'When the raw burst p99 is close to the kubelet\'s, the burst is bounded by the Docker engine (2 cores, shared with other work: see the load average), not by the kubelet\'s own overhead.',
  ]);
}
