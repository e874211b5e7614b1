/**
 * The RESOURCES catalog grouped the way discovery presents it: groups in catalog order (core
 * first), each with its versions in preference order and the resources of each version.
 */
import { createHash } from 'node:crypto';
import { RESOURCES, type ResourceInfo, type SubresourceInfo } from '@tskube/api-types';

export interface GroupView {
  /** `''` for the core group. */
  name: string;
  /** First entry is the preferred version. */
  versions: { version: string; resources: ResourceInfo[] }[];
}

/** Every group served, core first; `catalog` defaults to RESOURCES (tests pass their own). */
export function catalogGroups(catalog: readonly ResourceInfo[] = Object.values(RESOURCES)): GroupView[] {
  const groups: GroupView[] = [];
  const core = catalog.filter((r) => r.group === '');
  const ordered = [...core, ...catalog.filter((r) => r.group !== '')];
  for (const r of ordered) {
    let g = groups.find((x) => x.name === r.group);
    if (!g) groups.push((g = { name: r.group, versions: [] }));
    let v = g.versions.find((x) => x.version === r.version);
    if (!v) g.versions.push((v = { version: r.version, resources: [] }));
    v.resources.push(r);
  }
  return groups;
}

/** The group/version/kind a subresource returns (parent's GV and kind unless overridden). */
export function subresourceKind(parent: ResourceInfo, sub: SubresourceInfo): { group: string; version: string; kind: string } {
  return { group: sub.group ?? parent.group, version: sub.version ?? parent.version, kind: sub.kind ?? parent.kind };
}

/** upstream discovery.StorageVersionHash: base64 of the first 8 bytes of sha256("group/version/kind"). */
export function storageVersionHash(r: Pick<ResourceInfo, 'group' | 'version' | 'kind'>): string {
  return createHash('sha256').update(`${r.group}/${r.version}/${r.kind}`).digest().subarray(0, 8).toString('base64');
}
