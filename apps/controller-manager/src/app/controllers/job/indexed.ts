/**
 * Indexed completion mode (upstream `job/indexed_job_utils.go`): every pod owns one completion
 * index 0..completions-1, carried by the `batch.kubernetes.io/job-completion-index` annotation
 * and label; containers get `JOB_COMPLETION_INDEX` from that annotation through the downward
 * API, and the pod's hostname is `<job>-<index>`. `status.completedIndexes` lists succeeded
 * indexes as ranges (`0-2,5`). The Job is complete when every index has succeeded.
 */
import type { Job, Pod } from '@tskube/api-types';

export const COMPLETION_INDEX_KEY = 'batch.kubernetes.io/job-completion-index';
export const COMPLETION_INDEX_ENV = 'JOB_COMPLETION_INDEX';
/** Failures of the index before this pod (backoffLimitPerIndex), as upstream. */
export const INDEX_FAILURE_COUNT_KEY = 'batch.kubernetes.io/job-index-failure-count';

export const isIndexed = (j: Readonly<Job>): boolean => j.spec?.completionMode === 'Indexed';

/** The pod's completion index (annotation, else label), or undefined when missing/invalid/out of range. */
export function podIndex(p: Readonly<Pod>, completions: number): number | undefined {
  const v = p.metadata?.annotations?.[COMPLETION_INDEX_KEY] ?? p.metadata?.labels?.[COMPLETION_INDEX_KEY];
  if (v === undefined || !/^\d+$/.test(v)) return undefined;
  const n = Number(v);
  return n < completions ? n : undefined;
}

/** Upstream `succeededIndexes.String()`: sorted, consecutive runs as `a-b`, e.g. `0-2,5`. */
export function formatIndexes(ix: Iterable<number>): string {
  const sorted = [...new Set(ix)].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    out.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return out.join(',');
}

/** Parses `0-2,5` back into indexes below `completions` (malformed parts are ignored). */
export function parseIndexes(s: string | undefined, completions: number): Set<number> {
  const out = new Set<number>();
  for (const part of (s ?? '').split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) continue;
    const lo = Number(m[1]);
    const hi = Math.min(Number(m[2] ?? m[1]), completions - 1);
    for (let i = lo; i <= hi; i++) out.add(i);
  }
  return out;
}

/**
 * The indexes to start now: the lowest ones neither succeeded nor held by an active pod,
 * at most `room` of them (upstream `firstPendingIndexes`).
 */
export function pendingIndexes(completions: number, succeeded: ReadonlySet<number>, active: ReadonlySet<number>, room: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < completions && out.length < room; i++) if (!succeeded.has(i) && !active.has(i)) out.push(i);
  return out;
}

/**
 * Upstream backoffLimitPerIndex accounting: failures per index = the highest, over the index's
 * pods, of the failure count the pod was created with plus one when it failed itself.
 */
export function indexFailures(pods: readonly Readonly<Pod>[], completions: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const p of pods) {
    const i = podIndex(p, completions);
    if (i === undefined) continue;
    const n = (Number(p.metadata?.annotations?.[INDEX_FAILURE_COUNT_KEY] ?? 0) || 0) + (p.status?.phase === 'Failed' ? 1 : 0);
    out.set(i, Math.max(out.get(i) ?? 0, n));
  }
  return out;
}

/**
 * Stamps `pod` (a fresh copy of the template) with index `i`: annotation, label, hostname, env,
 * generateName, and (backoffLimitPerIndex) the index's failure count so far.
 */
export function withIndex(pod: Pod, jobName: string, i: number, failures?: number): Pod {
  const idx = String(i);
  const counted: Record<string, string> = failures !== undefined ? { [INDEX_FAILURE_COUNT_KEY]: String(failures) } : {};
  const md = { ...pod.metadata, generateName: `${jobName}-${idx}-`, annotations: { ...pod.metadata?.annotations, [COMPLETION_INDEX_KEY]: idx, ...counted }, labels: { ...pod.metadata?.labels, [COMPLETION_INDEX_KEY]: idx } };
  const spec = pod.spec ?? { containers: [] };
  const env = { name: COMPLETION_INDEX_ENV, valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${COMPLETION_INDEX_KEY}']` } } };
  const addEnv = <C extends { env?: Array<{ name: string }> }>(c: C): C => (c.env?.some((e) => e.name === COMPLETION_INDEX_ENV) ? c : { ...c, env: [...(c.env ?? []), env] });
  return {
    ...pod,
    metadata: md,
    spec: { ...spec, hostname: spec.hostname ?? `${jobName}-${idx}`, containers: spec.containers.map(addEnv), ...(spec.initContainers ? { initContainers: spec.initContainers.map(addEnv) } : {}) },
  };
}
