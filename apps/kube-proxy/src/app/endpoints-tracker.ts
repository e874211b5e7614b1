import type { Endpoints } from '@tskube/api-types';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { endpointsByPortName } from './rules/from-api';
import { mergeEndpointMaps, sliceEndpointsByPortName, sliceServiceKey } from './rules/from-slices';
import type { EndpointInfo } from './rules/types';

type PortMap = Map<string, EndpointInfo[]>;

/**
 * The ready endpoints of every Service, from EndpointSlices with Endpoints as the fallback:
 * a Service that has at least one slice takes its endpoints from its slices only; one without
 * slices takes them from its Endpoints object (the controller-manager may not write slices).
 * Each setter returns the `ns/name` of the Service whose endpoints it may have changed.
 */
export class EndpointsTracker {
  private readonly slices = new Map<string, Map<string, PortMap>>(); // service → slice name → ports
  private readonly legacy = new Map<string, PortMap>(); // service → ports (from Endpoints)
  private readonly sliceOwner = new Map<string, string>(); // ns/slice → service
  /** Merged slice endpoints per service, kept until one of its slices changes (stable arrays let the rule cache hit). */
  private readonly merged = new Map<string, PortMap>();

  /** Records (or with undefined, forgets) the Endpoints object `key` (`ns/name` = the Service). */
  setEndpoints(key: string, ep: Readonly<Endpoints> | undefined): string {
    if (ep) this.legacy.set(key, endpointsByPortName(ep));
    else this.legacy.delete(key);
    return key;
  }

  /** Records (or forgets) the EndpointSlice `key` (`ns/sliceName`); returns the Services it touched. */
  setSlice(key: string, slice: Readonly<EndpointSlice> | undefined): string[] {
    const touched: string[] = [];
    const owner0 = this.sliceOwner.get(key);
    if (owner0 !== undefined) this.merged.delete(owner0);
    const owner1 = slice ? sliceServiceKey(slice) : undefined;
    if (owner1 !== undefined) this.merged.delete(owner1);
    const prevOwner = this.sliceOwner.get(key);
    if (prevOwner !== undefined) {
      const m = this.slices.get(prevOwner);
      m?.delete(key);
      if (m && m.size === 0) this.slices.delete(prevOwner);
      this.sliceOwner.delete(key);
      touched.push(prevOwner);
    }
    const owner = slice ? sliceServiceKey(slice) : undefined;
    if (slice && owner) {
      const m = this.slices.get(owner) ?? new Map<string, PortMap>();
      this.slices.set(owner, m);
      m.set(key, sliceEndpointsByPortName(slice));
      this.sliceOwner.set(key, owner);
      if (owner !== prevOwner) touched.push(owner);
    }
    return touched;
  }

  /** True when the Service's endpoints come from slices. */
  usesSlices(serviceKey: string): boolean {
    return this.slices.has(serviceKey);
  }

  /** The ready endpoints of one Service by service port name. */
  forService(serviceKey: string): ReadonlyMap<string, readonly EndpointInfo[]> {
    const s = this.slices.get(serviceKey);
    if (s) {
      let m = this.merged.get(serviceKey);
      if (!m) this.merged.set(serviceKey, (m = mergeEndpointMaps(s.values())));
      return m;
    }
    return this.legacy.get(serviceKey) ?? new Map();
  }

  /** Every Service with endpoints from either source. */
  serviceKeys(): Set<string> {
    return new Set([...this.slices.keys(), ...this.legacy.keys()]);
  }
}
