import type { Service } from '@tskube/api-types';
import { InvalidError } from '../../errors/api-errors';
import { fieldErr } from '../../errors/field-errors';
import { keepStatus, statusStrategyOf } from '../strategy';
import type { Strategy } from '../strategy';
import { ipToInt } from './cidr';
import { IPAllocationError } from './cluster-ip-allocator';
import type { ClusterIPAllocator } from './cluster-ip-allocator';
import { validateService } from './service-validation';
import type { NodePortAllocator } from './node-port-allocator';
import { allocateNodePorts, carryNodePorts, nodePortsOf, releaseNodePorts } from './service-node-ports';
import { w } from '../mutable';

const SERVICE = { group: '', kind: 'Service' };

function needsIP(svc: Service): boolean {
  return (svc.spec?.type ?? 'ClusterIP') !== 'ExternalName' && svc.spec?.clusterIP !== 'None';
}

/** Upstream service defaulting: type, affinity, port protocol and targetPort, traffic policy. */
export function defaultService(svc: Service): void {
  const spec = (svc.spec ??= {});
  spec.type ??= 'ClusterIP';
  spec.sessionAffinity ??= 'None';
  for (const p of spec.ports ?? []) {
    p.protocol ??= 'TCP';
    if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  if (spec.type !== 'ExternalName') spec.internalTrafficPolicy ??= 'Cluster';
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') spec.externalTrafficPolicy ??= 'Cluster';
}

/**
 * Services: ClusterIPs come from the allocator at create (requested IP honoured if free,
 * else 422), `None` means headless, and the IP is released on delete. clusterIP is
 * immutable; an update that omits it keeps the allocated one. NodePort/LoadBalancer
 * services get node ports from `ports` (see service-node-ports.ts): claimed at create and
 * on updates that add them, released on delete and when an update drops them.
 */
export function serviceStrategy(alloc: ClusterIPAllocator, ports?: NodePortAllocator): Strategy<Service> {
  const owner = (svc: Service): string => `${svc.metadata?.namespace ?? ''}/${svc.metadata?.name ?? ''}`;
  const main: Strategy<Service> = {
    allowCreateOnUpdate: false,
    nameRule: 'label',
    defaults: defaultService,
    prepareForCreate: (_ctx, svc) => {
      w(svc).status = { loadBalancer: {} };
    },
    validate: (_ctx, svc) => validateService(svc),
    prepareForUpdate: (_ctx, svc, old) => {
      keepStatus(svc, old);
      const spec = (svc.spec ??= {});
      if (!spec.clusterIP && old.spec?.clusterIP && needsIP(old)) {
        spec.clusterIP = old.spec.clusterIP;
        spec.clusterIPs = old.spec.clusterIPs ?? [old.spec.clusterIP];
      }
      spec.ipFamilies ??= old.spec?.ipFamilies;
      spec.ipFamilyPolicy ??= old.spec?.ipFamilyPolicy;
      carryNodePorts(svc, old);
    },
    validateUpdate: (_ctx, svc, old) => {
      const errs = validateService(svc);
      if (old.spec?.clusterIP && svc.spec?.clusterIP !== old.spec.clusterIP) errs.push(fieldErr.immutable('spec.clusterIPs[0]', svc.spec?.clusterIP ?? ''));
      return errs;
    },
    beforePersist: async (_ctx, svc) => {
      const spec = (svc.spec ??= {});
      if (!needsIP(svc)) {
        if (spec.clusterIP === 'None') spec.clusterIPs = ['None'];
        return;
      }
      try {
        if (spec.clusterIP) await alloc.allocateSpecific(spec.clusterIP, owner(svc));
        else spec.clusterIP = await alloc.allocateNext(owner(svc));
      } catch (err) {
        if (err instanceof IPAllocationError) throw new InvalidError(SERVICE, svc.metadata?.name ?? '', [fieldErr.invalid('spec.clusterIPs[0]', spec.clusterIP ?? '', err.message)]);
        throw err;
      }
      spec.clusterIPs = [spec.clusterIP];
      spec.ipFamilies = ['IPv4'];
      spec.ipFamilyPolicy = 'SingleStack';
      if (!ports) return;
      try {
        await allocateNodePorts(ports, svc, owner(svc));
      } catch (err) {
        await alloc.release(spec.clusterIP);
        throw err;
      }
    },
    rollbackPersist: async (svc) => {
      if (needsIP(svc) && svc.spec?.clusterIP) await alloc.release(svc.spec.clusterIP);
      if (ports) await releaseNodePorts(ports, nodePortsOf(svc), owner(svc));
    },
    afterDelete: async (svc) => {
      const ip = svc.spec?.clusterIP;
      if (ip && ipToInt(ip) !== undefined) await alloc.release(ip);
      if (ports) await releaseNodePorts(ports, nodePortsOf(svc), owner(svc));
    },
    beforeUpdate: async (_ctx, svc, old) => {
      if (ports) await allocateNodePorts(ports, svc, owner(svc), new Set(nodePortsOf(old)));
    },
    afterUpdate: async (svc, old) => {
      const keep = new Set(nodePortsOf(svc));
      if (ports) await releaseNodePorts(ports, nodePortsOf(old).filter((p) => !keep.has(p)), owner(svc));
    },
    rollbackUpdate: async (svc, old) => {
      const held = new Set(nodePortsOf(old));
      if (ports) await releaseNodePorts(ports, nodePortsOf(svc).filter((p) => !held.has(p)), owner(svc));
    },
  };
  return main;
}

export function serviceStatusStrategy(alloc: ClusterIPAllocator, ports?: NodePortAllocator): Strategy<Service> {
  return statusStrategyOf(serviceStrategy(alloc, ports));
}
