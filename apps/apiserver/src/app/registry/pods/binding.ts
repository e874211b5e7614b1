import type { Binding, KubeObject, Pod, PodCondition, Status } from '@tskube/api-types';
import { BadRequestError, ConflictError } from '../../errors/api-errors';
import { fieldErr } from '../../errors/field-errors';
import { InvalidError } from '../../errors/api-errors';
import { nowTimestamp } from '../object-meta';
import type { Store } from '../store';
import type { RequestContext } from '../strategy';
import { w } from '../mutable';

/**
 * POST pods/<name>/binding (the scheduler's bind): sets spec.nodeName and the PodScheduled
 * condition under CAS. 409 if the pod is already bound or being deleted. Returns the Success
 * Status upstream returns (HTTP 201).
 */
export async function bindPod(pods: Store, ctx: RequestContext, podName: string, body: KubeObject): Promise<Status> {
  const binding = body as Binding;
  if (binding.metadata?.name && binding.metadata.name !== podName) throw new BadRequestError(`the name of the object (${binding.metadata.name}) does not match the name on the URL (${podName})`);
  const node = binding.target?.name;
  if (!node) throw new InvalidError({ group: '', kind: 'Binding' }, podName, [fieldErr.required('target.name')]);
  await pods.update(
    ctx,
    podName,
    (cur) => {
      const pod = cur as Pod;
      if (binding.metadata?.uid && binding.metadata.uid !== pod.metadata?.uid) throw new ConflictError(pods.info, podName, `Precondition failed: UID in precondition: ${binding.metadata.uid}, UID in object meta: ${pod.metadata?.uid ?? ''}`);
      if (pod.metadata?.deletionTimestamp) throw new ConflictError(pods.info, podName, 'pod is being deleted, cannot be assigned to a host');
      if (pod.spec?.nodeName) throw new ConflictError(pods.info, podName, `pod ${podName} is already assigned to node "${pod.spec.nodeName}"`);
      pod.spec!.nodeName = node;
      const status = w((w(pod).status ??= {}));
      const conds = (status.conditions ?? []).filter((c: PodCondition) => c.type !== 'PodScheduled');
      conds.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null as unknown as string, lastTransitionTime: nowTimestamp() });
      status.conditions = conds;
      if (binding.metadata?.annotations) pod.metadata!.annotations = { ...pod.metadata?.annotations, ...binding.metadata.annotations };
      return pod;
    },
    { subresource: 'binding' },
  );
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
}
