/** core/v1 Node, NodeSpec, NodeStatus and Namespace. */
import { type SchemaSet, arr, bool, coreName as c, int, kind, listKind, long, obj, opaque, qtyMap, ref, str, strArr, time } from './dsl';

const V1 = { group: '', version: 'v1' };
const condition = (what: string) => obj(`${what}Condition contains condition information for a ${what.toLowerCase()}.`, {
  lastHeartbeatTime: time('Last time we got an update on a given condition.'),
  lastTransitionTime: time('Last time the condition transit from one status to another.'),
  message: str('Human readable message indicating details about last transition.'),
  reason: str('(brief) reason for the condition\'s last transition.'),
  status: str('Status of the condition, one of True, False, Unknown.'),
  type: str('Type of condition.'),
}, ['type', 'status']);

export const CORE_NODE_SCHEMAS: SchemaSet = {
  [c('Node')]: kind({ ...V1, kind: 'Node' }, 'Node is a worker node in Kubernetes. Each node will have a unique identifier in the cache (i.e. in etcd).', {
    spec: ref(c('NodeSpec'), 'Spec defines the behavior of a node.'),
    status: ref(c('NodeStatus'), 'Most recently observed status of the node. Populated by the system. Read-only.'),
  }),
  [c('NodeList')]: listKind({ ...V1, kind: 'Node' }, c('Node')),
  [c('NodeSpec')]: obj('NodeSpec describes the attributes that a node is created with.', {
    configSource: opaque('Deprecated: Previously used to specify the source of the node\'s configuration for the DynamicKubeletConfig feature.'),
    externalID: str('Deprecated. Not all kubelets will set this field.'),
    podCIDR: str('PodCIDR represents the pod IP range assigned to the node.'),
    podCIDRs: strArr('podCIDRs represents the IP ranges assigned to the node for usage by Pods on that node.', { strategy: 'merge', listType: 'set' }),
    providerID: str('ID of the node assigned by the cloud provider in the format: <ProviderName>://<ProviderSpecificNodeID>'),
    taints: arr(c('Taint'), 'If specified, the node\'s taints.', { listType: 'atomic' }),
    unschedulable: bool('Unschedulable controls node schedulability of new pods. By default, node is schedulable.'),
  }),
  [c('Taint')]: obj('The node this Taint is attached to has the "effect" on any pod that does not tolerate the Taint.', {
    effect: str('Required. The effect of the taint on pods that do not tolerate the taint. Valid effects are NoSchedule, PreferNoSchedule and NoExecute.'),
    key: str('Required. The taint key to be applied to a node.'),
    timeAdded: time('TimeAdded represents the time at which the taint was added. It is only written for NoExecute taints.'),
    value: str('The taint value corresponding to the taint key.'),
  }, ['key', 'effect']),
  [c('NodeStatus')]: obj('NodeStatus is information about the current status of a node.', {
    addresses: arr(obj('NodeAddress contains information for the node\'s address.', { address: str('The node address.'), type: str('Node address type, one of Hostname, ExternalIP or InternalIP.') }, ['type', 'address']), 'List of addresses reachable to the node.', { mergeKey: 'type', listType: 'map', mapKeys: ['type'] }),
    allocatable: qtyMap('Allocatable represents the resources of a node that are available for scheduling. Defaults to Capacity.'),
    capacity: qtyMap('Capacity represents the total resources of a node.'),
    conditions: arr(condition('Node'), 'Conditions is an array of current observed node conditions.', { mergeKey: 'type', listType: 'map', mapKeys: ['type'] }),
    config: opaque('Status of the config assigned to the node via the dynamic Kubelet config feature.'),
    daemonEndpoints: obj('NodeDaemonEndpoints lists ports opened by daemons running on the Node.', { kubeletEndpoint: obj('DaemonEndpoint contains information about a single Daemon endpoint.', { Port: int('Port number of the given endpoint.') }, ['Port']) }),
    features: opaque('Features describes the set of features implemented by the CRI implementation.'),
    images: arr(obj('Describe a container image', { names: strArr('Names by which this image is known.'), sizeBytes: long('The size of the image in bytes.') }), 'List of container images on this node', { listType: 'atomic' }),
    nodeInfo: ref(c('NodeSystemInfo'), 'Set of ids/uuids to uniquely identify the node.'),
    phase: str('NodePhase is the recently observed lifecycle phase of the node. Deprecated.'),
    runtimeHandlers: arr(opaque(), 'The available runtime handlers.', { listType: 'atomic' }),
    volumesAttached: arr(obj('AttachedVolume describes a volume attached to a node', { devicePath: str('DevicePath represents the device path where the volume should be available'), name: str('Name of the attached volume') }, ['name', 'devicePath']), 'List of volumes that are attached to the node.', { listType: 'atomic' }),
    volumesInUse: strArr('List of attachable volumes in use (mounted) by the node.'),
  }),
  [c('NodeSystemInfo')]: obj('NodeSystemInfo is a set of ids/uuids to uniquely identify the node.', {
    architecture: str('The Architecture reported by the node'),
    bootID: str('Boot ID reported by the node.'),
    containerRuntimeVersion: str('ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).'),
    kernelVersion: str('Kernel Version reported by the node from \'uname -r\'.'),
    kubeProxyVersion: str('Deprecated: KubeProxy Version reported by the node.'),
    kubeletVersion: str('Kubelet Version reported by the node.'),
    machineID: str('MachineID reported by the node.'),
    operatingSystem: str('The Operating System reported by the node'),
    osImage: str('OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).'),
    swap: opaque('Swap Info reported by the node.'),
    systemUUID: str('SystemUUID reported by the node.'),
  }, ['machineID', 'systemUUID', 'bootID', 'kernelVersion', 'osImage', 'containerRuntimeVersion', 'kubeletVersion', 'kubeProxyVersion', 'operatingSystem', 'architecture']),
  [c('Namespace')]: kind({ ...V1, kind: 'Namespace' }, 'Namespace provides a scope for Names. Use of multiple namespaces is optional.', {
    spec: obj('NamespaceSpec describes the attributes on a Namespace.', { finalizers: strArr('Finalizers is an opaque list of values that must be empty to permanently remove object from storage.') }),
    status: obj('NamespaceStatus is information about the current status of a Namespace.', {
      conditions: arr(obj('NamespaceCondition contains details about state of namespace.', {
        lastTransitionTime: time('Last time the condition transitioned from one status to another.'),
        message: str('Human-readable message indicating details about last transition.'),
        reason: str('Unique, one-word, CamelCase reason for the condition\'s last transition.'),
        status: str('Status of the condition, one of True, False, Unknown.'),
        type: str('Type of namespace controller condition.'),
      }, ['type', 'status']), 'Represents the latest available observations of a namespace\'s current state.', { mergeKey: 'type', listType: 'map', mapKeys: ['type'] }),
      phase: str('Phase is the current lifecycle phase of the namespace: Active or Terminating.'),
    }),
  }),
  [c('NamespaceList')]: listKind({ ...V1, kind: 'Namespace' }, c('Namespace')),
};
