/**
 * Top-level kinds kubectl's typed client sends as protobuf (kubectl-compat.md fact 2), by
 * `apiVersion/kind`. Field numbers are upstream's generated.proto facts for each group.
 */
import { bool, bytesMap, i32, i64, intOrStr, msg, msgs, ptrMsg, str, strMap, strs, time } from './fields';
import { DELETE_OPTIONS, LABEL_SELECTOR, OBJECT_META } from './messages-meta';
import { LOCAL_OBJECT_REFERENCE, POD_SPEC, POD_TEMPLATE_SPEC } from './messages-pod';
import type { MessageDef } from './schema';

const meta = msg('metadata', () => OBJECT_META);
const selector = ptrMsg('selector', () => LABEL_SELECTOR);
const template = msg('template', () => POD_TEMPLATE_SPEC);

const DEPLOYMENT_SPEC: MessageDef = {
  1: i32('replicas', { ptr: true }), 2: selector, 3: template,
  4: msg('strategy', () => ({ 1: str('type'), 2: ptrMsg('rollingUpdate', () => ({ 1: intOrStr('maxUnavailable', { ptr: true }), 2: intOrStr('maxSurge', { ptr: true }) })) })),
  5: i32('minReadySeconds'), 6: i32('revisionHistoryLimit', { ptr: true }), 7: bool('paused'), 9: i32('progressDeadlineSeconds', { ptr: true }),
};
const REPLICA_SET_SPEC: MessageDef = { 1: i32('replicas', { ptr: true }), 2: selector, 3: template, 4: i32('minReadySeconds') };
const DAEMON_SET_SPEC: MessageDef = {
  1: selector, 2: template,
  3: msg('updateStrategy', () => ({ 1: str('type'), 2: ptrMsg('rollingUpdate', () => ({ 1: intOrStr('maxUnavailable', { ptr: true }), 2: intOrStr('maxSurge', { ptr: true }) })) })),
  4: i32('minReadySeconds'), 6: i32('revisionHistoryLimit', { ptr: true }),
};
const RC_SPEC: MessageDef = { 1: i32('replicas', { ptr: true }), 2: strMap('selector'), 3: ptrMsg('template', () => POD_TEMPLATE_SPEC), 4: i32('minReadySeconds') };
const JOB_SPEC: MessageDef = {
  1: i32('parallelism', { ptr: true }), 2: i32('completions', { ptr: true }), 3: i64('activeDeadlineSeconds', { ptr: true }), 4: selector,
  5: bool('manualSelector', { ptr: true }), 6: template, 7: i32('backoffLimit', { ptr: true }), 8: i32('ttlSecondsAfterFinished', { ptr: true }),
  9: str('completionMode', { ptr: true }), 10: bool('suspend', { ptr: true }), 12: i32('backoffLimitPerIndex', { ptr: true }),
  13: i32('maxFailedIndexes', { ptr: true }), 14: str('podReplacementPolicy', { ptr: true }),
};
const CRON_JOB_SPEC: MessageDef = {
  1: str('schedule'), 2: i64('startingDeadlineSeconds', { ptr: true }), 3: str('concurrencyPolicy'), 4: bool('suspend', { ptr: true }),
  5: msg('jobTemplate', () => ({ 1: msg('metadata', () => OBJECT_META), 2: msg('spec', () => JOB_SPEC) })),
  6: i32('successfulJobsHistoryLimit', { ptr: true }), 7: i32('failedJobsHistoryLimit', { ptr: true }), 8: str('timeZone', { ptr: true }),
};
const SERVICE_PORT: MessageDef = { 1: str('name'), 2: str('protocol'), 3: i32('port'), 4: intOrStr('targetPort'), 5: i32('nodePort'), 6: str('appProtocol', { ptr: true }) };
const SERVICE_SPEC: MessageDef = {
  1: msgs('ports', () => SERVICE_PORT), 2: strMap('selector'), 3: str('clusterIP'), 4: str('type'), 5: strs('externalIPs'),
  7: str('sessionAffinity'), 8: str('loadBalancerIP'), 9: strs('loadBalancerSourceRanges'), 10: str('externalName'),
  11: str('externalTrafficPolicy'), 12: i32('healthCheckNodePort'), 13: bool('publishNotReadyAddresses'),
  17: str('ipFamilyPolicy', { ptr: true }), 18: strs('clusterIPs'), 19: strs('ipFamilies'), 20: bool('allocateLoadBalancerNodePorts', { ptr: true }),
  21: str('loadBalancerClass', { ptr: true }), 22: str('internalTrafficPolicy', { ptr: true }),
};
const OBJECT_REFERENCE: MessageDef = { 1: str('kind'), 2: str('namespace'), 3: str('name'), 4: str('uid'), 5: str('apiVersion'), 6: str('resourceVersion'), 7: str('fieldPath') };
const RESOURCE_ATTRIBUTES: MessageDef = { 1: str('namespace'), 2: str('verb'), 3: str('group'), 4: str('version'), 5: str('resource'), 6: str('subresource'), 7: str('name') };
const SSAR_SPEC: MessageDef = { 1: ptrMsg('resourceAttributes', () => RESOURCE_ATTRIBUTES), 2: ptrMsg('nonResourceAttributes', () => ({ 1: str('path'), 2: str('verb') })) };
const BOUND_OBJECT_REFERENCE: MessageDef = { 1: str('kind'), 2: str('apiVersion'), 3: str('name'), 4: str('uid') };
const TOKEN_REQUEST_SPEC: MessageDef = { 1: strs('audiences'), 3: ptrMsg('boundObjectRef', () => BOUND_OBJECT_REFERENCE), 4: i64('expirationSeconds', { ptr: true }) };

