import type { ConfigMap, Container, Pod, Secret, Service } from '@tskube/api-types';
import { expandVars } from './runtime/container-config';
import type { DownwardContext } from './downward-api';
import { podFieldValue, resourceFieldValue } from './downward-api';
import { ContainerConfigError, configMapData, secretData } from './volumes/projection';

/** What a container's env may refer to, fetched beforehand (undefined: the object does not exist). */
export interface EnvLookups {
  configMap(name: string): ConfigMap | undefined;
  secret(name: string): Secret | undefined;
  /** Services for the service-link variables (see {@link serviceEnv}). */
  services: readonly Service[];
}

/** Names of the ConfigMaps and Secrets a container's env and envFrom refer to. */
export function envRefs(c: Container): { configMaps: Set<string>; secrets: Set<string> } {
  const configMaps = new Set<string>();
  const secrets = new Set<string>();
  for (const f of c.envFrom ?? []) {
    if (f.configMapRef?.name) configMaps.add(f.configMapRef.name);
    if (f.secretRef?.name) secrets.add(f.secretRef.name);
  }
  for (const v of c.env ?? []) {
    if (v.valueFrom?.configMapKeyRef?.name) configMaps.add(v.valueFrom.configMapKeyRef.name);
    if (v.valueFrom?.secretKeyRef?.name) secrets.add(v.valueFrom.secretKeyRef.name);
  }
  return { configMaps, secrets };
}

const envName = (s: string): string => s.toUpperCase().replace(/-/g, '_');

/**
 * Service-link variables (upstream `envvars.FromServices`): for each service with a cluster
 * IP, `<NAME>_SERVICE_HOST`, `<NAME>_SERVICE_PORT`, `<NAME>_SERVICE_PORT_<PORTNAME>`, and the
 * Docker-link family `<NAME>_PORT`, `<NAME>_PORT_<port>_<PROTO>[_PROTO|_PORT|_ADDR]`.
 */
export function serviceEnv(services: readonly Service[]): Map<string, string> {
  const env = new Map<string, string>();
  for (const s of services) {
    const ip = s.spec?.clusterIP;
    const ports = s.spec?.ports ?? [];
    if (!ip || ip === 'None' || ports.length === 0) continue;
    const name = envName(s.metadata?.name ?? '');
    env.set(`${name}_SERVICE_HOST`, ip);
    env.set(`${name}_SERVICE_PORT`, String(ports[0]!.port));
    for (const p of ports) if (p.name) env.set(`${name}_SERVICE_PORT_${envName(p.name)}`, String(p.port));
    const first = ports[0]!;
    env.set(`${name}_PORT`, `${(first.protocol ?? 'TCP').toLowerCase()}://${ip}:${first.port}`);
    for (const p of ports) {
      const proto = p.protocol ?? 'TCP';
      const prefix = `${name}_PORT_${p.port}_${proto.toUpperCase()}`;
      env.set(prefix, `${proto.toLowerCase()}://${ip}:${p.port}`);
      env.set(`${prefix}_PROTO`, proto.toLowerCase());
      env.set(`${prefix}_PORT`, String(p.port));
      env.set(`${prefix}_ADDR`, ip);
    }
  }
  return env;
}

/** The services whose variables a pod gets: its namespace's (with enableServiceLinks) and default/kubernetes. */
export function servicesForPod(pod: Pod, all: readonly Service[]): Service[] {
  const ns = pod.metadata?.namespace ?? 'default';
  const links = pod.spec?.enableServiceLinks !== false;
  return all.filter((s) => (links && s.metadata?.namespace === ns) || (s.metadata?.namespace === 'default' && s.metadata?.name === 'kubernetes'));
}

/**
 * A container's environment (upstream `makeEnvironmentVariables`): envFrom, then env (with
 * `$(VAR)` expansion over what is defined so far and the service variables; field and
 * resource field refs through the shared downward API (downward-api.ts),
 * configMap and secret key refs), then service variables not already set. Throws
 * {@link ContainerConfigError} for a missing non-optional ConfigMap, Secret or key.
 */
export function buildEnv(pod: Pod, c: Container, look: EnvLookups, extra: DownwardContext = {}): Map<string, string> {
  const ns = pod.metadata?.namespace ?? 'default';
  const svc = serviceEnv(servicesForPod(pod, look.services));
  const env = new Map<string, string>();
  for (const f of c.envFrom ?? []) {
    const prefix = f.prefix ?? '';
    let data: Map<string, Buffer> | undefined;
    if (f.configMapRef) {
      const cm = look.configMap(f.configMapRef.name ?? '');
      if (!cm && !f.configMapRef.optional) throw new ContainerConfigError(`configmap "${f.configMapRef.name ?? ''}" not found`);
      data = cm ? configMapData(cm) : undefined;
    } else if (f.secretRef) {
      const s = look.secret(f.secretRef.name ?? '');
      if (!s && !f.secretRef.optional) throw new ContainerConfigError(`secret "${f.secretRef.name ?? ''}" not found`);
      data = s ? secretData(s) : undefined;
    }
    for (const [k, v] of data ?? []) if (/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(prefix + k)) env.set(prefix + k, v.toString('utf8'));
  }
  for (const v of c.env ?? []) {
    const from = v.valueFrom;
    if (!from) {
      env.set(v.name, expandVars(v.value ?? '', new Map([...svc, ...env])));
    } else if (from.fieldRef) {
      env.set(v.name, podFieldValue(pod, from.fieldRef.fieldPath, extra) ?? '');
    } else if (from.resourceFieldRef) {
      try {
        env.set(v.name, resourceFieldValue(pod, from.resourceFieldRef, c, extra));
      } catch (err) {
        throw new ContainerConfigError(`env "${v.name}": ${err instanceof Error ? err.message : String(err)}`);
      }
    } else if (from.configMapKeyRef) {
      const r = from.configMapKeyRef;
      const cm = look.configMap(r.name ?? '');
      const val = cm ? configMapData(cm).get(r.key) : undefined;
      if (val !== undefined) env.set(v.name, val.toString('utf8'));
      else if (!r.optional) throw new ContainerConfigError(cm ? `couldn't find key ${r.key} in ConfigMap ${ns}/${r.name ?? ''}` : `configmap "${r.name ?? ''}" not found`);
    } else if (from.secretKeyRef) {
      const r = from.secretKeyRef;
      const s = look.secret(r.name ?? '');
      const val = s ? secretData(s).get(r.key) : undefined;
      if (val !== undefined) env.set(v.name, val.toString('utf8'));
      else if (!r.optional) throw new ContainerConfigError(s ? `couldn't find key ${r.key} in Secret ${ns}/${r.name ?? ''}` : `secret "${r.name ?? ''}" not found`);
    } else {
      env.set(v.name, '');
    }
  }
  for (const [k, v] of svc) if (!env.has(k)) env.set(k, v);
  return env;
}
