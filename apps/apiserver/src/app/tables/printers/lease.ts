/** Leases: NAME HOLDER AGE. */
import type { Lease } from '@tskube/api-types';
import { translateTimestampSince } from '../format';
import { AGE_COLUMN, NAME_COLUMN, col, type Printer } from '../types';

export const leasePrinter: Printer<Lease> = {
  columns: [NAME_COLUMN, col('Holder', 'string', 'holderIdentity contains the identity of the holder of a current lease.'), AGE_COLUMN],
  cells(l, now) {
    return [l.metadata?.name ?? '', l.spec?.holderIdentity ?? '', translateTimestampSince(l.metadata?.creationTimestamp, now)];
  },
};
