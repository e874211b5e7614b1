/** Protocols kube-proxy programs (the API's spelling). */
export type Protocol = 'TCP' | 'UDP' | 'SCTP';

/**
 * One port of one Service, as the rule generator needs it. Everything a later feature needs
 * (NodePort, session affinity, traffic policies) gets a field here; generators ignore what
 * they do not implement yet.
 */
export interface ServicePortInfo {
  /** `ns/name:port` (`ns/name` for an unnamed port): upstream's ServicePortName string. */
  name: string;
  namespace: string;
  serviceName: string;
  /** The Service port's name ('' when unnamed); endpoints ports are matched by it. */
  portName: string;
  clusterIP: string;
  port: number;
  protocol: Protocol;
  /** Set for NodePort/LoadBalancer Services: reachable on the node's addresses (KUBE-NODEPORTS). */
  nodePort?: number;
  /** `spec.externalIPs` (IPv4 only): reachable there too, through the KUBE-EXT- chain. */
  externalIPs: readonly string[];
  /** `ClientIP` affinity: `-m recent` per endpoint, timeout in seconds. */
  sessionAffinity: { type: 'None' } | { type: 'ClientIP'; timeoutSeconds: number };
}

/** One ready backend of a service port. */
export interface EndpointInfo {
  ip: string;
  port: number;
}

/** `ip:port`, as upstream's endpoint string. */
export function endpointString(ep: EndpointInfo): string {
  return `${ep.ip}:${ep.port}`;
}

/** `ns/name` of the Service a service port belongs to (the change-tracking key). */
export function serviceKeyOf(sp: Pick<ServicePortInfo, 'namespace' | 'serviceName'>): string {
  return `${sp.namespace}/${sp.serviceName}`;
}

/** The desired state one sync turns into rules. */
export interface ProxyState {
  servicePorts: readonly ServicePortInfo[];
  /** Ready endpoints by service port name (`ServicePortInfo.name`). */
  endpoints: ReadonlyMap<string, readonly EndpointInfo[]>;
}
