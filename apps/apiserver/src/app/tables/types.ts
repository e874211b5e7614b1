/** meta.k8s.io/v1 Table types and the printer contract. */
import type { KubeObject, ListMeta, ObjectMeta } from '@tskube/api-types';

export interface TableColumnDefinition {
  name: string;
  /** string | integer | number | boolean | date */
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format: string;
  description: string;
  /** 0 = default column, 1 = only with `-o wide`. */
  priority: number;
}

export interface PartialObjectMetadata {
  kind: 'PartialObjectMetadata';
  apiVersion: 'meta.k8s.io/v1';
  metadata: ObjectMeta;
}

export interface TableRow {
  cells: unknown[];
  conditions?: { type: string; status: string; reason?: string; message?: string }[];
  object?: KubeObject | PartialObjectMetadata;
}

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: ListMeta;
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}

/**
 * Converts one kind to table rows like upstream's pkg/printers/internalversion, always with
 * the wide (priority 1) cells: `cells(obj).length === columns.length`.
 */
export interface Printer<T extends KubeObject = KubeObject> {
  columns: readonly TableColumnDefinition[];
  /** `now` is epoch milliseconds, for AGE-style cells. */
  cells(obj: T, now: number): unknown[];
  conditions?(obj: T): TableRow['conditions'];
}

/** Column helper: `col('Ready', 'string', 'desc')`, `col('IP', 'string', 'desc', 1)`. */
export function col(name: string, type: TableColumnDefinition['type'], description: string, priority = 0, format = ''): TableColumnDefinition {
  return { name, type, format, description, priority };
}

export const NAME_COLUMN = col('Name', 'string', 'Name must be unique within a namespace. Cannot be updated.', 0, 'name');
export const AGE_COLUMN = col('Age', 'string', 'CreationTimestamp is a timestamp representing the server time when this object was created.');
