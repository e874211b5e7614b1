/**
 * Legacy (unaggregated) discovery documents: APIVersions (/api), APIGroupList (/apis),
 * APIGroup (/apis/G) and APIResourceList (/api/v1, /apis/G/V). kubectl drain and auth can-i
 * read /api/v1 directly even when aggregated discovery is served.
 */
import type { APIGroup, APIGroupList, APIResource, APIResourceList, APIVersions } from '@tskube/api-types';
import { type GroupView, storageVersionHash, subresourceKind } from './catalog-view';

/** `/api`: `serverAddress` is the host:port the client used. */
export function apiVersions(groups: GroupView[], serverAddress: string): APIVersions {
  const core = groups.find((g) => g.name === '');
  return {
    kind: 'APIVersions',
    versions: core ? core.versions.map((v) => v.version) : [],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

export function apiGroup(g: GroupView): APIGroup {
  const versions = g.versions.map((v) => ({ groupVersion: `${g.name}/${v.version}`, version: v.version }));
  const preferred = versions[0];
  return { kind: 'APIGroup', apiVersion: 'v1', name: g.name, versions, ...(preferred ? { preferredVersion: preferred } : {}) };
}

export function apiGroupList(groups: GroupView[]): APIGroupList {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.filter((g) => g.name !== '').map(apiGroup) };
}

/** `/api/v1` or `/apis/G/V`: resources plus `pods/status`-style subresource entries. */
export function apiResourceList(g: GroupView, version: string): APIResourceList | undefined {
  const v = g.versions.find((x) => x.version === version);
  if (!v) return undefined;
  const resources: APIResource[] = [];
  for (const r of v.resources) {
    resources.push({
      name: r.resource,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: [...r.verbs],
      ...(r.shortNames?.length ? { shortNames: [...r.shortNames] } : {}),
      ...(r.categories?.length ? { categories: [...r.categories] } : {}),
      storageVersionHash: storageVersionHash(r),
    });
    for (const s of r.subresources ?? []) {
      const k = subresourceKind(r, s);
      const elsewhere = k.group !== r.group || k.version !== r.version;
      resources.push({
        name: `${r.resource}/${s.name}`,
        singularName: '',
        namespaced: r.namespaced,
        ...(elsewhere ? { group: k.group, version: k.version } : {}),
        kind: k.kind,
        verbs: [...s.verbs],
      });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: g.name ? `${g.name}/${version}` : version, resources };
}
