import type { Node, NodeCondition, NodeStatus } from '@tskube/api-types';
import { RESOURCES } from '@tskube/api-types';
import type { RestClient } from '@tskube/client';
import { isAlreadyExists, isConflict } from '@tskube/client';
import type { Logger } from '@tskube/component-base';
import type { HostInfo } from './host-info';
import type { NodePressure } from './node-pressure';

export const KUBELET_VERSION = 'v1.32.0-tskube';

export type NodeClient = Pick<RestClient, 'get' | 'create' | 'update'>;

export interface NodeStatusOptions {
  nodeName: string;
  host: HostInfo;
  /** InternalIP: `--node-ip`, else the host's first non-loopback IPv4. */
  nodeIP?: string;
  maxPods: number;
  kubeletPort: number;
  /** `docker://<version>`. */
  runtimeVersion: string;
  now?: () => Date;
  /**
   * Records a Normal event on the Node when a pressure condition changes (upstream
   * `recordNodeStatusEvent`: `NodeHasSufficientMemory`, `NodeHasDiskPressure`, ...).
   */
  nodeEvent?: (reason: string, message: string) => void;
}

/** Event reasons per pressure condition: [when True, when False]. */
const PRESSURE_EVENTS: Record<string, [string, string]> = {
  MemoryPressure: ['NodeHasInsufficientMemory', 'NodeHasSufficientMemory'],
  DiskPressure: ['NodeHasDiskPressure', 'NodeHasNoDiskPressure'],
  PIDPressure: ['NodeHasInsufficientPID', 'NodeHasSufficientPID'],
};

const iso = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
const ki = (bytes: number): string => `${Math.floor(bytes / 1024)}Ki`;

function cond(type: string, status: 'True' | 'False', reason: string, message: string, nowIso: string, old: NodeCondition[] | undefined): NodeCondition {
  const prev = old?.find((c) => c.type === type);
  return { type, status, reason, message, lastHeartbeatTime: nowIso, lastTransitionTime: prev && prev.status === status && prev.lastTransitionTime ? prev.lastTransitionTime : nowIso };
}

const NO_PRESSURE: NodePressure = { memory: false, disk: false, pid: false };

/** The three pressure conditions with upstream's reasons and messages (`setNode*PressureCondition`). */
export function pressureConditions(p: NodePressure, nowIso: string, old: NodeCondition[] | undefined): NodeCondition[] {
  return [
    p.memory
      ? cond('MemoryPressure', 'True', 'KubeletHasInsufficientMemory', 'kubelet has insufficient memory available', nowIso, old)
      : cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available', nowIso, old),
    p.disk ? cond('DiskPressure', 'True', 'KubeletHasDiskPressure', 'kubelet has disk pressure', nowIso, old) : cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure', nowIso, old),
    p.pid
      ? cond('PIDPressure', 'True', 'KubeletHasInsufficientPID', 'kubelet has insufficient PID available', nowIso, old)
      : cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available', nowIso, old),
  ];
}

/**
 * The node's status as the kubelet reports it (upstream `setNodeStatus`): capacity and
 * allocatable from the host, addresses, nodeInfo, the Ready and pressure conditions (from
 * `pressure`, see node-pressure.ts) with a fresh lastHeartbeatTime, and the kubelet endpoint.
 * `old` keeps condition transition times.
 */
