/** Namespaces: NAME STATUS AGE. */
import type { Namespace } from '@tskube/api-types';
import { translateTimestampSince } from '../format';
import { AGE_COLUMN, NAME_COLUMN, col, type Printer } from '../types';

export const namespacePrinter: Printer<Namespace> = {
  columns: [NAME_COLUMN, col('Status', 'string', 'The status of the namespace'), AGE_COLUMN],
  cells(ns, now) {
    return [ns.metadata?.name ?? '', ns.status?.phase ?? '', translateTimestampSince(ns.metadata?.creationTimestamp, now)];
  },
};
