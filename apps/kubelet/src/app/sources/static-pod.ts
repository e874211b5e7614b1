import { createHash } from 'node:crypto';
import type { Container, Pod } from '@tskube/api-types';
import { validateDNS1123Label, validateDNS1123Subdomain } from '@tskube/api-types';
import { canonicalJson } from '../runtime/naming';

/** Upstream annotation keys that mark static and mirror pods (`pkg/kubelet/types`). */
export const CONFIG_SOURCE_ANNOTATION = 'kubernetes.io/config.source';
export const CONFIG_HASH_ANNOTATION = 'kubernetes.io/config.hash';
export const CONFIG_MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';
export const CONFIG_SEEN_ANNOTATION = 'kubernetes.io/config.seen';

/** Where a pod came from: a manifest file, a manifest URL, or the API server. */
export type PodSource = 'file' | 'http' | 'api';

/** A manifest that is not a valid pod; the message says why (upstream-style). */
export class InvalidManifestError extends Error {
  override name = 'InvalidManifestError';
}

/** True for a pod that came from a file or URL (a static pod). */
export function isStaticPod(pod: Pod): boolean {
  const s = pod.metadata?.annotations?.[CONFIG_SOURCE_ANNOTATION];
  return s !== undefined && s !== 'api';
}

/** True for the API server's copy of a static pod (created by the kubelet). */
export function isMirrorPod(pod: Pod): boolean {
  return pod.metadata?.annotations?.[CONFIG_MIRROR_ANNOTATION] !== undefined;
}

/** Validation errors of a pod manifest (the subset of upstream's ValidatePod tskube checks). */
export function validateManifestPod(obj: unknown): string[] {
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return ['manifest is not an object'];
  const pod = obj as Pod;
  const errs: string[] = [];
  if (pod.kind !== 'Pod') errs.push(`kind: Invalid value: "${String(pod.kind)}": must be Pod`);
  if (pod.apiVersion !== 'v1') errs.push(`apiVersion: Invalid value: "${String(pod.apiVersion)}": must be v1`);
  const name = pod.metadata?.name;
  if (!name) errs.push('metadata.name: Required value: name is required');
  else for (const e of validateDNS1123Subdomain(name)) errs.push(`metadata.name: Invalid value: "${name}": ${e}`);
  const containers = pod.spec?.containers;
  if (!Array.isArray(containers) || containers.length === 0) errs.push('spec.containers: Required value');
  const seen = new Set<string>();
  const all = [...(pod.spec?.initContainers ?? []), ...(Array.isArray(containers) ? containers : [])];
  all.forEach((c, i) => {
    if (!c || typeof c.name !== 'string' || !c.name) {
      errs.push(`spec.containers[${i}].name: Required value`);
      return;
    }
    for (const e of validateDNS1123Label(c.name)) errs.push(`spec.containers[${i}].name: Invalid value: "${c.name}": ${e}`);
    if (seen.has(c.name)) errs.push(`spec.containers[${i}].name: Duplicate value: "${c.name}"`);
    seen.add(c.name);
    if (typeof c.image !== 'string' || !c.image.trim()) errs.push(`spec.containers[${i}].image: Required value`);
  });
  const vols = new Set<string>();
  for (const v of pod.spec?.volumes ?? []) {
    if (!v?.name) errs.push('spec.volumes.name: Required value');
    else if (vols.has(v.name)) errs.push(`spec.volumes.name: Duplicate value: "${v.name}"`);
    else vols.add(v.name);
  }
  for (const c of all) {
    for (const m of c?.volumeMounts ?? []) if (!vols.has(m.name)) errs.push(`spec.containers[${c.name}].volumeMounts.name: Not found: "${m.name}"`);
  }
  return errs;
}

/**
 * Turns a manifest into the static pod the kubelet runs, as upstream's `applyDefaults` in
 * `pkg/kubelet/config/common.go`: UID = md5 of the manifest, the node name and the source
 * (so the same file on another node, or a changed file, is another pod); name
 * `<name>-<nodeName>`; namespace `default` when unset; `spec.nodeName`; the config source
 * and hash annotations; tolerations of every NoExecute taint. Throws
 * {@link InvalidManifestError} for an invalid manifest.
 */
export function staticPodFromManifest(obj: unknown, o: { source: Exclude<PodSource, 'api'>; sourceId: string; nodeName: string; now?: () => Date }): Pod {
  const errs = validateManifestPod(obj);
  if (errs.length) throw new InvalidManifestError(errs.join('; '));
  const src = structuredClone(obj) as Pod;
  const meta = { ...(src.metadata ?? {}) };
  const hash = createHash('md5').update(canonicalJson(src)).update(`host:${o.nodeName}`).update(`${o.source}:${o.sourceId}`).digest('hex');
  const seen = (o.now?.() ?? new Date()).toISOString();
  delete meta.resourceVersion;
  delete meta.generateName;
  const defaulted = (c: Container): Container => ({ terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', ...c });
  const spec = src.spec!;
  const pod: Pod = {
    ...src,
    metadata: {
      ...meta,
      name: `${meta.name ?? ''}-${o.nodeName}`,
      namespace: meta.namespace || 'default',
      uid: hash,
      annotations: { ...(meta.annotations ?? {}), [CONFIG_SOURCE_ANNOTATION]: o.source, [CONFIG_HASH_ANNOTATION]: hash, [CONFIG_SEEN_ANNOTATION]: seen },
    },
    spec: {
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      terminationGracePeriodSeconds: 30,
      enableServiceLinks: true,
      schedulerName: 'default-scheduler',
      ...spec,
      nodeName: o.nodeName,
      tolerations: [...(spec.tolerations ?? []), { operator: 'Exists', effect: 'NoExecute' }],
      containers: spec.containers.map(defaulted),
      ...(spec.initContainers ? { initContainers: spec.initContainers.map(defaulted) } : {}),
    },
    status: { phase: 'Pending' },
  };
  return pod;
}

/**
 * The mirror pod of a static pod: what the kubelet creates in the API server so the pod is
 * visible there (upstream `mirror_client.go`): the static pod with the mirror annotation set to
 * its hash, no UID (the API server assigns one), owned by the Node.
 */
export function mirrorPodOf(pod: Pod, node?: { name: string; uid: string }): Pod {
  const m = pod.metadata ?? {};
  const hash = m.annotations?.[CONFIG_HASH_ANNOTATION] ?? m.uid ?? '';
  const mirror: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: m.name ?? '',
      namespace: m.namespace ?? 'default',
      ...(m.labels ? { labels: { ...m.labels } } : {}),
      annotations: { ...(m.annotations ?? {}), [CONFIG_MIRROR_ANNOTATION]: hash },
      ...(node ? { ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: node.name, uid: node.uid, controller: true }] } : {}),
    },
    spec: structuredClone(pod.spec ?? { containers: [] }),
  };
  return mirror;
}
