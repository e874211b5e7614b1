import { validateDNS1123Label } from '@tskube/api-types';
import type { Container, PodSpec } from '@tskube/api-types';
import { fieldErr } from '../../errors/field-errors';
import type { FieldError } from '../../errors/field-errors';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];

function portRange(field: string, v: number | undefined, required: boolean): FieldError[] {
  if (v === undefined || v === 0) return required ? [fieldErr.required(field)] : [];
  if (!Number.isInteger(v) || v < 1 || v > 65535) return [fieldErr.invalid(field, v, 'must be between 1 and 65535, inclusive')];
  return [];
}

function validateContainers(list: Container[], path: string, names: Set<string>): FieldError[] {
  const out: FieldError[] = [];
  list.forEach((c, i) => {
    const p = `${path}[${i}]`;
    if (!c.name) out.push(fieldErr.required(`${p}.name`));
    else {
      for (const msg of validateDNS1123Label(c.name)) out.push(fieldErr.invalid(`${p}.name`, c.name, msg));
      if (names.has(c.name)) out.push(fieldErr.duplicate(`${p}.name`, c.name));
      names.add(c.name);
    }
    if (!c.image || !c.image.trim()) out.push(fieldErr.required(`${p}.image`));
    if (c.imagePullPolicy && !PULL_POLICIES.includes(c.imagePullPolicy)) out.push(fieldErr.notSupported(`${p}.imagePullPolicy`, c.imagePullPolicy, PULL_POLICIES));
    const portNames = new Set<string>();
    (c.ports ?? []).forEach((port, j) => {
      const pp = `${p}.ports[${j}]`;
      out.push(...portRange(`${pp}.containerPort`, port.containerPort, true));
      out.push(...portRange(`${pp}.hostPort`, port.hostPort, false));
      if (port.protocol && !PROTOCOLS.includes(port.protocol)) out.push(fieldErr.notSupported(`${pp}.protocol`, port.protocol, PROTOCOLS));
      if (port.name) {
        if (portNames.has(port.name)) out.push(fieldErr.duplicate(`${pp}.name`, port.name));
        portNames.add(port.name);
      }
    });
    (c.env ?? []).forEach((e, j) => {
      if (!e.name) out.push(fieldErr.required(`${p}.env[${j}].name`));
    });
  });
  return out;
}

/**
 * Upstream ValidatePodSpec (the parts that matter now) under `path` (`spec` for pods,
 * `spec.template.spec` for workloads): containers present, named uniquely (init containers
 * included), images set, ports in range, supported policies.
 */
export function validatePodSpec(spec: PodSpec | undefined, path: string): FieldError[] {
  if (!spec) return [fieldErr.required(path)];
  const out: FieldError[] = [];
  const names = new Set<string>();
  if (!spec.containers?.length) out.push(fieldErr.required(`${path}.containers`));
  else out.push(...validateContainers(spec.containers, `${path}.containers`, names));
  out.push(...validateContainers(spec.initContainers ?? [], `${path}.initContainers`, names));
  if (spec.restartPolicy && !RESTART_POLICIES.includes(spec.restartPolicy)) out.push(fieldErr.notSupported(`${path}.restartPolicy`, spec.restartPolicy, RESTART_POLICIES));
  if (spec.dnsPolicy && !DNS_POLICIES.includes(spec.dnsPolicy)) out.push(fieldErr.notSupported(`${path}.dnsPolicy`, spec.dnsPolicy, DNS_POLICIES));
  if (spec.terminationGracePeriodSeconds !== undefined && spec.terminationGracePeriodSeconds < 0)
    out.push(fieldErr.invalid(`${path}.terminationGracePeriodSeconds`, spec.terminationGracePeriodSeconds, 'must be greater than or equal to 0'));
  const volNames = new Set<string>();
  (spec.volumes ?? []).forEach((v, i) => {
    if (!v.name) out.push(fieldErr.required(`${path}.volumes[${i}].name`));
    else if (volNames.has(v.name)) out.push(fieldErr.duplicate(`${path}.volumes[${i}].name`, v.name));
    volNames.add(v.name);
  });
  return out;
}
