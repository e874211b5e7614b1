/** core/v1 ConfigMap, Secret, ServiceAccount and ReplicationController. */
import { type SchemaSet, arr, bool, coreName as c, int, kind, listKind, long, obj, ref, str, strMap, time } from './dsl';

const V1 = { group: '', version: 'v1' };
const bytesMap = (desc: string) => ({ type: 'object' as const, description: desc, additionalProperties: { type: 'string' as const, format: 'byte' } });

export const CORE_CONFIG_SCHEMAS: SchemaSet = {
  [c('ConfigMap')]: kind({ ...V1, kind: 'ConfigMap' }, 'ConfigMap holds configuration data for pods to consume.', {
    binaryData: bytesMap('BinaryData contains the binary data. Each key must consist of alphanumeric characters, \'-\', \'_\' or \'.\'.'),
    data: strMap('Data contains the configuration data. Each key must consist of alphanumeric characters, \'-\', \'_\' or \'.\'.'),
    immutable: bool('Immutable, if set to true, ensures that data stored in the ConfigMap cannot be updated (only object metadata can be modified).'),
  }),
  [c('ConfigMapList')]: listKind({ ...V1, kind: 'ConfigMap' }, c('ConfigMap')),
  [c('Secret')]: kind({ ...V1, kind: 'Secret' }, 'Secret holds secret data of a certain type. The total bytes of the values in the Data field must be less than MaxSecretSize bytes.', {
    data: bytesMap('Data contains the secret data. Each key must consist of alphanumeric characters, \'-\', \'_\' or \'.\'. The serialized form of the secret data is a base64 encoded string.'),
    immutable: bool('Immutable, if set to true, ensures that data stored in the Secret cannot be updated (only object metadata can be modified).'),
    stringData: strMap('stringData allows specifying non-binary secret data in string form. It is provided as a write-only input field for convenience. All keys and values are merged into the data field on write.'),
    type: str('Used to facilitate programmatic handling of secret data. Defaults to Opaque.'),
  }),
  [c('SecretList')]: listKind({ ...V1, kind: 'Secret' }, c('Secret')),
  [c('ServiceAccount')]: kind({ ...V1, kind: 'ServiceAccount' }, 'ServiceAccount binds together: a name, understood by users, and perhaps by peripheral systems, for an identity; a principal that can be authenticated and authorized; a set of secrets.', {
    automountServiceAccountToken: bool('AutomountServiceAccountToken indicates whether pods running as this service account should have an API token automatically mounted.'),
    imagePullSecrets: arr(c('LocalObjectReference'), 'ImagePullSecrets is a list of references to secrets in the same namespace to use for pulling any images in pods that reference this ServiceAccount.', { listType: 'atomic' }),
    secrets: arr(c('ObjectReference'), 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.', { mergeKey: 'name', listType: 'map', mapKeys: ['name'] }),
  }),
  [c('ServiceAccountList')]: listKind({ ...V1, kind: 'ServiceAccount' }, c('ServiceAccount')),
  [c('ReplicationController')]: kind({ ...V1, kind: 'ReplicationController' }, 'ReplicationController represents the configuration of a replication controller.', {
    spec: ref(c('ReplicationControllerSpec'), 'Spec defines the specification of the desired behavior of the replication controller.'),
    status: ref(c('ReplicationControllerStatus'), 'Status is the most recently observed status of the replication controller.'),
  }),
  [c('ReplicationControllerList')]: listKind({ ...V1, kind: 'ReplicationController' }, c('ReplicationController')),
  [c('ReplicationControllerSpec')]: obj('ReplicationControllerSpec is the specification of a replication controller.', {
    minReadySeconds: int('Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available.'),
    replicas: int('Replicas is the number of desired replicas. Defaults to 1.'),
    selector: { ...strMap('Selector is a label query over pods that should match the Replicas count. If Selector is empty, it is defaulted to the labels present on the Pod template.'), 'x-kubernetes-map-type': 'atomic' },
    template: ref(c('PodTemplateSpec'), 'Template is the object that describes the pod that will be created if insufficient replicas are detected.'),
  }),
  [c('ReplicationControllerStatus')]: obj('ReplicationControllerStatus represents the current status of a replication controller.', {
    availableReplicas: int('The number of available replicas (ready for at least minReadySeconds) for this replication controller.'),
    conditions: arr(obj('ReplicationControllerCondition describes the state of a replication controller at a certain point.', {
      lastTransitionTime: time('The last time the condition transitioned from one status to another.'),
      message: str('A human readable message indicating details about the transition.'),
      reason: str('The reason for the condition\'s last transition.'),
      status: str('Status of the condition, one of True, False, Unknown.'),
      type: str('Type of replication controller condition.'),
    }, ['type', 'status']), 'Represents the latest available observations of a replication controller\'s current state.', { mergeKey: 'type', listType: 'map', mapKeys: ['type'] }),
    fullyLabeledReplicas: int('The number of pods that have labels matching the labels of the pod template of the replication controller.'),
    observedGeneration: long('ObservedGeneration reflects the generation of the most recently observed replication controller.'),
    readyReplicas: int('The number of ready replicas for this replication controller.'),
    replicas: int('Replicas is the most recently observed number of replicas.'),
  }, ['replicas']),
};
