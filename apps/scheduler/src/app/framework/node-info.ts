import type { Node, Pod } from '@tskube/api-types';
import { addResources, podNonZeroRequests, podRequests, toResources } from './resources';
import type { Resources } from './resources';

/** Key of a pod in the scheduler's caches: `namespace/name`. */
export function podKey(pod: Pick<Pod, 'metadata'>): string {
  return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}

/**
 * What the scheduler knows about one node (upstream `framework.NodeInfo`): the Node object (may
 * be undefined while pods bound to a not-yet-seen node arrive first), the pods bound or assumed
 * onto it, and the sums of their requests. Mutated only by the scheduler cache; plugins read it.
 */
export class NodeInfo {
  private current: Node | undefined;
  private nodeName = '';
  readonly pods = new Map<string, Pod>();
  /** Sum of the bound pods' effective requests (what NodeResourcesFit checks against). */
  readonly requested: Resources = new Map();
  /** Same with the 100m/200Mi defaults for request-less containers (for scoring). */
  readonly nonZeroRequested: Resources = new Map();
  /** Pods with any pod affinity or anti-affinity (upstream `PodsWithAffinity`; InterPodAffinity scoring). */
  readonly podsWithAffinity = new Map<string, Pod>();
  /** Pods with required anti-affinity (upstream `PodsWithRequiredAntiAffinity`; checked against every incoming pod). */
  readonly podsWithRequiredAntiAffinity = new Map<string, Pod>();

  constructor(node?: Node) {
    this.node = node;
  }

  /** The Node object; setting it also refreshes the cached `name` (read in every hot loop). */
  get node(): Node | undefined {
    return this.current;
  }

  set node(n: Node | undefined) {
    this.current = n;
    this.nodeName = n?.metadata?.name ?? '';
  }

  get name(): string {
    return this.nodeName;
  }

  private allocCache: { of: unknown; res: Resources } | undefined;

  /**
   * node.status.allocatable, falling back to capacity (as the kubelet reports both). Parsed once
   * per allocatable object (memoized: quantity parsing dominated the filter/score loop); the
   * returned map is shared — callers must not mutate it.
   */
  allocatable(): Resources {
    const src = this.node?.status?.allocatable ?? this.node?.status?.capacity;
    const cached = this.allocCache;
    if (cached && src && cached.of === src) return cached.res;
    const res = toResources(src);
    this.allocCache = { of: src, res };
    return res;
  }

  addPod(pod: Pod): void {
    const key = podKey(pod);
    if (this.pods.has(key)) this.removePod(pod);
    this.pods.set(key, pod);
    const aff = pod.spec?.affinity;
    if (aff?.podAffinity || aff?.podAntiAffinity) this.podsWithAffinity.set(key, pod);
    if (aff?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length) this.podsWithRequiredAntiAffinity.set(key, pod);
    addResources(this.requested, podRequests(pod));
    addResources(this.nonZeroRequested, podNonZeroRequests(pod));
  }

  /** Removes the pod with `pod`'s key (the stored version's requests are subtracted). */
  removePod(pod: Pick<Pod, 'metadata'>): boolean {
    const key = podKey(pod);
    const old = this.pods.get(key);
    if (!old) return false;
    this.pods.delete(key);
    this.podsWithAffinity.delete(key);
    this.podsWithRequiredAntiAffinity.delete(key);
    addResources(this.requested, podRequests(old), -1);
    addResources(this.nonZeroRequested, podNonZeroRequests(old), -1);
    return true;
  }

  /** An independent copy (same Node and Pod objects) for a preemption dry run to remove pods from. */
  clone(): NodeInfo {
    const c = new NodeInfo(this.node);
    for (const p of this.pods.values()) c.addPod(p);
    return c;
  }
}
