import type { ConfigMap, KubeObject, ResourceInfo, Secret } from '@tskube/api-types';
import { RESOURCES } from '@tskube/api-types';
import type { RestClient } from '@tskube/client';
import { isNotFound } from '@tskube/client';
import type { ListerWatcher } from '@tskube/client-cache';
import { listWatcherFor } from '@tskube/client-cache';
import type { Logger } from '@tskube/component-base';
import { WatchedObjectSource } from './objects/watched-object-source';
import type { ObjectSource } from './volumes/volume-manager';
import type { TokenRequestSpec } from './volumes/projected';

const core = (resource: string, kind: string): ResourceInfo => ({ group: '', version: 'v1', resource, singular: kind.toLowerCase(), kind, listKind: `${kind}List`, namespaced: true, verbs: ['get'] });
const catalog = RESOURCES as Record<string, ResourceInfo | undefined>;
const CONFIGMAPS = catalog['configmaps'] ?? core('configmaps', 'ConfigMap');
const SECRETS = catalog['secrets'] ?? core('secrets', 'Secret');
const SERVICE_ACCOUNTS = catalog['serviceaccounts'] ?? core('serviceaccounts', 'ServiceAccount');

/** authentication.k8s.io/v1 TokenRequest as sent and returned (only the fields the kubelet uses). */
interface TokenRequest extends KubeObject {
  spec: TokenRequestSpec;
  status?: { token?: string; expirationTimestamp?: string };
}

/**
 * ConfigMaps and Secrets read straight from the API server (upstream's `Get` change-detection
 * strategy; the kubelet uses it for standalone mode and for objects no registered pod references). 404 — the object, or the whole resource on an API server
 * that does not serve it yet — is "absent"; other errors propagate (the sync is retried).
 * Without a client (standalone kubelet) everything is absent and there is no token source.
 * Tokens: `POST /api/v1/namespaces/<ns>/serviceaccounts/<sa>/token` (a TokenRequest bound to
 * the pod); errors, 404 included, propagate to the projected volume, which reports them.
 */
export function apiObjectSource(client: Pick<RestClient, 'get' | 'create'> | undefined): ObjectSource {
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
    ...(client
      ? {
          serviceAccountToken: async (ns: string, sa: string, spec: TokenRequestSpec) => {
            const req: TokenRequest = { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', metadata: { name: sa, namespace: ns }, spec };
            const res = await client.create<TokenRequest>(SERVICE_ACCOUNTS, req, { namespace: ns, name: sa, subresource: 'token' });
            const token = res.status?.token;
            if (!token) throw new Error('the token request returned no token');
            const exp = Date.parse(res.status?.expirationTimestamp ?? '');
            return { token, expiresAt: Number.isFinite(exp) ? exp : Date.now() + spec.expirationSeconds * 1000 };
          },
        }
      : {}),
  };
}

/**
 * The list+watch of one object, as upstream's watch-based manager opens it:
 * `fieldSelector=metadata.name=<name>` in its namespace. A 404 on the list (resource not
 * served) is an empty list, so the object counts as absent instead of blocking the pod.
 */
export function singleObjectListerWatcher<T extends KubeObject>(client: RestClient, res: ResourceInfo, namespace: string, name: string): ListerWatcher<T> {
  const lw = listWatcherFor<T>(client, res, { namespace, fieldSelector: `metadata.name=${name}` });
  return {
    list: async (opts) => {
      try {
        return await lw.list(opts);
      } catch (err) {
        if (isNotFound(err)) return { apiVersion: 'v1', kind: `${res.kind}List`, metadata: { resourceVersion: '' }, items: [] };
        throw err;
      }
    },
    watch: (opts) => lw.watch(opts),
  };
}

/**
 * ConfigMaps and Secrets through one shared watch per referenced object (upstream's `Watch`
 * change-detection strategy, see {@link WatchedObjectSource}); tokens and unregistered reads
 * go through {@link apiObjectSource}. Every watch stops when `signal` aborts.
 */
export function watchedObjectSource(client: RestClient, logger: Logger, signal: AbortSignal): WatchedObjectSource {
  return new WatchedObjectSource({
    configMaps: (ns, name) => singleObjectListerWatcher<ConfigMap>(client, CONFIGMAPS, ns, name),
    secrets: (ns, name) => singleObjectListerWatcher<Secret>(client, SECRETS, ns, name),
    direct: apiObjectSource(client),
    logger,
    signal,
  });
}
