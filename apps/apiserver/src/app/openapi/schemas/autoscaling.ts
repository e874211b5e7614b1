/** autoscaling/v1 Scale: the kind served by `<workload>/scale` subresources (if the catalog lists them). */
import { type SchemaSet, groupName, int, kind, obj, str } from './dsl';

const s = (n: string): string => groupName('autoscaling', 'v1', n);

export const AUTOSCALING_SCHEMAS: SchemaSet = {
  [s('Scale')]: kind({ group: 'autoscaling', version: 'v1', kind: 'Scale' }, 'Scale represents a scaling request for a resource.', {
    spec: obj('ScaleSpec describes the attributes of a scale subresource.', { replicas: int('replicas is the desired number of instances for the scaled object.') }),
    status: obj('ScaleStatus represents the current status of a scale subresource.', {
      replicas: int('replicas is the actual number of observed instances of the scaled object.'),
      selector: str('selector is the label query over pods that should match the replicas count, in the serialized form of labels.Selector.'),
    }, ['replicas']),
  }),
};
