/** apps/v1 DaemonSet and the ControllerRevisions its controller writes. */
import { type SchemaSet, arr, coreName, groupName, int, intOrString, kind, listKind, long, metaName, obj, opaque, ref, str, time } from './dsl';

const a = (n: string): string => groupName('apps', 'v1', n);
const V1 = { group: 'apps', version: 'v1' };

export const APPS_DAEMONSET_SCHEMAS: SchemaSet = {
  [a('DaemonSet')]: kind({ ...V1, kind: 'DaemonSet' }, 'DaemonSet represents the configuration of a daemon set.', {
    spec: ref(a('DaemonSetSpec'), 'The desired behavior of this daemon set.'),
    status: ref(a('DaemonSetStatus'), 'The current status of this daemon set.'),
  }),
  [a('DaemonSetList')]: listKind({ ...V1, kind: 'DaemonSet' }, a('DaemonSet')),
  [a('DaemonSetSpec')]: obj('DaemonSetSpec is the specification of a daemon set.', {
    minReadySeconds: int('The minimum number of seconds for which a newly created DaemonSet pod should be ready without any of its container crashing, for it to be considered available. Defaults to 0.'),
    revisionHistoryLimit: int('The number of old history to retain to allow rollback. Defaults to 10.'),
    selector: ref(metaName('LabelSelector'), 'A label query over pods that are managed by the daemon set. Must match in order to be controlled. It must match the pod template\'s labels.'),
    template: ref(coreName('PodTemplateSpec'), 'An object that describes the pod that will be created. The DaemonSet will create exactly one copy of this pod on every node that matches the template\'s node selector.'),
    updateStrategy: obj('DaemonSetUpdateStrategy is a struct used to control the update strategy for a DaemonSet.', {
      rollingUpdate: obj('Spec to control the desired behavior of daemon set rolling update.', {
        maxSurge: intOrString('The maximum number of nodes with an existing available DaemonSet pod that can have an updated DaemonSet pod during an update. Defaults to 0.'),
        maxUnavailable: intOrString('The maximum number of DaemonSet pods that can be unavailable during the update. Defaults to 1.'),
      }),
      type: str('Type of daemon set update. Can be "RollingUpdate" or "OnDelete". Default is RollingUpdate.'),
    }),
  }, ['selector', 'template']),
  [a('DaemonSetStatus')]: obj('DaemonSetStatus represents the current status of a daemon set.', {
    collisionCount: int('Count of hash collisions for the DaemonSet.'),
    conditions: arr(obj('DaemonSetCondition describes the state of a DaemonSet at a certain point.', {
      lastTransitionTime: time('Last time the condition transitioned from one status to another.'),
      message: str('A human readable message indicating details about the transition.'),
      reason: str('The reason for the condition\'s last transition.'),
      status: str('Status of the condition, one of True, False, Unknown.'),
      type: str('Type of DaemonSet condition.'),
    }, ['type', 'status']), 'Represents the latest available observations of a DaemonSet\'s current state.', { mergeKey: 'type', listType: 'map', mapKeys: ['type'] }),
    currentNumberScheduled: int('The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.'),
    desiredNumberScheduled: int('The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod).'),
    numberAvailable: int('The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available.'),
    numberMisscheduled: int('The number of nodes that are running the daemon pod, but are not supposed to run the daemon pod.'),
    numberReady: int('numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.'),
    numberUnavailable: int('The number of nodes that should be running the daemon pod and have none of the daemon pod running and available.'),
    observedGeneration: long('The most recent generation observed by the daemon set controller.'),
    updatedNumberScheduled: int('The total number of nodes that are running updated daemon pod.'),
  }, ['currentNumberScheduled', 'numberMisscheduled', 'desiredNumberScheduled', 'numberReady']),
  [a('ControllerRevision')]: kind({ ...V1, kind: 'ControllerRevision' }, 'ControllerRevision implements an immutable snapshot of state data. Clients are responsible for serializing and deserializing the objects that contain their internal state.', {
    data: opaque('Data is the serialized representation of the state.'),
    revision: long('Revision indicates the revision of the state represented by Data.'),
  }, ['revision']),
  [a('ControllerRevisionList')]: listKind({ ...V1, kind: 'ControllerRevision' }, a('ControllerRevision')),
};
