/** core/v1 Service, Endpoints and Event. */
import { type SchemaSet, arr, bool, coreName as c, int, intOrString, kind, listKind, metaName, microTime, obj, opaque, ref, str, strArr, strMap, time } from './dsl';

const V1 = { group: '', version: 'v1' };
const endpointAddress = obj('EndpointAddress is a tuple that describes single IP address.', {
  hostname: str('The Hostname of this endpoint'),
  ip: str('The IP of this endpoint.'),
  nodeName: str('Optional: Node hosting this endpoint.'),
  targetRef: ref(c('ObjectReference'), 'Reference to object providing the endpoint.'),
}, ['ip']);

export const CORE_SERVICE_SCHEMAS: SchemaSet = {
  [c('Service')]: kind({ ...V1, kind: 'Service' }, 'Service is a named abstraction of software service (for example, mysql) consisting of local port (for example 3306) that the proxy listens on, and the selector that determines which pods will answer requests sent through the proxy.', {
    spec: ref(c('ServiceSpec'), 'Spec defines the behavior of a service.'),
    status: obj('ServiceStatus represents the current status of a service.', {
      conditions: arr(metaName('Condition'), 'Current service state', { mergeKey: 'type', listType: 'map', mapKeys: ['type'] }),
      loadBalancer: obj('LoadBalancerStatus represents the status of a load-balancer.', { ingress: arr(opaque('LoadBalancerIngress: ip, hostname, ipMode, ports.'), 'Ingress is a list containing ingress points for the load-balancer.', { listType: 'atomic' }) }),
    }),
  }),
  [c('ServiceList')]: listKind({ ...V1, kind: 'Service' }, c('Service')),
  [c('ServiceSpec')]: obj('ServiceSpec describes the attributes that a user creates on a service.', {
    allocateLoadBalancerNodePorts: bool('allocateLoadBalancerNodePorts defines if NodePorts will be automatically allocated for services with type LoadBalancer.'),
    clusterIP: str('clusterIP is the IP address of the service and is usually assigned randomly. "None" makes a headless service.'),
    clusterIPs: strArr('ClusterIPs is a list of IP addresses assigned to this service, and are usually assigned randomly.'),
    externalIPs: strArr('externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
    externalName: str('externalName is the external reference that discovery mechanisms will return as an alias for this service (e.g. a DNS CNAME record). Requires type ExternalName.'),
    externalTrafficPolicy: str('externalTrafficPolicy describes how nodes distribute service traffic they receive on one of the Service\'s "externally-facing" addresses: Cluster or Local.'),
    healthCheckNodePort: int('healthCheckNodePort specifies the healthcheck nodePort for the service.'),
    internalTrafficPolicy: str('InternalTrafficPolicy describes how nodes distribute service traffic they receive on the ClusterIP: Cluster or Local.'),
    ipFamilies: strArr('IPFamilies is a list of IP families (e.g. IPv4, IPv6) assigned to this service.'),
    ipFamilyPolicy: str('IPFamilyPolicy represents the dual-stack-ness requested or required by this Service: SingleStack, PreferDualStack, RequireDualStack.'),
    loadBalancerClass: str('loadBalancerClass is the class of the load balancer implementation this Service belongs to.'),
    loadBalancerIP: str('Only applies to Service Type: LoadBalancer. Deprecated.'),
    loadBalancerSourceRanges: strArr('If specified and supported by the platform, traffic through the cloud-provider load-balancer will be restricted to the specified client IPs.'),
    ports: arr(c('ServicePort'), 'The list of ports that are exposed by this service.', { mergeKey: 'port', listType: 'map', mapKeys: ['port', 'protocol'] }),
    publishNotReadyAddresses: bool('publishNotReadyAddresses indicates that any agent which deals with endpoints for this Service should disregard any indications of ready/not-ready.'),
    selector: { ...strMap('Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints.'), 'x-kubernetes-map-type': 'atomic' },
    sessionAffinity: str('Supports "ClientIP" and "None". Used to maintain session affinity. Defaults to None.'),
    sessionAffinityConfig: opaque('sessionAffinityConfig contains the configurations of session affinity (clientIP.timeoutSeconds).'),
    trafficDistribution: str('TrafficDistribution offers a way to express preferences for how traffic is distributed to Service endpoints.'),
    type: str('type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer.'),
  }),
  [c('ServicePort')]: obj('ServicePort contains information on service\'s port.', {
    appProtocol: str('The application protocol for this port.'),
    name: str('The name of this port within the service. This must be a DNS_LABEL. All ports within a ServiceSpec must have unique names.'),
    nodePort: int('The port on each node on which this service is exposed when type is NodePort or LoadBalancer. Usually assigned by the system.'),
    port: int('The port that will be exposed by this service.'),
    protocol: { ...str('The IP protocol for this port. Supports "TCP", "UDP", and "SCTP". Default is TCP.'), default: 'TCP' },
    targetPort: intOrString('Number or name of the port to access on the pods targeted by the service. Defaults to the value of the \'port\' field.'),
  }, ['port']),
  [c('Endpoints')]: kind({ ...V1, kind: 'Endpoints' }, 'Endpoints is a collection of endpoints that implement the actual service.', {
    subsets: arr(obj('EndpointSubset is a group of addresses with a common set of ports.', {
      addresses: arr(endpointAddress, 'IP addresses which offer the related ports that are marked as ready.', { listType: 'atomic' }),
      notReadyAddresses: arr(endpointAddress, 'IP addresses which offer the related ports but are not currently marked as ready.', { listType: 'atomic' }),
      ports: arr(obj('EndpointPort is a tuple that describes a single port.', {
        appProtocol: str('The application protocol for this port.'),
        name: str('The name of this port. This must match the \'name\' field in the corresponding ServicePort.'),
        port: int('The port number of the endpoint.'),
        protocol: str('The IP protocol for this port. Must be UDP, TCP, or SCTP. Default is TCP.'),
      }, ['port']), 'Port numbers available on the related IP addresses.', { listType: 'atomic' }),
    }), 'The set of all endpoints is the union of all subsets.', { listType: 'atomic' }),
  }),
  [c('EndpointsList')]: listKind({ ...V1, kind: 'Endpoints' }, c('Endpoints')),
  [c('Event')]: kind({ ...V1, kind: 'Event' }, 'Event is a report of an event somewhere in the cluster.', {
    action: str('What action was taken/failed regarding to the Regarding object.'),
    count: int('The number of times this event has occurred.'),
    eventTime: microTime('Time when this Event was first observed.'),
    firstTimestamp: time('The time at which the event was first recorded.'),
    involvedObject: ref(c('ObjectReference'), 'The object that this event is about.'),
    lastTimestamp: time('The time at which the most recent occurrence of this event was recorded.'),
    message: str('A human-readable description of the status of this operation.'),
    reason: str('This should be a short, machine understandable string that gives the reason for the transition into the object\'s current status.'),
    related: ref(c('ObjectReference'), 'Optional secondary object for more complex actions.'),
    reportingComponent: str('Name of the controller that emitted this Event, e.g. `kubernetes.io/kubelet`.'),
    reportingInstance: str('ID of the controller instance, e.g. `kubelet-xyzf`.'),
    series: obj('EventSeries contain information on series of events.', { count: int('Number of occurrences in this series up to the last heartbeat time'), lastObservedTime: microTime('Time of the last occurrence observed') }),
    source: obj('EventSource contains information for an event.', { component: str('Component from which the event is generated.'), host: str('Node name on which the event is generated.') }),
    type: str('Type of this event (Normal, Warning), new types could be added in the future'),
  }, ['metadata', 'involvedObject']),
  [c('EventList')]: listKind({ ...V1, kind: 'Event' }, c('Event')),
};
