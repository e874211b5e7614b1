/** core/v1 container schemas: Container (and EphemeralContainer), ports, env, mounts, probes, resources. */
import { type SchemaNode, type SchemaSet, arr, bool, coreName as c, int, intOrString, obj, opaque, qtyMap, ref, str, strArr } from './dsl';

function containerFields(): Record<string, SchemaNode> {
  return {
    args: strArr('Arguments to the entrypoint. The container image\'s CMD is used if this is not provided.'),
    command: strArr('Entrypoint array. Not executed within a shell. The container image\'s ENTRYPOINT is used if this is not provided.'),
    env: arr(c('EnvVar'), 'List of environment variables to set in the container. Cannot be updated.', { mergeKey: 'name', listType: 'map', mapKeys: ['name'] }),
    envFrom: arr(c('EnvFromSource'), 'List of sources to populate environment variables in the container.', { listType: 'atomic' }),
    image: str('Container image name. More info: https://kubernetes.io/docs/concepts/containers/images'),
    imagePullPolicy: str('Image pull policy. One of Always, Never, IfNotPresent. Defaults to Always if :latest tag is specified, or IfNotPresent otherwise.'),
    lifecycle: opaque('Actions that the management system should take in response to container lifecycle events (postStart, preStop).'),
    livenessProbe: ref(c('Probe'), 'Periodic probe of container liveness. Container will be restarted if the probe fails.'),
    name: str('Name of the container specified as a DNS_LABEL. Each container in a pod must have a unique name (DNS_LABEL). Cannot be updated.'),
    ports: arr(c('ContainerPort'), 'List of ports to expose from the container.', { mergeKey: 'containerPort', listType: 'map', mapKeys: ['containerPort', 'protocol'] }),
    readinessProbe: ref(c('Probe'), 'Periodic probe of container service readiness. Container will be removed from service endpoints if the probe fails.'),
    resizePolicy: arr(obj('ContainerResizePolicy represents resource resize policy for the container.', { resourceName: str('Name of the resource to which this resource resize policy applies.'), restartPolicy: str('Restart policy to apply when specified resource is resized.') }, ['resourceName', 'restartPolicy']), 'Resources resize policy for the container.', { listType: 'atomic' }),
    resources: ref(c('ResourceRequirements'), 'Compute Resources required by this container.'),
    restartPolicy: str('RestartPolicy defines the restart behavior of individual containers in a pod. Only "Always" is allowed (init containers: sidecars).'),
    securityContext: opaque('SecurityContext defines the security options the container should be run with.'),
    startupProbe: ref(c('Probe'), 'StartupProbe indicates that the Pod has successfully initialized.'),
    stdin: bool('Whether this container should allocate a buffer for stdin in the container runtime.'),
    stdinOnce: bool('Whether the container runtime should close the stdin channel after it has been opened by a single attach.'),
    terminationMessagePath: str('Path at which the file to which the container\'s termination message will be written is mounted. Defaults to /dev/termination-log.'),
    terminationMessagePolicy: str('Indicate how the termination message should be populated: File or FallbackToLogsOnError.'),
    tty: bool('Whether this container should allocate a TTY for itself, also requires \'stdin\' to be true.'),
    volumeDevices: arr(obj('volumeDevice describes a mapping of a raw block device within a container.', { devicePath: str('devicePath is the path inside of the container that the device will be mapped to.'), name: str('name must match the name of a persistentVolumeClaim in the pod') }, ['name', 'devicePath']), 'volumeDevices is the list of block devices to be used by the container.', { mergeKey: 'devicePath', listType: 'map', mapKeys: ['devicePath'] }),
    volumeMounts: arr(c('VolumeMount'), 'Pod volumes to mount into the container\'s filesystem. Cannot be updated.', { mergeKey: 'mountPath', listType: 'map', mapKeys: ['mountPath'] }),
    workingDir: str('Container\'s working directory. Defaults to the container runtime\'s default.'),
  };
}

const action = (desc: string, fields: Record<string, SchemaNode>, required?: string[]): SchemaNode => obj(desc, fields, required);

