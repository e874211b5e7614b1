/** discovery.k8s.io/v1 EndpointSlice, authorization.k8s.io/v1 self-reviews, policy/v1 Eviction. */
import { type SchemaSet, arr, bool, coreName, groupName, int, kind, listKind, metaName, obj, ref, str, strArr, strMap } from './dsl';

const d = (n: string): string => groupName('discovery', 'v1', n);
const z = (n: string): string => groupName('authorization', 'v1', n);
const DISC = { group: 'discovery.k8s.io', version: 'v1' };
const AUTHZ = { group: 'authorization.k8s.io', version: 'v1' };

export const DISCOVERY_AUTHZ_POLICY_SCHEMAS: SchemaSet = {
  [d('EndpointSlice')]: kind({ ...DISC, kind: 'EndpointSlice' }, 'EndpointSlice represents a subset of the endpoints that implement a service.', {
    addressType: str('addressType specifies the type of address carried by this EndpointSlice: IPv4, IPv6 or FQDN.'),
    endpoints: arr(d('Endpoint'), 'endpoints is a list of unique endpoints in this slice.', { listType: 'atomic' }),
    ports: arr(obj('EndpointPort represents a Port used by an EndpointSlice', {
      appProtocol: str('The application protocol for this port.'),
      name: str('name represents the name of this port.'),
      port: int('port represents the port number of the endpoint.'),
      protocol: str('protocol represents the IP protocol for this port. Must be UDP, TCP, or SCTP. Default is TCP.'),
    }), 'ports specifies the list of network ports exposed by each endpoint in this slice.', { listType: 'atomic' }),
  }, ['addressType', 'endpoints']),
  [d('EndpointSliceList')]: listKind({ ...DISC, kind: 'EndpointSlice' }, d('EndpointSlice')),
  [d('Endpoint')]: obj('Endpoint represents a single logical "backend" implementing a service.', {
    addresses: strArr('addresses of this endpoint.', { listType: 'set' }),
    conditions: obj('EndpointConditions represents the current condition of an endpoint.', {
      ready: bool('ready indicates that this endpoint is ready to receive traffic.'),
      serving: bool('serving indicates that this endpoint is able to receive traffic.'),
      terminating: bool('terminating indicates that this endpoint is terminating.'),
    }),
    deprecatedTopology: strMap('deprecatedTopology contains topology information part of the v1beta1 API.'),
    hints: obj('EndpointHints provides hints describing how an endpoint should be consumed.', {
      forNodes: arr(obj('ForNode provides information about which nodes should consume this endpoint.', { name: str('name represents the name of the node.') }, ['name']), 'forNodes indicates the node(s) this endpoint should be consumed by.', { listType: 'atomic' }),
      forZones: arr(obj('ForZone provides information about which zones should consume this endpoint.', { name: str('name represents the name of the zone.') }, ['name']), 'forZones indicates the zone(s) this endpoint should be consumed by.', { listType: 'atomic' }),
    }),
    hostname: str('hostname of this endpoint.'),
    nodeName: str('nodeName represents the name of the Node hosting this endpoint.'),
    targetRef: ref(coreName('ObjectReference'), 'targetRef is a reference to a Kubernetes object that represents this endpoint.'),
    zone: str('zone is the name of the Zone this endpoint exists in.'),
  }, ['addresses']),
  [z('SelfSubjectAccessReview')]: kind({ ...AUTHZ, kind: 'SelfSubjectAccessReview' }, 'SelfSubjectAccessReview checks whether or the current user can perform an action.', {
    spec: obj('SelfSubjectAccessReviewSpec is a description of the access request. Exactly one of ResourceAuthorizationAttributes and NonResourceAuthorizationAttributes must be set', {
      nonResourceAttributes: obj('NonResourceAttributes includes the authorization attributes available for non-resource requests.', { path: str('Path is the URL path of the request'), verb: str('Verb is the standard HTTP verb') }),
      resourceAttributes: obj('ResourceAttributes includes the authorization attributes available for resource requests.', {
        fieldSelector: obj('fieldSelector describes the limitation on access based on field.', { rawSelector: str('rawSelector is the serialization of a field selector.') }),
        group: str('Group is the API Group of the Resource. "*" means all.'),
        labelSelector: obj('labelSelector describes the limitation on access based on labels.', { rawSelector: str('rawSelector is the serialization of a label selector.') }),
        name: str('Name is the name of the resource being requested for a "get" or deleted for a "delete". "" (empty) means all.'),
        namespace: str('Namespace is the namespace of the action being requested.'),
        resource: str('Resource is one of the existing resource types. "*" means all.'),
        subresource: str('Subresource is one of the existing resource types. "" means none.'),
        verb: str('Verb is a kubernetes resource API verb, like: get, list, watch, create, update, delete, proxy. "*" means all.'),
        version: str('Version is the API Version of the Resource. "*" means all.'),
      }),
    }),
    status: ref(z('SubjectAccessReviewStatus'), 'Status is filled in by the server and indicates whether the request is allowed or not'),
  }, ['spec']),
  [z('SubjectAccessReviewStatus')]: obj('SubjectAccessReviewStatus', {
    allowed: bool('Allowed is required. True if the action would be allowed, false otherwise.'),
    denied: bool('Denied is optional. True if the action would be denied, otherwise false.'),
    evaluationError: str('EvaluationError is an indication that some error occurred during the authorization check.'),
    reason: str('Reason is optional. It indicates why a request was allowed or denied.'),
  }, ['allowed']),
  [z('SelfSubjectRulesReview')]: kind({ ...AUTHZ, kind: 'SelfSubjectRulesReview' }, 'SelfSubjectRulesReview enumerates the set of actions the current user can perform within a namespace.', {
    spec: obj('SelfSubjectRulesReviewSpec defines the specification for SelfSubjectRulesReview.', { namespace: str('Namespace to evaluate rules for. Required.') }),
    status: obj('SubjectRulesReviewStatus contains the result of a rules check.', {
      evaluationError: str('EvaluationError can appear in combination with Rules.'),
      incomplete: bool('Incomplete is true when the rules returned by this call are incomplete.'),
      nonResourceRules: arr(obj('NonResourceRule holds information that describes a rule for the non-resource', { nonResourceURLs: strArr('NonResourceURLs is a set of partial urls that a user should have access to.'), verbs: strArr('Verb is a list of kubernetes non-resource API verbs.') }, ['verbs']), 'NonResourceRules is the list of actions the subject is allowed to perform on non-resources.', { listType: 'atomic' }),
      resourceRules: arr(obj('ResourceRule is the list of actions the subject is allowed to perform on resources.', { apiGroups: strArr('APIGroups is the name of the APIGroup that contains the resources.'), resourceNames: strArr('ResourceNames is an optional white list of names that the rule applies to.'), resources: strArr('Resources is a list of resources this rule applies to.'), verbs: strArr('Verb is a list of kubernetes resource API verbs.') }, ['verbs']), 'ResourceRules is the list of actions the subject is allowed to perform on resources.', { listType: 'atomic' }),
    }, ['resourceRules', 'nonResourceRules', 'incomplete']),
  }, ['spec']),
  [groupName('policy', 'v1', 'Eviction')]: kind({ group: 'policy', version: 'v1', kind: 'Eviction' }, 'Eviction evicts a pod from its node subject to certain policies and safety constraints.', {
    deleteOptions: ref(metaName('DeleteOptions'), 'DeleteOptions may be provided'),
  }),
};
