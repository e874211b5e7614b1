/** Fallback for kinds without a printer: NAME and CREATED AT, as upstream's default table convertor. */
import type { KubeObject } from '@tskube/api-types';
import { NAME_COLUMN, col, type Printer } from '../types';

export const defaultPrinter: Printer = {
  columns: [NAME_COLUMN, col('Created At', 'date', 'CreationTimestamp is a timestamp representing the server time when this object was created.')],
  cells(obj: KubeObject) {
    return [obj.metadata?.name ?? '', obj.metadata?.creationTimestamp ?? null];
  },
};
