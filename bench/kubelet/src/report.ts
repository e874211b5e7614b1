import { existsSync, readFileSync, writeFileSync } from 'node:fs';

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

/** The p-th percentile (0..100) by nearest rank; NaN for no samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (!samples.length) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

const f0 = (n: number): string => n.toFixed(0);
const verdict = (ok: boolean): string => (ok ? 'met' : '**missed**');

/** The Markdown table of the figures against the goals. */
export function renderTable(f: KubeletFigures): string {
  const ratio = f.singleP50Ms / f.rawSingleP50Ms;
  const mb = (m: number): number => m * 1.048576;
  return [
    '| measure | kubelet | raw `docker run` pause + app | goal | |',
    '|---|---|---|---|---|',
    `| ${f.singles} single pods, create → Running (watch), p50 / p99 | ${f0(f.singleP50Ms)} / ${f0(f.singleP99Ms)} ms | ${f0(f.rawSingleP50Ms)} / ${f0(f.rawSingleP99Ms)} ms | p50 ratio ≤ 1.5 (here ${ratio.toFixed(2)}) | ${verdict(ratio <= 1.5)} |`,
    `| burst of ${f.burst} pods, p50 / p99 | ${f0(f.burstP50Ms)} / ${f0(f.burstP99Ms)} ms | ${f0(f.rawBurstP50Ms)} / ${f0(f.rawBurstP99Ms)} ms (${f.burst} pairs in parallel) | p99 ≤ 5 s | ${verdict(f.burstP99Ms <= 5000)} |`,
    `| kubelet RSS idle | ${f0(f.rssIdleMiB)} MiB | — | < 100 MB | ${verdict(mb(f.rssIdleMiB) < 100)} |`,
    `| kubelet RSS with ${f.burst} pods | ${f0(f.rssWithPodsMiB)} MiB | — | < 100 MB | ${verdict(mb(f.rssWithPodsMiB) < 100)} |`,
  ].join('\n');
}

const START = '<!-- bench:kubelet:start -->';
const END = '<!-- bench:kubelet:end -->';

/** Replaces (or appends) the kubelet section of docs/benchmarks.md, leaving other sections alone. */
export function updateBenchmarksDoc(path: string, f: KubeletFigures): void {
  const section = [
    START,
    '## kubelet',
    '',
    `Run \`npx nx run bench-kubelet:bench\` (bench/kubelet): a whole cluster in its own network namespace with a private dockerd; pods are created with \`spec.nodeName\` set (no scheduler in the path) and timed until a pod watch shows phase Running. The raw baseline is \`docker run -d tskube/pause\` then \`docker run -d --network container:<id> tskube/web\` on the same engine, in the same run. Last run: ${f.date} (${f.mode}; load average ${f.load}).`,
    '',
    renderTable(f),
    '',
    'When the raw burst p99 is close to the kubelet\'s, the burst is bounded by the Docker engine (2 cores, shared with other work: see the load average), not by the kubelet\'s own overhead.',
    END,
  ].join('\n');
  const old = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  const i = old.indexOf(START);
  const j = old.indexOf(END);
  const next = i >= 0 && j > i ? old.slice(0, i) + section + old.slice(j + END.length) : `${old.trimEnd()}\n\n${section}\n`;
  writeFileSync(path, next);
}
