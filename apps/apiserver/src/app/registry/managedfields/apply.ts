import type { KubeObject } from '@tskube/api-types';
import { strategicMerge } from '../../http/patch/strategic-merge';
import { fieldSetOf, getPath, parsePath, removePath } from './fieldset';
import { entriesOf, nowTime, setEntries } from './managed';
import type { Writer } from './managed';

/** One field owned by another manager with a different value. */
export interface FieldConflict {
  manager: string;
  apiVersion: string;
  /** `.spec.replicas`, `.spec.ports[port=80].targetPort` */
  field: string;
}

/** Thrown by serverSideApply when conflicts exist and force is off. */
export class ApplyConflictError extends Error {
  constructor(readonly conflicts: FieldConflict[]) {
    super(`Apply failed with ${conflicts.length} conflict${conflicts.length === 1 ? '' : 's'}: ${conflicts.map((c) => `conflict with "${c.manager}" using ${c.apiVersion}: ${c.field}`).join('\n')}`);
  }
}

/** Renders a path as upstream prints it in conflicts (`.spec.containers[name="x"].image`). */
export function pathString(path: readonly string[]): string {
  let s = '';
  for (const el of path) {
    if (el.startsWith('f:')) s += `.${el.slice(2)}`;
    else if (el.startsWith('k:')) s += `[${Object.entries(JSON.parse(el.slice(2)) as Record<string, unknown>).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`;
    else if (el.startsWith('v:')) s += `[=${el.slice(2)}]`;
  }
  return s;
}

/**
 * Server-side apply of `applied` (the manager's full intended config) onto `live` (undefined to
 * create). Contract: conflicts are leaf fields of `applied` owned by another manager whose live
 * value differs → ApplyConflictError unless `force` (then ownership moves to this manager);
 * the config is strategic-merged into `live`; fields this manager applied before and no longer
 * applies are removed unless another manager owns them; the manager's Apply entry becomes the
 * full field set of `applied`. Returns the new object (inputs untouched).
 */
export function serverSideApply(live: KubeObject | undefined, applied: KubeObject, w: Writer, force: boolean): KubeObject {
  const entries = entriesOf(live);
  const appliedSet = fieldSetOf(applied);
  const isMine = (e: (typeof entries)[number]): boolean => e.entry.manager === w.manager && e.entry.operation === 'Apply' && (e.entry.subresource ?? '') === (w.subresource ?? '');
  const conflicts: FieldConflict[] = [];
  for (const e of entries) {
    if (isMine(e)) continue;
    for (const k of e.set) {
      if (!appliedSet.has(k) || k.endsWith('"."]')) continue;
      const p = parsePath(k);
      if (JSON.stringify(getPath(applied, p)) !== JSON.stringify(getPath(live, p))) conflicts.push({ manager: e.entry.manager, apiVersion: e.entry.apiVersion, field: pathString(p) });
    }
  }
  if (conflicts.length && !force) throw new ApplyConflictError(conflicts);
  const out = strategicMerge(live ?? {}, applied) as KubeObject;
  const previous = entries.find(isMine)?.set ?? new Set<string>();
  const othersOwn = (k: string): boolean => entries.some((e) => !isMine(e) && e.set.has(k));
  const dropped = [...previous].filter((k) => !appliedSet.has(k) && !othersOwn(k));
  // Shallowest first: a list item goes whole (its "." path) before its fields would lose the key.
  for (const k of dropped.sort((a, b) => a.length - b.length)) removePath(out, parsePath(k));
  const rest = entries.filter((e) => !isMine(e));
  // Forced: conflicting fields move to this manager; equal values stay shared (as upstream).
  const taken = new Set(conflicts.map((c) => c.field));
  for (const e of rest) for (const k of [...e.set]) if (appliedSet.has(k) && taken.has(pathString(parsePath(k)))) e.set.delete(k);
  const mine = { entry: { manager: w.manager, operation: 'Apply' as const, apiVersion: w.apiVersion, time: nowTime(), fieldsType: 'FieldsV1' as const, fieldsV1: {}, ...(w.subresource ? { subresource: w.subresource } : {}) }, set: appliedSet };
  setEntries(out, [...rest, mine]);
  return out;
}
