/**
 * Server-side Table conversion (meta.k8s.io/v1 Table), what makes `kubectl get` print the
 * upstream columns. The REST handlers call `wantsTable(ctx.get('Accept'))` and, when true,
 * answer lists, single gets and each watch event with `toTable(...)`.
 *
 * @example
 *   if (wantsTable(ctx.get('Accept'))) ctx.body = toTable(RESOURCES.pods, list.items, { listMeta: list.metadata, includeObject: q.includeObject });
 *   // watch: first event with headers, later ones with omitHeaders: true; ERROR Status events unconverted.
 */
import type { KubeObject, ListMeta, ResourceInfo } from '@tskube/api-types';
import { parseAccept } from '../discovery/negotiate';
import { printerFor } from './registry';
import type { Table, TableRow } from './types';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface ToTableOptions {
  /** Copied to Table.metadata (resourceVersion, continue, remainingItemCount). */
  listMeta?: ListMeta;
  /** What each row's `object` carries; default Metadata (PartialObjectMetadata). */
  includeObject?: IncludeObject;
  /** Leave `columnDefinitions` empty (watch events after the first). */
  omitHeaders?: boolean;
  /** Epoch ms used for AGE cells; defaults to Date.now(). */
  now?: number;
}

/**
 * True when the Accept header asks for `as=Table;g=meta.k8s.io` (v1 or v1beta1). kubectl
 * also lists plain application/json: callers serve JSON whenever this is false, never 406.
 */
export function wantsTable(accept: string | undefined): boolean {
  // `as=Table` is matched verbatim, so a header without "Table" never asks for one (no parse per write).
  if (!accept?.includes('Table')) return false;
  return parseAccept(accept).some((m) =>
    (m.type === 'application/json' || m.type === '*/*') && m.params['as'] === 'Table' && m.params['g'] === 'meta.k8s.io' && (m.params['v'] === 'v1' || m.params['v'] === 'v1beta1'));
}

/** Parses the `includeObject` query value; undefined for absent or unknown values (= Metadata). */
export function parseIncludeObject(v: string | string[] | undefined): IncludeObject | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  return s === 'None' || s === 'Metadata' || s === 'Object' ? s : undefined;
}

function rowObject(obj: KubeObject, include: IncludeObject): TableRow['object'] {
  switch (include) {
    case 'None': return undefined;
    case 'Object': return obj;
    case 'Metadata': return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata ?? {} };
  }
}

export function toTable(info: ResourceInfo, objects: readonly KubeObject[], opts: ToTableOptions = {}): Table {
  const printer = printerFor(info);
  const now = opts.now ?? Date.now();
  const include = opts.includeObject ?? 'Metadata';
  const lm = opts.listMeta;
  const metadata: ListMeta = {
    ...(lm?.resourceVersion !== undefined ? { resourceVersion: lm.resourceVersion } : {}),
    ...(lm?.continue ? { continue: lm.continue } : {}),
    ...(lm?.remainingItemCount !== undefined ? { remainingItemCount: lm.remainingItemCount } : {}),
  };
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    columnDefinitions: opts.omitHeaders ? [] : printer.columns.map((c) => ({ ...c })),
    rows: objects.map((obj) => {
      const row: TableRow = { cells: printer.cells(obj, now) };
      const conditions = printer.conditions?.(obj);
      if (conditions) row.conditions = conditions;
      const o = rowObject(obj, include);
      if (o) row.object = o;
      return row;
    }),
  };
}
