/**
 * core/v1 ReplicationController: replicas default 1; an empty selector defaults to the
 * template's labels and empty labels default to the template's (upstream SetDefaults_RC);
 * the selector must be non-empty and match the template; restartPolicy Always.
 */
import type { ReplicationController } from '@tskube/api-types';
import { fieldErr } from '../../errors/field-errors';
import type { FieldError } from '../../errors/field-errors';
import { defaultPodSpec } from '../pods/pod-defaults';
import { validatePodSpec } from '../pods/pod-spec-validation';
import { keepStatus, statusStrategyOf } from '../strategy';
import type { Strategy } from '../strategy';
import { w } from '../mutable';

export function defaultReplicationController(rc: ReplicationController): void {
  const spec = (rc.spec ??= {});
  const tplLabels = spec.template?.metadata?.labels;
  if (tplLabels && Object.keys(tplLabels).length) {
    if (!spec.selector || !Object.keys(spec.selector).length) spec.selector = { ...tplLabels };
    const m = (rc.metadata ??= {});
    if (!m.labels || !Object.keys(m.labels).length) m.labels = { ...tplLabels };
  }
  spec.replicas ??= 1;
  if (spec.template) defaultPodSpec((spec.template.spec ??= { containers: [] }));
}

function validateRC(rc: ReplicationController): FieldError[] {
  const out: FieldError[] = [];
  const spec = rc.spec;
  if (!spec) return [fieldErr.required('spec')];
  if (spec.replicas !== undefined && (!Number.isInteger(spec.replicas) || spec.replicas < 0)) out.push(fieldErr.invalid('spec.replicas', spec.replicas, 'must be greater than or equal to 0'));
  if (spec.minReadySeconds !== undefined && spec.minReadySeconds < 0) out.push(fieldErr.invalid('spec.minReadySeconds', spec.minReadySeconds, 'must be greater than or equal to 0'));
  const sel = spec.selector ?? {};
  if (!Object.keys(sel).length) out.push(fieldErr.required('spec.selector'));
  if (!spec.template) {
    out.push(fieldErr.required('spec.template'));
    return out;
  }
  const labels = spec.template.metadata?.labels ?? {};
  if (Object.keys(sel).length && !Object.entries(sel).every(([k, v]) => labels[k] === v))
    out.push(fieldErr.invalid('spec.template.metadata.labels', labels, '`selector` does not match template `labels`'));
  out.push(...validatePodSpec(spec.template.spec, 'spec.template.spec'));
  const rp = spec.template.spec?.restartPolicy;
  if (rp && rp !== 'Always') out.push(fieldErr.notSupported('spec.template.spec.restartPolicy', rp, ['Always']));
  return out;
}

export const replicationControllerStrategy: Strategy<ReplicationController> = {
  allowCreateOnUpdate: false,
  tracksGeneration: true,
  defaults: defaultReplicationController,
  prepareForCreate: (_ctx, rc) => {
    delete w(rc).status;
  },
  validate: (_ctx, rc) => validateRC(rc),
  prepareForUpdate: (_ctx, rc, old) => keepStatus(rc, old),
  validateUpdate: (_ctx, rc) => validateRC(rc),
};

export const replicationControllerStatusStrategy: Strategy<ReplicationController> = { ...statusStrategyOf(replicationControllerStrategy), validateUpdate: () => [] };
