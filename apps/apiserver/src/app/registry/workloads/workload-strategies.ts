import type { Deployment, DeploymentSpec, ReplicaSet } from '@tskube/api-types';
import { fieldErr } from '../../errors/field-errors';
import type { FieldError } from '../../errors/field-errors';
import { defaultPodSpec } from '../pods/pod-defaults';
import { keepStatus, statusStrategyOf } from '../strategy';
import type { Strategy } from '../strategy';
import { validateSelectorUnchanged, validateWorkloadSpec } from './workload-validation';
import { w } from '../mutable';

/** apps/v1 Deployment defaults: replicas 1, RollingUpdate 25%/25%, history 10, deadline 600s. */
export function defaultDeployment(d: Deployment): void {
  const spec = (d.spec ??= {} as DeploymentSpec);
  spec.replicas ??= 1;
  spec.strategy ??= { type: 'RollingUpdate' };
  spec.strategy.type ??= 'RollingUpdate';
  if (spec.strategy.type === 'RollingUpdate') {
    spec.strategy.rollingUpdate ??= {};
    spec.strategy.rollingUpdate.maxUnavailable ??= '25%';
    spec.strategy.rollingUpdate.maxSurge ??= '25%';
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  if (spec.template) defaultPodSpec((spec.template.spec ??= { containers: [] }));
}

export function defaultReplicaSet(rs: ReplicaSet): void {
  const spec = (rs.spec ??= {} as ReplicaSet['spec'] & object);
  spec.replicas ??= 1;
  if (spec.template) defaultPodSpec((spec.template.spec ??= { containers: [] }));
}

function validateDeployment(d: Deployment): FieldError[] {
  const errs = validateWorkloadSpec(d.spec, 'deployment');
  const st = d.spec?.strategy;
  if (st?.type && !['Recreate', 'RollingUpdate'].includes(st.type)) errs.push(fieldErr.notSupported('spec.strategy.type', st.type, ['Recreate', 'RollingUpdate']));
  if (st?.type === 'Recreate' && st.rollingUpdate) errs.push(fieldErr.forbidden('spec.strategy.rollingUpdate', 'may not be specified when strategy `type` is \'Recreate\''));
  return errs;
}

export const deploymentStrategy: Strategy<Deployment> = {
  allowCreateOnUpdate: false,
  tracksGeneration: true,
  defaults: defaultDeployment,
  prepareForCreate: (_ctx, d) => {
    delete w(d).status;
  },
  validate: (_ctx, d) => validateDeployment(d),
  prepareForUpdate: (_ctx, d, old) => keepStatus(d, old),
  validateUpdate: (_ctx, d, old) => [...validateDeployment(d), ...validateSelectorUnchanged(d.spec?.selector, old.spec?.selector)],
};

export const deploymentStatusStrategy: Strategy<Deployment> = { ...statusStrategyOf(deploymentStrategy), validateUpdate: () => [] };

export const replicaSetStrategy: Strategy<ReplicaSet> = {
  allowCreateOnUpdate: false,
  tracksGeneration: true,
  defaults: defaultReplicaSet,
  prepareForCreate: (_ctx, rs) => {
    delete w(rs).status;
  },
  validate: (_ctx, rs) => validateWorkloadSpec(rs.spec, 'replicaset'),
  prepareForUpdate: (_ctx, rs, old) => keepStatus(rs, old),
  validateUpdate: (_ctx, rs, old) => [...validateWorkloadSpec(rs.spec, 'replicaset'), ...validateSelectorUnchanged(rs.spec?.selector, old.spec?.selector)],
};

export const replicaSetStatusStrategy: Strategy<ReplicaSet> = { ...statusStrategyOf(replicaSetStrategy), validateUpdate: () => [] };
