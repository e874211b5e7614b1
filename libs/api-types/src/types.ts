/**
 * Wire types of the Kubernetes API, as tskube serves and consumes them.
 *
 * The per-kind shapes come from the npm `kubernetes-types` package (generated from upstream's
 * OpenAPI), re-exported here so every project imports them from one place. The generic
 * envelopes (objects, lists, watch events) are tskube's own.
 */
export type {
  ObjectMeta,
  ListMeta,
  OwnerReference,
  Status,
  StatusDetails,
  StatusCause,
  LabelSelector,
  LabelSelectorRequirement,
  Condition,
  Time,
  DeleteOptions,
  Preconditions,
  APIResource,
  APIResourceList,
  APIGroup,
  APIGroupList,
  APIVersions,
  GroupVersionForDiscovery,
} from 'kubernetes-types/meta/v1';
export type {
  Pod,
  PodSpec,
  PodStatus,
  PodCondition,
  PodTemplateSpec,
  Container,
  ContainerPort,
  ContainerStatus,
  ContainerState,
  EnvVar,
  Volume,
  VolumeMount,
  ResourceRequirements,
  Probe,
  Node,
  NodeSpec,
  NodeStatus,
  NodeCondition,
  NodeAddress,
  NodeSystemInfo,
  Taint,
  Toleration,
  Service,
  ServiceSpec,
  ServicePort,
  Endpoints,
  EndpointSubset,
  EndpointAddress,
  EndpointPort,
  Namespace,
  Event,
  ObjectReference,
  Binding,
  ConfigMap,
  Secret,
  ServiceAccount,
  ReplicationController,
} from 'kubernetes-types/core/v1';
export type {
  Deployment,
  DeploymentSpec,
  DeploymentStatus,
  DeploymentCondition,
  ReplicaSet,
  ReplicaSetSpec,
  ReplicaSetStatus,
  DaemonSet,
  ControllerRevision,
} from 'kubernetes-types/apps/v1';
export type { CronJob, Job, JobSpec, JobStatus } from 'kubernetes-types/batch/v1';
export type { EndpointSlice } from 'kubernetes-types/discovery/v1';
export type { SelfSubjectAccessReview, SelfSubjectRulesReview } from 'kubernetes-types/authorization/v1';
export type { BoundObjectReference, TokenRequest } from 'kubernetes-types/authentication/v1';
export type { Scale } from 'kubernetes-types/autoscaling/v1';
export type { Eviction } from 'kubernetes-types/policy/v1';
export type { Lease } from 'kubernetes-types/coordination/v1';
/** A port or percentage given either as a number or as a name / "25%" string. */
export type IntOrString = number | string;

import type { ObjectMeta, ListMeta, Status } from 'kubernetes-types/meta/v1';

/** Any API object: what every stored or served object has in common. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
}

/** A list response (`PodList`, `NodeList`, ...). `items` is always an array, never null. */
export interface KubeList<T extends KubeObject = KubeObject> {
  apiVersion?: string;
  kind?: string;
  metadata: ListMeta;
  items: T[];
}

/** The event types a watch stream carries, as upstream. */
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/**
 * One line of a watch stream. ERROR events carry a `Status` (410 Expired when the requested
 * resourceVersion was compacted); BOOKMARK events carry the kind with only
 * `metadata.resourceVersion` set.
 */
export type WatchEvent<T extends KubeObject = KubeObject> =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK'; object: T }
  | { type: 'ERROR'; object: Status };
