import type { ConfigMap, ResourceInfo, Secret } from '@tskube/api-types';
import { RESOURCES } from '@tskube/api-types';
import type { RestClient } from '@tskube/client';
import { isNotFound } from '@tskube/client';
import type { ObjectSource } from './volumes/volume-manager';

const core = (resource: string, kind: string): ResourceInfo => ({ group: '', version: 'v1', resource, singular: kind.toLowerCase(), kind, listKind: `${kind}List`, namespaced: true, verbs: ['get'] });
const catalog = RESOURCES as Record<string, ResourceInfo | undefined>;
const CONFIGMAPS = catalog['configmaps'] ?? core('configmaps', 'ConfigMap');
const SECRETS = catalog['secrets'] ?? core('secrets', 'Secret');

/**
 * ConfigMaps and Secrets read straight from the API server at container start (upstream's
 * `Get` change-detection strategy). 404 — the object, or the whole resource on an API server
 * that does not serve it yet — is "absent"; other errors propagate (the sync is retried).
 * Without a client (standalone kubelet) everything is absent.
 */
export function apiObjectSource(client: Pick<RestClient, 'get'> | undefined): ObjectSource {
  const get = async <T extends ConfigMap | Secret>(res: ResourceInfo, ns: string, name: string): Promise<T | undefined> => {
    if (!client || !name) return undefined;
    try {
      return await client.get<T>(res, name, { namespace: ns });
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  };
  return {
    configMap: (ns, name) => get<ConfigMap>(CONFIGMAPS, ns, name),
    secret: (ns, name) => get<Secret>(SECRETS, ns, name),
  };
}
