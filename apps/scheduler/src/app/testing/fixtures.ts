import type { Node, Pod } from '@tskube/api-types';

/** A Ready node with the given allocatable resources (defaults: 4 cpu, 8Gi, 110 pods). */
export function makeNode(name: string, opts: { cpu?: string; memory?: string; pods?: string; ready?: 'True' | 'False' | 'Unknown'; unschedulable?: boolean; taints?: NonNullable<Node['spec']>['taints']; labels?: Record<string, string> } = {}): Node {
  const allocatable = { cpu: opts.cpu ?? '4', memory: opts.memory ?? '8Gi', pods: opts.pods ?? '110' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `uid-${name}`, labels: { 'kubernetes.io/hostname': name, ...opts.labels } },
    spec: { unschedulable: opts.unschedulable, taints: opts.taints },
    status: { allocatable, capacity: allocatable, conditions: [{ type: 'Ready', status: opts.ready ?? 'True' }] },
  };
}

/** A pending pod in `default` with one container requesting `cpu`/`memory` when given. */
export function makePod(name: string, opts: { cpu?: string; memory?: string; nodeName?: string; initCpu?: string; tolerations?: NonNullable<Pod['spec']>['tolerations']; priority?: number; labels?: Record<string, string>; namespace?: string } = {}): Pod {
  const requests: Record<string, string> = {};
  if (opts.cpu) requests['cpu'] = opts.cpu;
  if (opts.memory) requests['memory'] = opts.memory;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: opts.namespace ?? 'default', uid: `uid-${name}`, labels: opts.labels },
    spec: {
      nodeName: opts.nodeName,
      schedulerName: 'default-scheduler',
      priority: opts.priority,
      tolerations: opts.tolerations,
      containers: [{ name: 'c', image: 'busybox', resources: { requests } }],
      initContainers: opts.initCpu ? [{ name: 'init', image: 'busybox', resources: { requests: { cpu: opts.initCpu } } }] : undefined,
    },
    status: { phase: 'Pending' },
  };
}
