/** apps/v1 Deployment and ReplicaSet. */
import { type SchemaSet, arr, bool, coreName, groupName, int, intOrString, kind, listKind, long, metaName, obj, ref, str, time } from './dsl';

const a = (n: string): string => groupName('apps', 'v1', n);
const V1 = { group: 'apps', version: 'v1' };
const condition = (what: string, withUpdate: boolean) => obj(`${what}Condition describes the state of a ${what.toLowerCase()} at a certain point.`, {
  lastTransitionTime: time('Last time the condition transitioned from one status to another.'),
  ...(withUpdate ? { lastUpdateTime: time('The last time this condition was updated.') } : {}),
  message: str('A human readable message indicating details about the transition.'),
  reason: str('The reason for the condition\'s last transition.'),
  status: str('Status of the condition, one of True, False, Unknown.'),
  type: str(`Type of ${what.toLowerCase()} condition.`),
}, ['type', 'status']);
const selector = ref(metaName('LabelSelector'), 'Label selector for pods. It must match the pod template\'s labels.');
const template = ref(coreName('PodTemplateSpec'), 'Template describes the pods that will be created.');

export const APPS_SCHEMAS: SchemaSet = {
  [a('Deployment')]: kind({ ...V1, kind: 'Deployment' }, 'Deployment enables declarative updates for Pods and ReplicaSets.', {
    spec: ref(a('DeploymentSpec'), 'Specification of the desired behavior of the Deployment.'),
    status: ref(a('DeploymentStatus'), 'Most recently observed status of the Deployment.'),
  }),
  [a('DeploymentList')]: listKind({ ...V1, kind: 'Deployment' }, a('Deployment')),
  [a('DeploymentSpec')]: obj('DeploymentSpec is the specification of the desired behavior of the Deployment.', {
    minReadySeconds: int('Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available. Defaults to 0.'),
    paused: bool('Indicates that the deployment is paused.'),
    progressDeadlineSeconds: int('The maximum time in seconds for a deployment to make progress before it is considered to be failed. Defaults to 600s.'),
    replicas: int('Number of desired pods. Defaults to 1.'),
    revisionHistoryLimit: int('The number of old ReplicaSets to retain to allow rollback. Defaults to 10.'),
    selector,
    strategy: obj('DeploymentStrategy describes how to replace existing pods with new ones.', {
      rollingUpdate: obj('Spec to control the desired behavior of rolling update.', {
        maxSurge: intOrString('The maximum number of pods that can be scheduled above the desired number of pods. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). Defaults to 25%.'),
        maxUnavailable: intOrString('The maximum number of pods that can be unavailable during the update. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). Defaults to 25%.'),
      }),
      type: str('Type of deployment. Can be "Recreate" or "RollingUpdate". Default is RollingUpdate.'),
    }),
    template,
  }, ['selector', 'template']),
  [a('DeploymentStatus')]: obj('DeploymentStatus is the most recently observed status of the Deployment.', {
    availableReplicas: int('Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
    collisionCount: int('Count of hash collisions for the Deployment.'),
    conditions: arr(condition('Deployment', true), 'Represents the latest available observations of a deployment\'s current state.', { mergeKey: 'type', listType: 'map', mapKeys: ['type'] }),
    observedGeneration: long('The generation observed by the deployment controller.'),
    readyReplicas: int('readyReplicas is the number of pods targeted by this Deployment with a Ready Condition.'),
    replicas: int('Total number of non-terminated pods targeted by this deployment (their labels match the selector).'),
    terminatingReplicas: int('Total number of terminating pods targeted by this deployment.'),
    unavailableReplicas: int('Total number of unavailable pods targeted by this deployment.'),
    updatedReplicas: int('Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
  }),
  [a('ReplicaSet')]: kind({ ...V1, kind: 'ReplicaSet' }, 'ReplicaSet ensures that a specified number of pod replicas are running at any given time.', {
    spec: ref(a('ReplicaSetSpec'), 'Spec defines the specification of the desired behavior of the ReplicaSet.'),
    status: ref(a('ReplicaSetStatus'), 'Status is the most recently observed status of the ReplicaSet.'),
  }),
  [a('ReplicaSetList')]: listKind({ ...V1, kind: 'ReplicaSet' }, a('ReplicaSet')),
  [a('ReplicaSetSpec')]: obj('ReplicaSetSpec is the specification of a ReplicaSet.', {
    minReadySeconds: int('Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available.'),
    replicas: int('Replicas is the number of desired pods. Defaults to 1.'),
    selector,
    template,
  }, ['selector']),
  [a('ReplicaSetStatus')]: obj('ReplicaSetStatus represents the current status of a ReplicaSet.', {
    availableReplicas: int('The number of available non-terminating pods (ready for at least minReadySeconds) for this replica set.'),
    conditions: arr(condition('ReplicaSet', false), 'Represents the latest available observations of a replica set\'s current state.', { mergeKey: 'type', listType: 'map', mapKeys: ['type'] }),
    fullyLabeledReplicas: int('The number of non-terminating pods that have labels matching the labels of the pod template of the replicaset.'),
    observedGeneration: long('ObservedGeneration reflects the generation of the most recently observed ReplicaSet.'),
    readyReplicas: int('The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition.'),
    replicas: int('Replicas is the most recently observed number of non-terminating pods.'),
    terminatingReplicas: int('The number of terminating pods for this replica set.'),
  }, ['replicas']),
};
