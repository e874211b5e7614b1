/** Server-side Table conversion for `kubectl get` (upstream printer columns per kind). */
export { toTable, wantsTable, parseIncludeObject, type ToTableOptions, type IncludeObject } from './table';
export { printerFor } from './registry';
export { humanDuration, translateTimestampSince } from './format';
export type { Table, TableRow, TableColumnDefinition, PartialObjectMetadata, Printer } from './types';
