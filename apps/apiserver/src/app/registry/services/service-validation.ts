import { validateDNS1123Label } from '@tskube/api-types';
import type { Service } from '@tskube/api-types';
import { fieldErr } from '../../errors/field-errors';
import type { FieldError } from '../../errors/field-errors';
import { ipToInt } from './cidr';

const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const AFFINITY = ['ClientIP', 'None'];

/** Upstream ValidateService (the parts that matter now). */
export function validateService(svc: Service): FieldError[] {
  const out: FieldError[] = [];
  const spec = svc.spec ?? {};
  const type = spec.type ?? 'ClusterIP';
  if (!TYPES.includes(type)) out.push(fieldErr.notSupported('spec.type', type, TYPES));
  const ports = spec.ports ?? [];
  const headless = spec.clusterIP === 'None';
  if (!ports.length && type !== 'ExternalName' && !headless) out.push(fieldErr.required('spec.ports'));
  if (type === 'ExternalName' && !spec.externalName) out.push(fieldErr.required('spec.externalName'));
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const f = `spec.ports[${i}]`;
    if (ports.length > 1 && !p.name) out.push(fieldErr.required(`${f}.name`));
    if (p.name) {
      for (const msg of validateDNS1123Label(p.name)) out.push(fieldErr.invalid(`${f}.name`, p.name, msg));
      if (names.has(p.name)) out.push(fieldErr.duplicate(`${f}.name`, p.name));
      names.add(p.name);
    }
    if (!p.port) out.push(fieldErr.required(`${f}.port`));
    else if (!Number.isInteger(p.port) || p.port < 1 || p.port > 65535) out.push(fieldErr.invalid(`${f}.port`, p.port, 'must be between 1 and 65535, inclusive'));
    if (p.protocol && !PROTOCOLS.includes(p.protocol)) out.push(fieldErr.notSupported(`${f}.protocol`, p.protocol, PROTOCOLS));
    const tp = p.targetPort;
    if (typeof tp === 'number' && (!Number.isInteger(tp) || tp < 1 || tp > 65535)) out.push(fieldErr.invalid(`${f}.targetPort`, tp, 'must be between 1 and 65535, inclusive'));
    if (typeof tp === 'string' && validateDNS1123Label(tp).length) out.push(fieldErr.invalid(`${f}.targetPort`, tp, 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)'));
    // The node-port range itself is checked by the allocator (it knows --service-node-port-range).
    if (p.nodePort !== undefined && p.nodePort !== 0 && type !== 'NodePort' && type !== 'LoadBalancer') out.push(fieldErr.forbidden(`${f}.nodePort`, `may not be used when \`type\` is '${type}'`));
    else if (p.nodePort !== undefined && (!Number.isInteger(p.nodePort) || p.nodePort < 0 || p.nodePort > 65535)) out.push(fieldErr.invalid(`${f}.nodePort`, p.nodePort, 'must be between 1 and 65535, inclusive'));
  });
  if (spec.clusterIP && spec.clusterIP !== 'None' && ipToInt(spec.clusterIP) === undefined) out.push(fieldErr.invalid('spec.clusterIPs[0]', spec.clusterIP, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
  if (spec.sessionAffinity && !AFFINITY.includes(spec.sessionAffinity)) out.push(fieldErr.notSupported('spec.sessionAffinity', spec.sessionAffinity, AFFINITY));
  return out;
}
