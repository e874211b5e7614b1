/**
 * Aggregated discovery (apidiscovery.k8s.io/v2 and v2beta1 APIGroupDiscoveryList): what
 * kubectl asks for first on /api and /apis. Two requests then describe every resource.
 * The response Content-Type parameters (see `aggregatedContentType`) are what tell the client
 * the body is aggregated; plain application/json makes kubectl see no resources at all.
 */
import type { ResourceInfo } from '@tskube/api-types';
import { type GroupView, subresourceKind } from './catalog-view';

export type DiscoveryVersion = 'v2' | 'v2beta1';

interface GVK { group: string; version: string; kind: string }
export interface APIResourceDiscovery {
  resource: string;
  responseKind: GVK;
  scope: 'Namespaced' | 'Cluster';
  singularResource: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  subresources?: { subresource: string; responseKind: GVK; verbs: string[] }[];
}
export interface APIGroupDiscovery {
  metadata: { name?: string; creationTimestamp: null };
  versions: { version: string; resources: APIResourceDiscovery[]; freshness: 'Current' }[];
}
export interface APIGroupDiscoveryList {
  kind: 'APIGroupDiscoveryList';
  apiVersion: string;
  metadata: Record<string, never>;
  items: APIGroupDiscovery[];
}

/** The exact Content-Type of an aggregated response. */
export function aggregatedContentType(v: DiscoveryVersion): string {
  return `application/json;g=apidiscovery.k8s.io;v=${v};as=APIGroupDiscoveryList`;
}

/** Upstream leaves responseKind group/version empty when equal to the containing GV. */
function kindIn(gv: { group: string; version: string }, k: GVK): GVK {
  return k.group === gv.group && k.version === gv.version ? { group: '', version: '', kind: k.kind } : k;
}

function resourceEntry(r: ResourceInfo): APIResourceDiscovery {
  const entry: APIResourceDiscovery = {
    resource: r.resource,
    responseKind: { group: '', version: '', kind: r.kind },
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: [...r.verbs],
  };
  if (r.shortNames?.length) entry.shortNames = [...r.shortNames];
  if (r.categories?.length) entry.categories = [...r.categories];
  if (r.subresources?.length) {
    entry.subresources = r.subresources.map((s) => ({ subresource: s.name, responseKind: kindIn(r, subresourceKind(r, s)), verbs: [...s.verbs] }));
  }
  return entry;
}

function groupEntry(g: GroupView): APIGroupDiscovery {
  return {
    metadata: g.name ? { name: g.name, creationTimestamp: null } : { creationTimestamp: null },
    versions: g.versions.map((v) => ({ version: v.version, resources: v.resources.map(resourceEntry), freshness: 'Current' })),
  };
}

/** `/api` (core only, `legacy = true`) or `/apis` (every named group). */
export function aggregatedDiscovery(groups: GroupView[], legacy: boolean, v: DiscoveryVersion): APIGroupDiscoveryList {
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${v}`,
    metadata: {},
    items: groups.filter((g) => (g.name === '') === legacy).map(groupEntry),
  };
}