export function buildNodeStatus(o: NodeStatusOptions, old?: NodeStatus, pressure: NodePressure = NO_PRESSURE): NodeStatus {
  const nowIso = iso(o.now?.() ?? new Date());
  const h = o.host;
  const capacity: Record<string, string> = { cpu: String(h.cpuCores), memory: ki(h.memoryBytes), pods: String(o.maxPods) };
  if (h.ephemeralStorageBytes !== undefined) capacity['ephemeral-storage'] = ki(h.ephemeralStorageBytes);
  const ip = o.nodeIP ?? h.firstIPv4;
  const oc = old?.conditions;
  return {
    capacity,
    allocatable: { ...capacity },
    conditions: [
      ...pressureConditions(pressure, nowIso, oc),
      cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status', nowIso, oc),
    ],
    addresses: [...(ip ? [{ type: 'InternalIP', address: ip }] : []), { type: 'Hostname', address: o.nodeName }],
    daemonEndpoints: { kubeletEndpoint: { Port: o.kubeletPort } },
    nodeInfo: {
      machineID: h.machineID,
      systemUUID: h.machineID,
      bootID: h.bootID,
      kernelVersion: h.kernelVersion,
      osImage: h.osImage,
      containerRuntimeVersion: o.runtimeVersion,
      kubeletVersion: KUBELET_VERSION,
      kubeProxyVersion: '',
      operatingSystem: h.operatingSystem,
      architecture: h.architecture,
    },
    ...(old?.images ? { images: old.images } : {}),
  };
}

/** The Node object the kubelet registers, with the well-known labels. */
export function buildNode(o: NodeStatusOptions): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: o.nodeName,
      labels: {
        'kubernetes.io/hostname': o.nodeName,
        'kubernetes.io/os': o.host.operatingSystem,
        'kubernetes.io/arch': o.host.architecture,
        'beta.kubernetes.io/os': o.host.operatingSystem,
        'beta.kubernetes.io/arch': o.host.architecture,
      },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    },
    spec: {},
    status: buildNodeStatus(o),
  };
}

/**
 * Registers the node and keeps its status fresh (upstream `registerWithAPIServer` +
 * `updateNodeStatus`). Registration creates the Node, or adopts an existing one.
 */
export class NodeStatusReporter {
  constructor(
    private readonly client: NodeClient,
    private readonly opts: NodeStatusOptions,
    private readonly logger: Logger,
    /** Current pressure (node-pressure.ts); absent = none. A failed reading counts as none. */
    private readonly readPressure?: () => Promise<NodePressure>,
  ) {}

  /** Creates the Node (or finds it registered already) and posts a fresh status. */
  async register(): Promise<void> {
    try {
      const node = buildNode(this.opts);
      await this.client.create(RESOURCES.nodes, node);
      this.logger.info('registered node', { node: this.opts.nodeName });
      this.recordTransitions(undefined, node.status);
      return;
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
    this.logger.info('node already registered; updating its status', { node: this.opts.nodeName });
    await this.heartbeat();
  }

  private recordTransitions(old: NodeStatus | undefined, cur: NodeStatus | undefined): void {
    for (const c of cur?.conditions ?? []) {
      const reasons = PRESSURE_EVENTS[c.type];
      if (!reasons || old?.conditions?.find((o) => o.type === c.type)?.status === c.status) continue;
      const reason = c.status === 'True' ? reasons[0] : reasons[1];
      this.opts.nodeEvent?.(reason, `Node ${this.opts.nodeName} status is now: ${reason}`);
    }
  }

  private async pressure(): Promise<NodePressure> {
    if (!this.readPressure) return NO_PRESSURE;
    try {
      return await this.readPressure();
    } catch (err) {
      this.logger.warn('reading node pressure failed', { err: err instanceof Error ? err.message : String(err) });
      return NO_PRESSURE;
    }
  }

  /** Writes a fresh status (new lastHeartbeatTime) through `nodes/status`; retries once on conflict. */
  async heartbeat(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const node = await this.client.get<Node>(RESOURCES.nodes, this.opts.nodeName);
      const pressure = await this.pressure();
      const next: Node = { ...node, status: buildNodeStatus(this.opts, node.status, pressure) };
      try {
        await this.client.update(RESOURCES.nodes, next, { subresource: 'status' });
        this.recordTransitions(node.status, next.status);
        return;
      } catch (err) {
        if (!isConflict(err) || attempt >= 2) throw err;
      }
    }
  }
}
