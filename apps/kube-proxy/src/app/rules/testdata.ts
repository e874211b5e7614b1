import type { Endpoints, Service } from '@tskube/api-types';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { endpointsByPortName, servicePortsFromService } from './from-api';
import type { EndpointInfo, ProxyState } from './types';

/** A ClusterIP Service for tests. */
export function makeService(namespace: string, name: string, clusterIP: string, ports: { name?: string; port: number; protocol?: string }[]): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { namespace, name }, spec: { type: 'ClusterIP', clusterIP, ports } };
}

/** An Endpoints object with one subset of ready addresses. */
export function makeEndpoints(namespace: string, name: string, ips: string[], ports: { name?: string; port: number }[]): Endpoints {
  return { apiVersion: 'v1', kind: 'Endpoints', metadata: { namespace, name }, subsets: ips.length ? [{ addresses: ips.map((ip) => ({ ip })), ports }] : [] };
}

/** Turns API objects into the generator's input, as the proxier does. */
export function stateOf(services: Service[], endpoints: Endpoints[]): ProxyState {
  const eps = new Map<string, EndpointInfo[]>();
  for (const e of endpoints) for (const [k, v] of endpointsByPortName(e)) eps.set(k, v);
  return { servicePorts: services.flatMap((s) => servicePortsFromService(s).ports), endpoints: eps };
}

/** An IPv4 EndpointSlice of service `svc`; `ready` unset means ready. */
export function makeSlice(ns: string, name: string, svc: string, eps: { ip: string; ready?: boolean }[], ports: { name?: string; port: number }[], addressType = 'IPv4'): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', addressType,
    metadata: { namespace: ns, name, labels: { 'kubernetes.io/service-name': svc } },
    endpoints: eps.map((e) => ({ addresses: [e.ip], ...(e.ready === undefined ? {} : { conditions: { ready: e.ready } }) })),
    ports,
  };
}
