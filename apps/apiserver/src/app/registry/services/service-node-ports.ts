import type { Service } from '@tskube/api-types';
import { InvalidError } from '../../errors/api-errors';
import { fieldErr } from '../../errors/field-errors';
import { PortAllocationError } from './node-port-allocator';
import type { NodePortAllocator } from './node-port-allocator';

const SERVICE = { group: '', kind: 'Service' };

/** NodePort and LoadBalancer services get a node port per service port (LoadBalancer is served as NodePort). */
export function needsNodePorts(svc: Service): boolean {
  const t = svc.spec?.type;
  return t === 'NodePort' || t === 'LoadBalancer';
}

/** The node ports a service holds. */
export function nodePortsOf(svc: Service): number[] {
  return needsNodePorts(svc) ? (svc.spec?.ports ?? []).map((p) => p.nodePort).filter((n): n is number => typeof n === 'number' && n > 0) : [];
}

/**
 * Update defaulting as upstream's patchAllocatedValues / dropTypeDependentFields: an update
 * that omits a nodePort keeps the one allocated for the same (port, protocol); a type change
 * away from NodePort drops node ports left unchanged from the old object.
 */
export function carryNodePorts(svc: Service, old: Service): void {
  const ports = svc.spec?.ports ?? [];
  const oldPorts = old.spec?.ports ?? [];
  if (needsNodePorts(svc) && needsNodePorts(old)) {
    for (const p of ports) {
      if (p.nodePort) continue;
      const match = oldPorts.find((o) => o.port === p.port && (o.protocol ?? 'TCP') === (p.protocol ?? 'TCP'));
      if (match?.nodePort) p.nodePort = match.nodePort;
    }
  } else if (!needsNodePorts(svc) && needsNodePorts(old)) {
    const held = new Set(nodePortsOf(old));
    for (const p of ports) if (p.nodePort && held.has(p.nodePort)) delete p.nodePort;
  }
}

/**
 * Claims every node port of `svc` not in `held` (requested ones honoured if free, missing
 * ones picked from the range) and writes them into the spec. All-or-nothing: on failure the
 * ports claimed by this call are released and a 422 names the port
 * (`spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated`).
 * Returns the ports this call claimed.
 */
export async function allocateNodePorts(alloc: NodePortAllocator, svc: Service, owner: string, held: ReadonlySet<number> = new Set()): Promise<number[]> {
  if (!needsNodePorts(svc)) return [];
  const claimed: number[] = [];
  const ports = svc.spec?.ports ?? [];
  // Requested ports first (as upstream), so a picked port can never take one asked for later in the list.
  const order = [...ports.keys()].sort((a, b) => Number(!ports[a]!.nodePort) - Number(!ports[b]!.nodePort));
  for (const i of order) {
    const p = ports[i]!;
    try {
      if (p.nodePort && held.has(p.nodePort)) continue;
      if (p.nodePort) await alloc.allocateSpecific(p.nodePort, owner);
      else p.nodePort = await alloc.allocateNext(owner);
      claimed.push(p.nodePort);
    } catch (err) {
      await releaseNodePorts(alloc, claimed, owner);
      if (err instanceof PortAllocationError) throw new InvalidError(SERVICE, svc.metadata?.name ?? '', [fieldErr.invalid(`spec.ports[${i}].nodePort`, p.nodePort ?? 0, err.message)]);
      throw err;
    }
  }
  return claimed;
}

export async function releaseNodePorts(alloc: NodePortAllocator, ports: readonly number[], owner: string): Promise<void> {
  for (const port of ports) await alloc.release(port, owner);
}