/** Top-level messages by `apiVersion/kind`. */
export const KIND_MESSAGES: Readonly<Record<string, MessageDef>> = {
  'v1/Namespace': { 1: meta, 2: msg('spec', () => ({ 1: strs('finalizers') })), 3: msg('status', () => ({ 1: str('phase') })) },
  'v1/ConfigMap': { 1: meta, 2: strMap('data'), 3: bytesMap('binaryData'), 4: bool('immutable', { ptr: true }) },
  'v1/Secret': { 1: meta, 2: bytesMap('data'), 3: str('type'), 4: strMap('stringData'), 5: bool('immutable', { ptr: true }) },
  'v1/Service': { 1: meta, 2: msg('spec', () => SERVICE_SPEC) },
  'v1/ServiceAccount': {
    1: meta, 2: msgs('secrets', () => OBJECT_REFERENCE), 3: msgs('imagePullSecrets', () => LOCAL_OBJECT_REFERENCE), 4: bool('automountServiceAccountToken', { ptr: true }),
  },
  'v1/Pod': { 1: meta, 2: msg('spec', () => POD_SPEC) },
  'v1/ReplicationController': { 1: meta, 2: msg('spec', () => RC_SPEC) },
  'apps/v1/Deployment': { 1: meta, 2: msg('spec', () => DEPLOYMENT_SPEC) },
  'apps/v1/ReplicaSet': { 1: meta, 2: msg('spec', () => REPLICA_SET_SPEC) },
  'apps/v1/DaemonSet': { 1: meta, 2: msg('spec', () => DAEMON_SET_SPEC) },
  'batch/v1/Job': { 1: meta, 2: msg('spec', () => JOB_SPEC) },
  'batch/v1/CronJob': { 1: meta, 2: msg('spec', () => CRON_JOB_SPEC) },
  'autoscaling/v1/Scale': { 1: meta, 2: msg('spec', () => ({ 1: i32('replicas') })) },
  'policy/v1/Eviction': { 1: meta, 2: ptrMsg('deleteOptions', () => DELETE_OPTIONS) },
  'authorization.k8s.io/v1/SelfSubjectAccessReview': { 1: meta, 2: msg('spec', () => SSAR_SPEC) },
  'authentication.k8s.io/v1/TokenRequest': { 1: meta, 2: msg('spec', () => TOKEN_REQUEST_SPEC), 3: msg('status', () => ({ 1: str('token'), 2: time('expirationTimestamp') })) },
  'authorization.k8s.io/v1/SelfSubjectRulesReview': { 1: meta, 2: msg('spec', () => ({ 1: str('namespace') })) },
};
