import { RESOURCES } from '@tskube/api-types';
import type { Service } from '@tskube/api-types';
import type { Registry } from '../registry';
import { intToIp } from './cidr';

/**
 * The `default/kubernetes` Service every cluster has (upstream's apiserver bootstrap
 * controller): ClusterIP = the first address of --service-cluster-ip-range, port 443 (https)
 * to the apiserver's secure port 6443, labels component=apiserver, provider=kubernetes.
 * `kubectl get all` and `get svc` show it; pods get KUBERNETES_SERVICE_* from it.
 * Endpoints are not written: tskube serves no secure port yet, so the ClusterIP refuses.
 * Idempotent: an existing service is left as it is. Throws (422) if another service took the IP.
 */
export async function ensureKubernetesService(registry: Registry): Promise<'created' | 'exists'> {
  const store = registry.mustStore(RESOURCES.services);
  try {
    await store.get({ namespace: 'default' }, 'kubernetes');
    return 'exists';
  } catch (err) {
    if (!(err instanceof Error && err.name === 'NotFoundError')) throw err;
  }
  const cidr = registry.ipAllocator.cidr;
  const svc: Service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { type: 'ClusterIP', clusterIP: intToIp(cidr.base + 1), ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }], sessionAffinity: 'None' },
  };
  try {
    await store.create({ namespace: 'default' }, svc);
    return 'created';
  } catch (err) {
    if (err instanceof Error && err.name === 'AlreadyExistsError') return 'exists';
    throw err;
  }
}