export const CORE_CONTAINER_SCHEMAS: SchemaSet = {
  [c('Container')]: obj('A single application container that you want to run within a pod.', containerFields(), ['name']),
  [c('EphemeralContainer')]: obj('An EphemeralContainer is a temporary container that you may add to an existing Pod for user-initiated activities such as debugging.', {
    ...containerFields(),
    targetContainerName: str('If set, the name of the container from PodSpec that this ephemeral container targets.'),
  }, ['name']),
  [c('ContainerPort')]: obj('ContainerPort represents a network port in a single container.', {
    containerPort: int('Number of port to expose on the pod\'s IP address. This must be a valid port number, 0 < x < 65536.'),
    hostIP: str('What host IP to bind the external port to.'),
    hostPort: int('Number of port to expose on the host.'),
    name: str('If specified, this must be an IANA_SVC_NAME and unique within the pod. Each named port in a pod must have a unique name.'),
    protocol: { ...str('Protocol for port. Must be UDP, TCP, or SCTP. Defaults to "TCP".'), default: 'TCP' },
  }, ['containerPort']),
  [c('EnvVar')]: obj('EnvVar represents an environment variable present in a Container.', {
    name: str('Name of the environment variable. Must be a C_IDENTIFIER.'),
    value: str('Variable references $(VAR_NAME) are expanded using the previously defined environment variables in the container. Defaults to "".'),
    valueFrom: obj('EnvVarSource represents a source for the value of an EnvVar.', {
      configMapKeyRef: opaque('Selects a key of a ConfigMap.'),
      fieldRef: opaque('Selects a field of the pod: supports metadata.name, metadata.namespace, metadata.labels[\'<KEY>\'], spec.nodeName, status.podIP, ...'),
      resourceFieldRef: opaque('Selects a resource of the container: only resources limits and requests are currently supported.'),
      secretKeyRef: opaque('Selects a key of a secret in the pod\'s namespace'),
    }),
  }, ['name']),
  [c('EnvFromSource')]: obj('EnvFromSource represents the source of a set of ConfigMaps or Secrets', {
    configMapRef: opaque('The ConfigMap to select from'),
    prefix: str('Optional text to prepend to the name of each environment variable. Must be a C_IDENTIFIER.'),
    secretRef: opaque('The Secret to select from'),
  }),
  [c('VolumeMount')]: obj('VolumeMount describes a mounting of a Volume within a container.', {
    mountPath: str('Path within the container at which the volume should be mounted. Must not contain \':\'.'),
    mountPropagation: str('mountPropagation determines how mounts are propagated from the host to container and the other way around.'),
    name: str('This must match the Name of a Volume.'),
    readOnly: bool('Mounted read-only if true, read-write otherwise (false or unspecified). Defaults to false.'),
    recursiveReadOnly: str('RecursiveReadOnly specifies whether read-only mounts should be handled recursively.'),
    subPath: str('Path within the volume from which the container\'s volume should be mounted. Defaults to "" (volume\'s root).'),
    subPathExpr: str('Expanded path within the volume from which the container\'s volume should be mounted.'),
  }, ['name', 'mountPath']),
  [c('ResourceRequirements')]: obj('ResourceRequirements describes the compute resource requirements.', {
    claims: arr(obj('ResourceClaim references one entry in PodSpec.ResourceClaims.', { name: str('Name must match the name of one entry in pod.spec.resourceClaims.'), request: str('Request is the name chosen for a request in the referenced claim.') }, ['name']), 'Claims lists the names of resources, defined in spec.resourceClaims, that are used by this container.', { listType: 'map', mapKeys: ['name'] }),
    limits: qtyMap('Limits describes the maximum amount of compute resources allowed.'),
    requests: qtyMap('Requests describes the minimum amount of compute resources required. Defaults to Limits if omitted.'),
  }),
  [c('Probe')]: obj('Probe describes a health check to be performed against a container to determine whether it is alive or ready to receive traffic.', {
    exec: action('ExecAction describes a "run in container" action.', { command: strArr('Command is the command line to execute inside the container; not run in a shell.') }),
    failureThreshold: int('Minimum consecutive failures for the probe to be considered failed after having succeeded. Defaults to 3.'),
    grpc: action('GRPC specifies a GRPC HealthCheckRequest.', { port: int('Port number of the gRPC service.'), service: str('Service is the name of the service to place in the gRPC HealthCheckRequest.') }, ['port']),
    httpGet: action('HTTPGetAction describes an action based on HTTP Get requests.', {
      host: str('Host name to connect to, defaults to the pod IP.'),
      httpHeaders: arr(obj('HTTPHeader describes a custom header to be used in HTTP probes', { name: str('The header field name.'), value: str('The header field value') }, ['name', 'value']), 'Custom headers to set in the request.', { listType: 'atomic' }),
      path: str('Path to access on the HTTP server.'),
      port: intOrString('Name or number of the port to access on the container.'),
      scheme: str('Scheme to use for connecting to the host. Defaults to HTTP.'),
    }, ['port']),
    initialDelaySeconds: int('Number of seconds after the container has started before liveness probes are initiated.'),
    periodSeconds: int('How often (in seconds) to perform the probe. Default to 10 seconds.'),
    successThreshold: int('Minimum consecutive successes for the probe to be considered successful after having failed. Defaults to 1.'),
    tcpSocket: action('TCPSocketAction describes an action based on opening a socket', { host: str('Optional: Host name to connect to, defaults to the pod IP.'), port: intOrString('Number or name of the port to access on the container.') }, ['port']),
    terminationGracePeriodSeconds: { type: 'integer', format: 'int64', description: 'Optional duration in seconds the pod needs to terminate gracefully upon probe failure.' },
    timeoutSeconds: int('Number of seconds after which the probe times out. Defaults to 1 second.'),
  }),
  [c('ContainerStatus')]: obj('ContainerStatus contains details for the current status of this container.', {
    allocatedResources: qtyMap('AllocatedResources represents the compute resources allocated for this container by the node.'),
    allocatedResourcesStatus: arr(opaque(), 'AllocatedResourcesStatus represents the status of various resources allocated for this Pod.', { mergeKey: 'name', listType: 'map', mapKeys: ['name'] }),
    containerID: str('ContainerID is the ID of the container in the format \'<type>://<container_id>\'.'),
    image: str('Image is the name of container image that the container is running.'),
    imageID: str('ImageID is the image ID of the container\'s image.'),
    lastState: ref(c('ContainerState'), 'LastTerminationState holds the last termination state of the container.'),
    name: str('Name is a DNS_LABEL representing the unique name of the container.'),
    ready: bool('Ready specifies whether the container is currently passing its readiness check.'),
    resources: ref(c('ResourceRequirements'), 'Resources represents the compute resource requests and limits that have been successfully enacted on the running container.'),
    restartCount: int('RestartCount holds the number of times the container has been restarted.'),
    started: bool('Started indicates whether the container has finished its postStart lifecycle hook and passed its startup probe.'),
    state: ref(c('ContainerState'), 'State holds details about the container\'s current condition.'),
    user: opaque('User represents user identity information initially attached to the first process of the container'),
    volumeMounts: arr(obj('VolumeMountStatus shows status of volume mounts.', { mountPath: str('MountPath corresponds to the original VolumeMount.'), name: str('Name corresponds to the name of the original VolumeMount.'), readOnly: bool('ReadOnly corresponds to the original VolumeMount.'), recursiveReadOnly: str('RecursiveReadOnly must be set to Disabled, Enabled, or unspecified (for non-readonly mounts).') }, ['name', 'mountPath']), 'Status of volume mounts.', { mergeKey: 'mountPath', listType: 'map', mapKeys: ['mountPath'] }),
  }, ['name', 'ready', 'restartCount', 'image', 'imageID']),
  [c('ContainerState')]: obj('ContainerState holds a possible state of container. Only one of its members may be specified.', {
    running: obj('ContainerStateRunning is a running state of a container.', { startedAt: ref('io.k8s.apimachinery.pkg.apis.meta.v1.Time', 'Time at which the container was last (re-)started') }),
    terminated: obj('ContainerStateTerminated is a terminated state of a container.', {
      containerID: str('Container\'s ID in the format \'<type>://<container_id>\''),
      exitCode: int('Exit status from the last termination of the container'),
      finishedAt: ref('io.k8s.apimachinery.pkg.apis.meta.v1.Time', 'Time at which the container last terminated'),
      message: str('Message regarding the last termination of the container'),
      reason: str('(brief) reason from the last termination of the container'),
      signal: int('Signal from the last termination of the container'),
      startedAt: ref('io.k8s.apimachinery.pkg.apis.meta.v1.Time', 'Time at which previous execution of the container started'),
    }, ['exitCode']),
    waiting: obj('ContainerStateWaiting is a waiting state of a container.', { message: str('Message regarding why the container is not yet running.'), reason: str('(brief) reason the container is not yet running.') }),
  }),
};
