import type { Endpoints, KubeObject, Service } from '@tskube/api-types';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { Logger } from '@tskube/component-base';
import type { UdpPortState } from './conntrack';
import { EndpointsTracker } from './endpoints-tracker';
import { servicePortsFromService } from './rules/from-api';
import type { SkippedServicePort } from './rules/from-api';
import type { RulesConfig } from './rules/service-rules';
import { LARGE_CLUSTER_ENDPOINTS, renderServicePort } from './rules/service-rules';
import type { EndpointInfo, ProxyState, ServicePortInfo } from './rules/types';

/** The informer event handler shape (ResourceEventHandler of @tskube/client-cache). */
export interface ObjectHandler<T> {
  onAdd(obj: Readonly<T>, isInInitialList?: boolean): void;
  onUpdate(oldObj: Readonly<T>, newObj: Readonly<T>): void;
  onDelete(obj: Readonly<T> | { key: string; obj: T }): void;
}

function keyOf(obj: Readonly<KubeObject> | { key: string }): string {
  if ('key' in obj && typeof obj.key === 'string') return obj.key;
  const meta = (obj as KubeObject).metadata;
  return `${meta?.namespace ?? ''}/${meta?.name ?? ''}`;
}

export interface ProxyStateOptions {
  rules: RulesConfig;
  logger: Logger;
  /** Called after every event that may change the rules, and when an informer reports synced. */
  onChange: () => void;
}

/**
 * The proxier's desired state, folded from Service, EndpointSlice and Endpoints events: the
 * service ports of every Service (and those it cannot program, logged and counted), the ready
 * endpoints of each port (slices over Endpoints, see EndpointsTracker), and the Services
 * (`ns/name`) changed since the changes were last taken. Knows nothing of iptables or syncs.
 *
 * Until both informers have synced (the initial lists), each event also renders the rules of
 * the service it touches into the per-port rule cache (see `prepare`), so the first sync
 * mostly concatenates cached blocks.
 */
export class ProxyStateTracker {
  private readonly services = new Map<string, ServicePortInfo[]>();
  /** Every service port, flat; rebuilt after a Service changed, else the same array (the generator memoizes its order). */
  private servicePorts: readonly ServicePortInfo[] | undefined;
  private readonly skipped = new Map<string, SkippedServicePort[]>();
  private readonly endpoints = new EndpointsTracker();
  private servicesSynced = false;
  private endpointsSynced = false;
  /** Services (`ns/name`) whose rules may have changed since takeChanged. */
  private changedServices = new Set<string>();
  /** Before the informers synced: ready endpoints per service, and their total (the large-cluster guess). */
  private readonly endpointCounts = new Map<string, number>();
  private totalEndpoints = 0;

  constructor(private readonly opts: ProxyStateOptions) {}

  readonly serviceHandler: ObjectHandler<Service> = {
    onAdd: (svc) => this.setService(keyOf(svc), svc),
    onUpdate: (_old, svc) => this.setService(keyOf(svc), svc),
    onDelete: (obj) => this.setService(keyOf(obj), undefined),
  };

  readonly endpointsHandler: ObjectHandler<Endpoints> = {
    onAdd: (ep) => this.endpointsChanged([this.endpoints.setEndpoints(keyOf(ep), ep)]),
    onUpdate: (_old, ep) => this.endpointsChanged([this.endpoints.setEndpoints(keyOf(ep), ep)]),
    onDelete: (obj) => this.endpointsChanged([this.endpoints.setEndpoints(keyOf(obj), undefined)]),
  };

  /** EndpointSlices (discovery.k8s.io/v1); a Service with slices ignores its Endpoints object. */
  readonly endpointSliceHandler: ObjectHandler<EndpointSlice> = {
    onAdd: (sl) => this.endpointsChanged(this.endpoints.setSlice(keyOf(sl), sl)),
    onUpdate: (_old, sl) => this.endpointsChanged(this.endpoints.setSlice(keyOf(sl), sl)),
    onDelete: (obj) => this.endpointsChanged(this.endpoints.setSlice(keyOf(obj), undefined)),
  };

  setServicesSynced(): void {
    this.servicesSynced = true;
    this.opts.onChange();
  }

