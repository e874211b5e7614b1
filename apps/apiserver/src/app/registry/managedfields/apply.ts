import type { KubeObject } from '@tskube/api-types';
import { compare } from './compare';
import { fieldSetOf, isUnder, parsePath, pathString, removePath } from './fieldset';
import type { FieldSet } from './fieldset';
import { dropUnder, entriesOf, keepTimesIfUnchanged, nowTime, setEntries } from './managed';
import type { ManagedEntry, Writer } from './managed';
import { typedMerge } from './merge';

/** One field owned by another manager that this apply would change. */
export interface FieldConflict {
  /** The other manager as upstream prints it: `"kubectl-scale" with subresource "scale" using apps/v1`. */
  manager: string;
  /** `.spec.replicas`, `.spec.ports[port=80,protocol="TCP"].targetPort` */
  field: string;
}

/** Upstream's printManager: quoted name, subresource, and `using <apiVersion>` for Update entries. */
export function printManager(e: Pick<ManagedEntry, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): string {
  let s = JSON.stringify(e.manager);
  if (e.subresource) s += ` with subresource ${JSON.stringify(e.subresource)}`;
  return e.operation === 'Update' ? `${s} using ${e.apiVersion}` : s;
}

/** Upstream's conflict message: one line for a single conflict, grouped by manager otherwise. */
export function conflictMessage(conflicts: readonly FieldConflict[]): string {
  if (conflicts.length === 1) return `Apply failed with 1 conflict: conflict with ${conflicts[0]!.manager}: ${conflicts[0]!.field}`;
  const byManager = new Map<string, string[]>();
  for (const c of conflicts) byManager.set(c.manager, [...(byManager.get(c.manager) ?? []), c.field]);
  const lines = [...byManager.keys()].sort().flatMap((m) => [`conflicts with ${m}:`, ...byManager.get(m)!.map((f) => `- ${f}`)]);
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}

/** Thrown by serverSideApply when conflicts exist and force is off. */
export class ApplyConflictError extends Error {
  constructor(readonly conflicts: FieldConflict[]) {
    super(conflictMessage(conflicts));
  }
}

/**
 * Server-side apply of `applied` (the manager's full intended configuration) onto `live`
 * (undefined to create), as upstream's merge.Updater.Apply (the fields of a live object without
 * managedFields belong to an Update entry `before-first-apply`):
 * 1. the config is merged into `live` with the kind's list/map semantics (merge.ts);
 * 2. fields this manager applied last time and no longer applies are removed unless another
 *    manager owns them (a list item stays while anyone owns a field inside it);
 * 3. fields the result adds or changes that another manager owns are conflicts →
 *    ApplyConflictError unless `force`, which moves them to this manager; unchanged shared
 *    values stay co-owned; removed fields are dropped from every manager;
 * 4. the manager's Apply entry becomes the config's field set; a no-op re-apply keeps the old
 *    managedFields times, so nothing is written.
 * Throws FieldSetError for configs the schema cannot key. Inputs are not mutated.
 */
export function serverSideApply(live: KubeObject | undefined, applied: KubeObject, w: Writer, force: boolean): KubeObject {
  const scope = w.subresource === 'status' ? 'status' : 'main';
  const entries = entriesOf(live);
  if (live && !entries.length) {
    // An object written without managedFields: its fields belong to `before-first-apply` (upstream).
    const set = fieldSetOf(live, { scope });
    if (set.size) entries.push({ entry: { manager: 'before-first-apply', operation: 'Update', apiVersion: w.apiVersion, time: nowTime(), fieldsType: 'FieldsV1', fieldsV1: {} }, set });
  }
  const appliedSet = fieldSetOf(applied, { scope, strict: true });
  const isMine = (e: ManagedEntry): boolean => e.manager === w.manager && e.operation === 'Apply' && (e.subresource ?? '') === (w.subresource ?? '');
  const others = entries.filter((e) => !isMine(e.entry));
  const out = typedMerge(live ?? {}, applied) as KubeObject;
  // managedFields in `out` (live's, or the config's) are overwritten in place below: the key keeps its position, so a no-op stays byte-identical.
  prune(out, entries.find((e) => isMine(e.entry))?.set, [appliedSet, ...others.map((e) => e.set)]);
  const c = compare(live, out, { scope });
  const changed = new Set([...c.added, ...c.modified]);
  const conflicts: FieldConflict[] = [];
  for (const e of others) {
    const hit = [...e.set].filter((k) => changed.has(k)).sort();
    for (const k of hit) conflicts.push({ manager: printManager(e.entry), field: pathString(parsePath(k)) });
    if (hit.length && force) for (const k of hit) e.set.delete(k);
  }
  if (conflicts.length && !force) throw new ApplyConflictError(conflicts.sort((a, b) => (a.manager === b.manager ? 0 : a.manager < b.manager ? -1 : 1)));
  for (const e of others) dropUnder(e.set, c.removed);
  const mine = { entry: { manager: w.manager, operation: 'Apply' as const, apiVersion: w.apiVersion, time: nowTime(), fieldsType: 'FieldsV1' as const, fieldsV1: {}, ...(w.subresource ? { subresource: w.subresource } : {}) }, set: appliedSet };
  setEntries(out, [...others, mine]);
  keepTimesIfUnchanged(live, out);
  return out;
}

/** Removes from `obj` the paths of `last` that no set in `owned` still holds (shallowest first). */
function prune(obj: KubeObject, last: FieldSet | undefined, owned: FieldSet[]): void {
  if (!last) return;
  const stillOwned = (k: string): boolean => {
    const node = k.endsWith(',"."]') ? `${k.slice(0, -5)}]` : k;
    return owned.some((s) => s.has(k) || [...s].some((o) => isUnder(o, node)));
  };
  // Key fields of a list item go only with the item (its `.` path), never on their own.
  const isKeyField = (p: string[]): boolean => {
    const [el, field] = [p.at(-2), p.at(-1)];
    return !!el?.startsWith('k:') && !!field?.startsWith('f:') && field.slice(2) in (JSON.parse(el.slice(2)) as object);
  };
  const dropped = [...last].filter((k) => !stillOwned(k)).map(parsePath).filter((p) => !isKeyField(p));
  for (const p of dropped.sort((a, b) => a.length - b.length)) removePath(obj, p);
}
