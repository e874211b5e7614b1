import type { KubeObject, ResourceInfo } from '@tskube/api-types';
import type { DiscoveredResources, NamespaceContentClient } from './content';

/**
 * In-memory {@link NamespaceContentClient} for unit tests: `objects` per resource name; a delete
 * removes an object unless it has finalizers or is a pod with `graceful` set (then it only gets a
 * deletionTimestamp, as the apiserver does). `calls` records `verb resource` strings.
 */
export class FakeContent implements NamespaceContentClient {
  readonly calls: string[] = [];
  readonly objects = new Map<string, KubeObject[]>();
  failedGroups = new Map<string, string>();
  failDelete = new Set<string>();
  graceful = true;

  constructor(readonly resources: ResourceInfo[]) {}

  async discoverNamespacedResources(): Promise<DiscoveredResources> {
    this.calls.push('discover');
    return { resources: this.resources, failedGroups: this.failedGroups };
  }

  async deleteCollection(res: ResourceInfo, ns: string): Promise<void> {
    this.calls.push(`deletecollection ${res.resource} ${ns}`);
    for (const o of this.inNs(res, ns)) this.remove(res, o);
  }

  async deleteOne(res: ResourceInfo, ns: string, name: string): Promise<void> {
    this.calls.push(`delete ${res.resource} ${ns}/${name}`);
    const o = this.inNs(res, ns).find((x) => x.metadata?.name === name);
    if (o) this.remove(res, o);
  }

  async list(res: ResourceInfo, ns: string): Promise<KubeObject[]> {
    return structuredClone(this.inNs(res, ns));
  }

  private inNs(res: ResourceInfo, ns: string): KubeObject[] {
    return (this.objects.get(res.resource) ?? []).filter((o) => o.metadata?.namespace === ns);
  }

  private remove(res: ResourceInfo, o: KubeObject): void {
    if (this.failDelete.has(res.resource)) throw new Error(`${res.resource} delete failed`);
    if (o.metadata?.finalizers?.length || (res.resource === 'pods' && this.graceful)) {
      o.metadata = { ...o.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' };
      return;
    }
    this.objects.set(res.resource, (this.objects.get(res.resource) ?? []).filter((x) => x !== o));
  }
}