  setEndpointsSynced(): void {
    this.endpointsSynced = true;
    this.opts.onChange();
  }

  /** True once both informers have reported synced (no sync may run before). */
  synced(): boolean {
    return this.servicesSynced && this.endpointsSynced;
  }

  /** The desired state as of now. */
  state(): ProxyState {
    const eps = new Map<string, readonly EndpointInfo[]>();
    for (const key of this.services.keys()) for (const [k, v] of this.endpoints.forService(key)) eps.set(k, v);
    this.servicePorts ??= [...this.services.values()].flat();
    return { servicePorts: this.servicePorts, endpoints: eps };
  }

  /** Hands over the Services changed since the last call and starts a new set. */
  takeChanged(): Set<string> {
    const changed = this.changedServices;
    this.changedServices = new Set();
    return changed;
  }

  /** Puts taken changes back (the sync that took them failed). */
  restoreChanged(keys: Iterable<string>): void {
    for (const k of keys) this.changedServices.add(k);
  }

  /** Service ports skipped because kube-proxy cannot program them. */
  skippedCount(): number {
    let n = 0;
    for (const s of this.skipped.values()) n += s.length;
    return n;
  }

  /**
   * Every UDP service port with its ready endpoints, by service port name (stale-flow cleanup).
   * Endpoints are looked up only for Services with a UDP port (most have none).
   */
  udpPorts(): Map<string, UdpPortState> {
    const out = new Map<string, UdpPortState>();
    for (const [key, ports] of this.services) {
      if (!ports.some((sp) => sp.protocol === 'UDP')) continue;
      const eps = this.endpoints.forService(key);
      for (const sp of ports) if (sp.protocol === 'UDP') out.set(sp.name, { sp, eps: eps.get(sp.name) ?? [] });
    }
    return out;
  }

  private setService(key: string, svc: Readonly<Service> | undefined): void {
    this.servicePorts = undefined;
    if (!svc) {
      this.services.delete(key);
      this.skipped.delete(key);
    } else {
      const { ports, skipped } = servicePortsFromService(svc);
      this.services.set(key, ports);
      if (skipped.length) this.skipped.set(key, skipped);
      else this.skipped.delete(key);
      for (const s of skipped) this.opts.logger.warn('skipping service port kube-proxy cannot program', { service: s.service, reason: s.reason });
    }
    this.endpointsChanged([key]);
  }

  private endpointsChanged(serviceKeys: string[]): void {
    for (const k of serviceKeys) {
      this.changedServices.add(k);
      this.prepare(k);
    }
    this.opts.onChange();
  }

  /**
   * Before the informers have synced (the first sync may not run yet): renders the service's
   * ports that have endpoints into the rule cache (a port without any is one cheap REJECT,
   * rendered by the sync; a Service listed before its Endpoints is so rendered once), in the
   * large-cluster mode the endpoints counted so far imply. When that mode flips (the total
   * passes 1,000), every port rendered so far is rendered again at once, so the sync finds
   * them in the right mode: at most 1,000 endpoints' rules are rendered twice. Afterwards a
   * no-op: syncs render what changed.
   */
  private prepare(key: string): void {
    if (this.synced()) return;
    const ports = this.services.get(key) ?? [];
    const eps = this.endpoints.forService(key);
    let count = 0;
    for (const sp of ports) count += eps.get(sp.name)?.length ?? 0;
    const wasLarge = this.totalEndpoints > LARGE_CLUSTER_ENDPOINTS;
    this.totalEndpoints += count - (this.endpointCounts.get(key) ?? 0);
    if (count > 0) this.endpointCounts.set(key, count);
    else this.endpointCounts.delete(key);
    const large = this.totalEndpoints > LARGE_CLUSTER_ENDPOINTS;
    for (const k of large === wasLarge ? [key] : this.endpointCounts.keys()) {
      const byPort = k === key ? eps : this.endpoints.forService(k);
      for (const sp of this.services.get(k) ?? []) {
        const portEps = byPort.get(sp.name);
        if (portEps?.length) renderServicePort(sp, portEps, this.opts.rules, large);
      }
    }
  }
}
