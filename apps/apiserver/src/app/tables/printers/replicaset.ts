/** ReplicaSets: NAME DESIRED CURRENT READY AGE | CONTAINERS IMAGES SELECTOR. */
import type { ReplicaSet } from '@tskube/api-types';
import { containerCells, formatLabelSelector, translateTimestampSince } from '../format';
import { AGE_COLUMN, NAME_COLUMN, col, type Printer } from '../types';

export const replicaSetPrinter: Printer<ReplicaSet> = {
  columns: [
    NAME_COLUMN,
    col('Desired', 'integer', 'Number of desired pods.'),
    col('Current', 'integer', 'Replicas is the most recently observed number of replicas.'),
    col('Ready', 'integer', 'The number of ready replicas for this replica set.'),
    AGE_COLUMN,
    col('Containers', 'string', 'Names of each container in the template.', 1),
    col('Images', 'string', 'Images referenced by each container in the template.', 1),
    col('Selector', 'string', 'Selector is a label query over pods that should match the replica count.', 1),
  ],
  cells(rs, now) {
    const [names, images] = containerCells(rs.spec?.template?.spec?.containers);
    return [
      rs.metadata?.name ?? '',
      rs.spec?.replicas ?? 0,
      rs.status?.replicas ?? 0,
      rs.status?.readyReplicas ?? 0,
      translateTimestampSince(rs.metadata?.creationTimestamp, now),
      names,
      images,
      formatLabelSelector(rs.spec?.selector),
    ];
  },
};
