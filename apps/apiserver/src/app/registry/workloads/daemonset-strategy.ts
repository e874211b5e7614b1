/**
 * apps/v1 DaemonSet: updateStrategy defaults to RollingUpdate (maxUnavailable 1, maxSurge 0),
 * revisionHistoryLimit 10; selector required, matching the template, immutable.
 */
import type { DaemonSet } from '@tskube/api-types';
import { fieldErr } from '../../errors/field-errors';
import type { FieldError } from '../../errors/field-errors';
import { defaultPodSpec } from '../pods/pod-defaults';
import { keepStatus, statusStrategyOf } from '../strategy';
import type { Strategy } from '../strategy';
import { validateSelectorUnchanged, validateWorkloadSpec } from './workload-validation';
import { w } from '../mutable';

export function defaultDaemonSet(ds: DaemonSet): void {
  const spec = (ds.spec ??= {} as DaemonSet['spec'] & object);
  const st = (spec.updateStrategy ??= {});
  st.type ??= 'RollingUpdate';
  if (st.type === 'RollingUpdate') {
    st.rollingUpdate ??= {};
    st.rollingUpdate.maxUnavailable ??= 1;
    st.rollingUpdate.maxSurge ??= 0;
  }
  spec.revisionHistoryLimit ??= 10;
  if (spec.template) defaultPodSpec((spec.template.spec ??= { containers: [] }));
}

function validateDaemonSet(ds: DaemonSet): FieldError[] {
  const out = validateWorkloadSpec(ds.spec, 'daemonset');
  const t = ds.spec?.updateStrategy?.type;
  if (t && !['OnDelete', 'RollingUpdate'].includes(t)) out.push(fieldErr.notSupported('spec.updateStrategy.type', t, ['OnDelete', 'RollingUpdate']));
  return out;
}

export const daemonSetStrategy: Strategy<DaemonSet> = {
  allowCreateOnUpdate: false,
  tracksGeneration: true,
  defaults: defaultDaemonSet,
  prepareForCreate: (_ctx, ds) => {
    delete w(ds).status;
  },
  validate: (_ctx, ds) => validateDaemonSet(ds),
  prepareForUpdate: (_ctx, ds, old) => keepStatus(ds, old),
  validateUpdate: (_ctx, ds, old) => [...validateDaemonSet(ds), ...validateSelectorUnchanged(ds.spec?.selector, old.spec?.selector)],
};

export const daemonSetStatusStrategy: Strategy<DaemonSet> = { ...statusStrategyOf(daemonSetStrategy), validateUpdate: () => [] };
