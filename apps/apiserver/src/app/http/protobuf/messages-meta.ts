/**
 * k8s.io/apimachinery meta/v1 messages (field numbers from upstream generated.proto):
 * TypeMeta, runtime.Unknown (the envelope), ObjectMeta, OwnerReference, LabelSelector, DeleteOptions.
 */
import { bool, i64, msg, msgs, str, strMap, strs, time, bytes } from './fields';
import type { MessageDef } from './schema';

export const TYPE_META: MessageDef = { 1: str('apiVersion'), 2: str('kind') };

/** runtime.Unknown: the object travels as raw bytes in field 2. */
export const UNKNOWN: MessageDef = { 1: msg('typeMeta', () => TYPE_META), 2: bytes('raw'), 3: str('contentEncoding'), 4: str('contentType') };

export const OWNER_REFERENCE: MessageDef = {
  1: str('kind'), 3: str('name'), 4: str('uid'), 5: str('apiVersion'), 6: bool('controller', { ptr: true }), 7: bool('blockOwnerDeletion', { ptr: true }),
};

export const OBJECT_META: MessageDef = {
  1: str('name'), 2: str('generateName'), 3: str('namespace'), 4: str('selfLink'), 5: str('uid'), 6: str('resourceVersion'),
  7: i64('generation'), 8: time('creationTimestamp'), 9: time('deletionTimestamp'), 10: i64('deletionGracePeriodSeconds', { ptr: true }),
  11: strMap('labels'), 12: strMap('annotations'), 13: msgs('ownerReferences', () => OWNER_REFERENCE), 14: strs('finalizers'),
};

export const LABEL_SELECTOR_REQUIREMENT: MessageDef = { 1: str('key'), 2: str('operator'), 3: strs('values') };
export const LABEL_SELECTOR: MessageDef = { 1: strMap('matchLabels'), 2: msgs('matchExpressions', () => LABEL_SELECTOR_REQUIREMENT) };

export const PRECONDITIONS: MessageDef = { 1: str('uid', { ptr: true }), 2: str('resourceVersion', { ptr: true }) };
export const DELETE_OPTIONS: MessageDef = {
  1: i64('gracePeriodSeconds', { ptr: true }), 2: msg('preconditions', () => PRECONDITIONS), 3: bool('orphanDependents', { ptr: true }),
  4: str('propagationPolicy', { ptr: true }), 5: strs('dryRun'),
};

