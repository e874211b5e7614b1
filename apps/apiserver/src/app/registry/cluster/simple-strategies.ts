import type { Endpoints, Event, KubeObject, Lease, Node } from '@tskube/api-types';
import { fieldErr } from '../../errors/field-errors';
import type { FieldError } from '../../errors/field-errors';
import { nowTimestamp } from '../object-meta';
import { keepStatus, statusStrategyOf } from '../strategy';
import type { Strategy } from '../strategy';

/** A strategy with no per-kind rules beyond `validate` (applied to create and update). */
function plain<T extends KubeObject>(validate: (obj: T) => FieldError[] = () => [], extra: Partial<Strategy<T>> = {}): Strategy<T> {
  return {
    allowCreateOnUpdate: true,
    prepareForCreate: () => undefined,
    validate: (_ctx, o) => validate(o),
    prepareForUpdate: () => undefined,
    validateUpdate: (_ctx, o) => validate(o),
    ...extra,
  };
}

function validateEndpoints(ep: Endpoints): FieldError[] {
  const out: FieldError[] = [];
  (ep.subsets ?? []).forEach((s, i) => {
    (s.addresses ?? []).forEach((a, j) => {
      if (!a.ip) out.push(fieldErr.required(`subsets[${i}].addresses[${j}].ip`));
    });
    (s.ports ?? []).forEach((p, j) => {
      if (!Number.isInteger(p.port) || p.port < 1 || p.port > 65535) out.push(fieldErr.invalid(`subsets[${i}].ports[${j}].port`, p.port, 'must be between 1 and 65535, inclusive'));
    });
  });
  return out;
}

export const endpointsStrategy = plain<Endpoints>(validateEndpoints);

export const eventStrategy = plain<Event>(
  (ev) => {
    const out: FieldError[] = [];
    if (ev.involvedObject?.namespace && ev.metadata?.namespace && ev.involvedObject.namespace !== ev.metadata.namespace)
      out.push(fieldErr.invalid('involvedObject.namespace', ev.involvedObject.namespace, 'does not match event.namespace'));
    return out;
  },
  {
    prepareForCreate: (_ctx, ev) => {
      ev.firstTimestamp ??= ev.eventTime ? undefined : nowTimestamp();
      ev.lastTimestamp ??= ev.firstTimestamp;
      ev.count ??= 1;
    },
    fieldAttrs: (ev) => {
      const io = ev.involvedObject ?? {};
      return {
        'involvedObject.kind': io.kind ?? '',
        'involvedObject.namespace': io.namespace ?? '',
        'involvedObject.name': io.name ?? '',
        'involvedObject.uid': io.uid ?? '',
        'involvedObject.apiVersion': io.apiVersion ?? '',
        'involvedObject.resourceVersion': io.resourceVersion ?? '',
        'involvedObject.fieldPath': io.fieldPath ?? '',
        reason: ev.reason ?? '',
        reportingComponent: ev.reportingComponent ?? '',
        source: ev.source?.component ?? '',
        type: ev.type ?? '',
      };
    },
  },
);

export const leaseStrategy = plain<Lease>((l) => {
  const d = l.spec?.leaseDurationSeconds;
  return d !== undefined && d <= 0 ? [fieldErr.invalid('spec.leaseDurationSeconds', d, 'must be greater than 0')] : [];
});

/** Nodes keep the status the kubelet registers with; spec updates keep status and vice versa. */
export const nodeStrategy: Strategy<Node> = plain<Node>(() => [], {
  allowCreateOnUpdate: false,
  prepareForUpdate: (_ctx, n, old) => keepStatus(n, old),
  fieldAttrs: (n) => ({ 'spec.unschedulable': String(n.spec?.unschedulable ?? false) }),
});

export const nodeStatusStrategy: Strategy<Node> = statusStrategyOf(nodeStrategy);
