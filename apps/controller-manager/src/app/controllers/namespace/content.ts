import { resourcePath } from '@tskube/api-types';
import type { KubeList, KubeObject, ResourceInfo } from '@tskube/api-types';
import { apiErrorFromResponse } from '@tskube/client';
import type { HttpRequest, HttpResponse } from '@tskube/client';

/** Namespaced resources the apiserver serves, and the group versions whose discovery failed. */
export interface DiscoveredResources {
  resources: ResourceInfo[];
  /** groupVersion → error message (upstream `ErrGroupDiscoveryFailed`). */
  failedGroups: Map<string, string>;
}

/**
 * What the namespace controller needs beyond `ObjectClient`: discovery and collection calls on
 * resources it only knows from discovery. {@link restContentClient} is the real one; unit tests
 * use an in-memory fake.
 */
export interface NamespaceContentClient {
  /** Upstream `ServerPreferredNamespacedResources`: /api and /apis, preferred version of each group. */
  discoverNamespacedResources(): Promise<DiscoveredResources>;
  /** DELETE on the collection in `namespace` (propagationPolicy Background, as upstream). */
  deleteCollection(res: ResourceInfo, namespace: string): Promise<void>;
  /** Every object of `res` in `namespace` (one unpaginated list). */
  list(res: ResourceInfo, namespace: string): Promise<KubeObject[]>;
  /** DELETE one object (Background); used for resources without `deletecollection`. */
  deleteOne(res: ResourceInfo, namespace: string, name: string): Promise<void>;
}

/** The raw request method of `@tskube/client`'s RestClient (it does not throw on non-2xx). */
export interface RawRequester {
  request(req: HttpRequest): Promise<HttpResponse>;
}

interface APIResource {
  name: string;
  singularName?: string;
  namespaced: boolean;
  kind: string;
  verbs?: string[];
}
interface APIGroupList {
  groups?: Array<{ name: string; preferredVersion?: { groupVersion: string; version: string }; versions?: Array<{ groupVersion: string; version: string }> }>;
}

const BACKGROUND = JSON.stringify({ kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' });

/**
 * Deletable namespaced resources of one APIResourceList: not subresources (`pods/status`), with
 * `list` and `delete` or `deletecollection` (upstream filters `list` + `deletecollection`, and
 * falls back to per-object deletes when only `delete` is there).
 */
export function deletableResources(group: string, version: string, list: readonly APIResource[]): ResourceInfo[] {
  return list
    .filter((r) => r.namespaced && !r.name.includes('/') && r.verbs?.includes('list') && (r.verbs.includes('deletecollection') || r.verbs.includes('delete')))
    .map((r) => ({ group, version, resource: r.name, singular: r.singularName ?? '', kind: r.kind, listKind: `${r.kind}List`, namespaced: true, verbs: r.verbs ?? [] }));
}

/** The real content client over a RestClient. */
export function restContentClient(client: RawRequester): NamespaceContentClient {
  const getJSON = async <T>(path: string): Promise<T> => {
    const res = await client.request({ method: 'GET', path });
    if (res.statusCode < 200 || res.statusCode >= 300) throw apiErrorFromResponse(res.statusCode, res.body);
    return JSON.parse(res.body) as T;
  };
  const send = async (req: HttpRequest): Promise<void> => {
    const res = await client.request(req);
    if (res.statusCode === 404) return; // gone already
    if (res.statusCode < 200 || res.statusCode >= 300) throw apiErrorFromResponse(res.statusCode, res.body);
  };
  return {
    async discoverNamespacedResources() {
      const resources: ResourceInfo[] = [];
      const failedGroups = new Map<string, string>();
      const versions = [...((await getJSON<{ versions?: string[] }>('/api')).versions ?? []).slice(0, 1).map((v) => ({ group: '', version: v, path: `/api/${v}`, gv: v }))];
      for (const g of (await getJSON<APIGroupList>('/apis')).groups ?? []) {
        const pv = g.preferredVersion ?? g.versions?.[0];
        if (pv) versions.push({ group: g.name, version: pv.version, path: `/apis/${pv.groupVersion}`, gv: pv.groupVersion });
      }
      for (const v of versions) {
        try {
          const list = await getJSON<{ resources?: APIResource[] }>(v.path);
          resources.push(...deletableResources(v.group, v.version, list.resources ?? []));
        } catch (err) {
          failedGroups.set(v.gv, err instanceof Error ? err.message : String(err));
        }
      }
      return { resources, failedGroups };
    },
    deleteCollection: (res, namespace) => send({ method: 'DELETE', path: resourcePath(res, { namespace }), body: BACKGROUND, contentType: 'application/json' }),
    deleteOne: (res, namespace, name) => send({ method: 'DELETE', path: resourcePath(res, { namespace, name }), body: BACKGROUND, contentType: 'application/json' }),
    async list(res, namespace) {
      return (await getJSON<KubeList<KubeObject>>(resourcePath(res, { namespace }))).items ?? [];
    },
  };
}
