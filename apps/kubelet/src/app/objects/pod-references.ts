import type { Container, Pod } from '@tskube/api-types';
import { envRefs } from '../env';

/** The ConfigMap and Secret names a pod reads (all in its namespace). */
export interface PodObjectNames {
  configMaps: Set<string>;
  secrets: Set<string>;
}

/**
 * The ConfigMaps and Secrets the kubelet reads for a pod (upstream
 * `podutil.VisitPodConfigmapNames` / `VisitPodSecretNames`): configMap and secret volumes, the
 * configMap and secret sources of projected volumes, and every container's (init containers
 * included) `envFrom` and `env[].valueFrom` refs. `imagePullSecrets` are left out: this kubelet
 * never reads them.
 */
export function podObjectNames(pod: Pod): PodObjectNames {
  const configMaps = new Set<string>();
  const secrets = new Set<string>();
  for (const v of pod.spec?.volumes ?? []) {
    if (v.configMap?.name) configMaps.add(v.configMap.name);
    if (v.secret?.secretName) secrets.add(v.secret.secretName);
    for (const s of v.projected?.sources ?? []) {
      if (s.configMap?.name) configMaps.add(s.configMap.name);
      if (s.secret?.name) secrets.add(s.secret.name);
    }
  }
  const containers: Container[] = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  for (const c of containers) {
    const refs = envRefs(c);
    for (const n of refs.configMaps) configMaps.add(n);
    for (const n of refs.secrets) secrets.add(n);
  }
  return { configMaps, secrets };
}
