/**
 * The `scale` subresource (autoscaling/v1 Scale) of deployments, replicasets and
 * replicationcontrollers: GET builds the Scale from the parent; PUT/PATCH (merge, JSON,
 * strategic) change only the parent's spec.replicas, under the Scale's resourceVersion when
 * it carries one (409 when stale). status.selector is the label selector in string form.
 * managedFields record the write as an `Update` with `subresource: scale` (as upstream).
 */
import type { Context } from 'koa';
import { apiVersionOf } from '@tskube/api-types';
import type { KubeObject, LabelSelector, ResourceInfo, Scale } from '@tskube/api-types';
import { ConflictError, InvalidError, MethodNotSupportedError, OBJECT_MODIFIED, BadRequestError } from '../../errors/api-errors';
import { fieldErr } from '../../errors/field-errors';
import { recordUpdate } from '../../registry/managedfields/managed';
import type { Store } from '../../registry/store';
import type { RequestContext } from '../../registry/strategy';
import { labelSelectorString } from '../../tables/format';
import { decodeObjectBody, mediaType, readBody } from '../body';
import { applyPatch, decodePatch } from '../patch/apply-patch';
import { validatePatchOptions } from '../patch/apply/patch-options';
import { sendJSON } from '../respond';

const SCALE_INFO = { group: 'autoscaling', kind: 'Scale' };

interface Scalable extends KubeObject {
  spec?: { replicas?: number; selector?: LabelSelector | Record<string, string> };
  status?: { replicas?: number };
}

/** status.selector: metav1 selector string (apps) or the map selector (replicationcontrollers). */
function selectorString(info: ResourceInfo, sel: LabelSelector | Record<string, string> | undefined): string {
  if (!sel) return '';
  if (info.group === '') return Object.keys(sel).sort().map((k) => `${k}=${(sel as Record<string, string>)[k] ?? ''}`).join(',');
  return labelSelectorString(sel);
}

/** The Scale view of a workload. */
export function scaleOf(info: ResourceInfo, obj: Scalable): Scale {
  const m = obj.metadata ?? {};
  return {
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: obj.spec?.replicas ?? 0 },
    status: { replicas: obj.status?.replicas ?? 0, selector: selectorString(info, obj.spec?.selector) },
  };
}

function validateScale(name: string, s: Scale): void {
  if (s.kind && s.kind !== 'Scale') throw new BadRequestError(`the kind in the data (${String(s.kind)}) does not match the expected kind (Scale)`);
  const r = s.spec?.replicas;
  if (r === undefined || r === null) return;
  if (typeof r !== 'number' || !Number.isInteger(r) || r < 0) throw new InvalidError(SCALE_INFO, name, [fieldErr.invalid('spec.replicas', r, 'must be greater than or equal to 0')]);
}

/** Serves GET/PUT/PATCH on `<resource>/<name>/scale`. */
export async function serveScale(ctx: Context, store: Store, rc: RequestContext, name: string): Promise<void> {
  const info = store.info;
  if (ctx.method === 'GET') return sendJSON(ctx, 200, scaleOf(info, (await store.get(rc, name))));
  let desired: (cur: Scalable) => Scale;
  if (ctx.method === 'PUT') {
    const body = decodeObjectBody(ctx.get('Content-Type'), await readBody(ctx.req)) as Scale;
    desired = () => body;
  } else if (ctx.method === 'PATCH') {
    const { type, patch } = decodePatch(mediaType(ctx.get('Content-Type')), await readBody(ctx.req));
    validatePatchOptions(type, ctx.query);
    desired = (cur) => applyPatch(type, scaleOf(info, cur), patch);
  } else throw new MethodNotSupportedError(`${info.resource}/scale`, ctx.method);
  // managedFields: the write is recorded here (not by the store) as an Update on subresource
  // `scale` owning the parent's .spec.replicas, with the parent's apiVersion (upstream ScaleHandler).
  const { object } = await store.update({ ...rc, applied: true }, name, (cur) => {
    const old = structuredClone(cur);
    const obj = cur as Scalable;
    const scale = desired(obj);
    validateScale(name, scale);
    const rv = scale.metadata?.resourceVersion;
    if (rv && rv !== obj.metadata?.resourceVersion) throw new ConflictError(info, name, OBJECT_MODIFIED);
    obj.spec = { ...obj.spec, replicas: scale.spec?.replicas ?? 0 };
    if (rc.fieldManager) recordUpdate(old, obj, { manager: rc.fieldManager, apiVersion: apiVersionOf(info), subresource: 'scale' });
    return obj;
  });
  sendJSON(ctx, 200, scaleOf(info, object));
}
