/** ControllerRevisions: NAME CONTROLLER REVISION AGE (upstream printControllerRevision). */
import type { ControllerRevision } from '@tskube/api-types';
import { translateTimestampSince } from '../format';
import { AGE_COLUMN, NAME_COLUMN, col, type Printer } from '../types';

export const controllerRevisionPrinter: Printer<ControllerRevision> = {
  columns: [NAME_COLUMN, col('Controller', 'string', 'Controller of the object'), col('Revision', 'integer', 'Revision indicates the revision of the state represented by Data.'), AGE_COLUMN],
  cells(cr, now) {
    const ref = (cr.metadata?.ownerReferences ?? []).find((o) => o.controller);
    const group = ref?.apiVersion.includes('/') ? `.${ref.apiVersion.split('/')[0] ?? ''}` : '';
    const controller = ref ? `${ref.kind.toLowerCase()}${group}/${ref.name}` : '<none>';
    return [cr.metadata?.name ?? '', controller, cr.revision ?? 0, translateTimestampSince(cr.metadata?.creationTimestamp, now)];
  },
};
