/**
 * core/v1 pod template messages (field numbers from upstream k8s.io/api/core/v1/generated.proto):
 * PodTemplateSpec, PodSpec, Container and what they nest. Fields not listed here (security
 * contexts, affinity, lifecycle hooks, rarely used volume sources) are skipped on decode.
 */
import { bool, i32, i64, inline, intOrStr, msg, msgs, ptrMsg, qty, qtyMap, str, strMap, strs } from './fields';
import { OBJECT_META } from './messages-meta';
import type { MessageDef } from './schema';

export const LOCAL_OBJECT_REFERENCE: MessageDef = { 1: str('name') };
const KEY_SELECTOR: MessageDef = { 1: inline(() => LOCAL_OBJECT_REFERENCE), 2: str('key'), 3: bool('optional', { ptr: true }) };
const OBJECT_FIELD_SELECTOR: MessageDef = { 1: str('apiVersion'), 2: str('fieldPath') };
const RESOURCE_FIELD_SELECTOR: MessageDef = { 1: str('containerName'), 2: str('resource'), 3: qty('divisor') };
const ENV_VAR_SOURCE: MessageDef = {
  1: ptrMsg('fieldRef', () => OBJECT_FIELD_SELECTOR), 2: ptrMsg('resourceFieldRef', () => RESOURCE_FIELD_SELECTOR),
  3: ptrMsg('configMapKeyRef', () => KEY_SELECTOR), 4: ptrMsg('secretKeyRef', () => KEY_SELECTOR),
};
const ENV_VAR: MessageDef = { 1: str('name'), 2: str('value'), 3: ptrMsg('valueFrom', () => ENV_VAR_SOURCE) };
const ENV_SOURCE_REF: MessageDef = { 1: inline(() => LOCAL_OBJECT_REFERENCE), 2: bool('optional', { ptr: true }) };
const ENV_FROM_SOURCE: MessageDef = { 1: str('prefix'), 2: ptrMsg('configMapRef', () => ENV_SOURCE_REF), 3: ptrMsg('secretRef', () => ENV_SOURCE_REF) };
const CONTAINER_PORT: MessageDef = { 1: str('name'), 2: i32('hostPort'), 3: i32('containerPort'), 4: str('protocol'), 5: str('hostIP') };
const RESOURCE_REQUIREMENTS: MessageDef = { 1: qtyMap('limits'), 2: qtyMap('requests') };
const VOLUME_MOUNT: MessageDef = { 1: str('name'), 2: bool('readOnly'), 3: str('mountPath'), 4: str('subPath'), 5: str('mountPropagation', { ptr: true }), 6: str('subPathExpr') };
const HTTP_HEADER: MessageDef = { 1: str('name'), 2: str('value') };
const PROBE_HANDLER: MessageDef = {
  1: ptrMsg('exec', () => ({ 1: strs('command') })),
  2: ptrMsg('httpGet', () => ({ 1: str('path'), 2: intOrStr('port', { ptr: true }), 3: str('host'), 4: str('scheme'), 5: msgs('httpHeaders', () => HTTP_HEADER) })),
  3: ptrMsg('tcpSocket', () => ({ 1: intOrStr('port', { ptr: true }), 2: str('host') })),
};
const PROBE: MessageDef = {
  1: inline(() => PROBE_HANDLER), 2: i32('initialDelaySeconds'), 3: i32('timeoutSeconds'), 4: i32('periodSeconds'),
  5: i32('successThreshold'), 6: i32('failureThreshold'), 7: i64('terminationGracePeriodSeconds', { ptr: true }),
};

export const CONTAINER: MessageDef = {
  1: str('name'), 2: str('image'), 3: strs('command'), 4: strs('args'), 5: str('workingDir'), 6: msgs('ports', () => CONTAINER_PORT),
  7: msgs('env', () => ENV_VAR), 8: msg('resources', () => RESOURCE_REQUIREMENTS), 9: msgs('volumeMounts', () => VOLUME_MOUNT),
  10: ptrMsg('livenessProbe', () => PROBE), 11: ptrMsg('readinessProbe', () => PROBE), 13: str('terminationMessagePath'),
  14: str('imagePullPolicy'), 16: bool('stdin'), 17: bool('stdinOnce'), 18: bool('tty'), 19: msgs('envFrom', () => ENV_FROM_SOURCE),
  20: str('terminationMessagePolicy'), 22: ptrMsg('startupProbe', () => PROBE), 24: str('restartPolicy', { ptr: true }),
};

const KEY_TO_PATH: MessageDef = { 1: str('key'), 2: str('path'), 3: i32('mode', { ptr: true }) };
const VOLUME_SOURCE: MessageDef = {
  1: ptrMsg('hostPath', () => ({ 1: str('path'), 2: str('type', { ptr: true }) })),
  2: ptrMsg('emptyDir', () => ({ 1: str('medium'), 2: { name: 'sizeLimit', type: 'quantity', ptr: true } })),
  6: ptrMsg('secret', () => ({ 1: str('secretName'), 2: msgs('items', () => KEY_TO_PATH), 3: i32('defaultMode', { ptr: true }), 4: bool('optional', { ptr: true }) })),
  10: ptrMsg('persistentVolumeClaim', () => ({ 1: str('claimName'), 2: bool('readOnly') })),
  19: ptrMsg('configMap', () => ({ 1: inline(() => LOCAL_OBJECT_REFERENCE), 2: msgs('items', () => KEY_TO_PATH), 3: i32('defaultMode', { ptr: true }), 4: bool('optional', { ptr: true }) })),
};
const VOLUME: MessageDef = { 1: str('name'), 2: inline(() => VOLUME_SOURCE) };
const TOLERATION: MessageDef = { 1: str('key'), 2: str('operator'), 3: str('value'), 4: str('effect'), 5: i64('tolerationSeconds', { ptr: true }) };
const HOST_ALIAS: MessageDef = { 1: str('ip'), 2: strs('hostnames') };

export const POD_SPEC: MessageDef = {
  1: msgs('volumes', () => VOLUME), 2: msgs('containers', () => CONTAINER), 3: str('restartPolicy'),
  4: i64('terminationGracePeriodSeconds', { ptr: true }), 5: i64('activeDeadlineSeconds', { ptr: true }), 6: str('dnsPolicy'),
  7: strMap('nodeSelector'), 8: str('serviceAccountName'), 9: str('serviceAccount'), 10: str('nodeName'), 11: bool('hostNetwork'),
  12: bool('hostPID'), 13: bool('hostIPC'), 15: msgs('imagePullSecrets', () => LOCAL_OBJECT_REFERENCE), 16: str('hostname'),
  17: str('subdomain'), 19: str('schedulerName'), 20: msgs('initContainers', () => CONTAINER), 21: bool('automountServiceAccountToken', { ptr: true }),
  22: msgs('tolerations', () => TOLERATION), 23: msgs('hostAliases', () => HOST_ALIAS), 24: str('priorityClassName'), 25: i32('priority', { ptr: true }),
  27: bool('shareProcessNamespace', { ptr: true }), 29: str('runtimeClassName', { ptr: true }), 30: bool('enableServiceLinks', { ptr: true }),
  31: str('preemptionPolicy', { ptr: true }),
};

export const POD_TEMPLATE_SPEC: MessageDef = { 1: msg('metadata', () => OBJECT_META), 2: msg('spec', () => POD_SPEC) };

