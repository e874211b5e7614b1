import type Docker from 'dockerode';
import type { Container, EnvVar, Pod } from '@tskube/api-types';
import { parseQuantity } from '@tskube/api-types';
import { podFieldValue } from '../downward-api';
import type { StartContainerOptions } from './runtime';

/**
 * Translates a pod's container spec into Docker create options (upstream dockershim's
 * `CreateContainer` + the kubelet's `GenerateRunContainerOptions`): command → Entrypoint,
 * args → Cmd, env with downward-API field refs and `$(VAR)` expansion, workingDir, resource
 * limits, and the sandbox's network/IPC namespaces. Container ports are not exposed on the app
 * container: Docker rejects ExposedPorts with a `container:` network mode, and the ports live
 * in the sandbox's network namespace anyway (hostPort mappings belong on the sandbox).
 */
export function containerCreateOptions(pod: Pod, c: Container, opts: StartContainerOptions & { name: string; labels: Record<string, string> }): Docker.ContainerCreateOptions {
  const env = opts.env ? new Map(opts.env) : resolveEnv(pod, c.env ?? [], opts);
  const expand = (s: string): string => expandVars(s, env);
  const limits = c.resources?.limits ?? {};
  const hostConfig: Docker.HostConfig = {
    NetworkMode: `container:${opts.sandboxId}`,
    IpcMode: `container:${opts.sandboxId}`,
    ...(pod.spec?.shareProcessNamespace ? { PidMode: `container:${opts.sandboxId}` } : {}),
    Privileged: c.securityContext?.privileged === true,
    ReadonlyRootfs: c.securityContext?.readOnlyRootFilesystem === true,
    ...(opts.binds?.length ? { Binds: opts.binds } : {}),
    LogConfig: { Type: 'json-file', Config: {} },
  };
  if (limits['memory'] !== undefined) hostConfig.Memory = Math.round(parseQuantity(limits['memory']));
  if (limits['cpu'] !== undefined) hostConfig.NanoCpus = Math.round(parseQuantity(limits['cpu']) * 1e9);
  const out: Docker.ContainerCreateOptions = {
    name: opts.name,
    Image: opts.imageRef,
    Labels: opts.labels,
    Env: [...env.entries()].map(([k, v]) => `${k}=${v}`),
    Tty: c.tty === true,
    OpenStdin: c.stdin === true,
    StdinOnce: c.stdinOnce === true,
    AttachStdin: false,
    HostConfig: hostConfig,
  };
  if (c.command) out.Entrypoint = c.command.map(expand);
  if (c.args) out.Cmd = c.args.map(expand);
  if (c.workingDir) out.WorkingDir = c.workingDir;
  const user = runAsUser(pod, c);
  if (user) out.User = user;
  return out;
}

/**
 * Resolves env vars when the kubelet gave no resolved env (hollow nodes, tests): plain values
 * (expanding `$(EARLIER)`) and `fieldRef`s through the shared downward API. Other sources
 * (secrets, config maps, resource fields) resolve to empty strings.
 */
export function resolveEnv(pod: Pod, vars: EnvVar[], opts: StartContainerOptions): Map<string, string> {
  const env = new Map<string, string>();
  for (const v of vars) {
    if (v.value !== undefined) env.set(v.name, expandVars(v.value, env));
    else if (v.valueFrom?.fieldRef) env.set(v.name, podFieldValue(pod, v.valueFrom.fieldRef.fieldPath, opts) ?? '');
    else env.set(v.name, '');
  }
  return env;
}

/**
 * Upstream `expansion.Expand`: `$(VAR)` becomes the variable's value when defined (left as is
 * otherwise) and `$$` escapes a `$`.
 */
export function expandVars(s: string, env: ReadonlyMap<string, string>): string {
  return s.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m: string, name: string | undefined) => {
    if (m === '$$') return '$';
    return name !== undefined && env.has(name) ? env.get(name)! : m;
  });
}

/** Docker `User` from the container's (or the pod's) securityContext runAsUser/runAsGroup. */
export function runAsUser(pod: Pod, c: Container): string | undefined {
  const uid = c.securityContext?.runAsUser ?? pod.spec?.securityContext?.runAsUser;
  const gid = c.securityContext?.runAsGroup ?? pod.spec?.securityContext?.runAsGroup;
  if (uid === undefined) return undefined;
  return gid === undefined ? String(uid) : `${uid}:${gid}`;
}
