import type { Pod, ReplicaSet } from '@tskube/api-types';
import { createLogger } from '@tskube/component-base';

export const testLogger = createLogger('test', { level: 'error' });

/** A ReplicaSet `name` in `default` selecting `app=<app>` with `replicas`. */
export function makeRS(name: string, replicas: number, opts: { app?: string; uid?: string; labels?: Record<string, string> } = {}): ReplicaSet {
  const labels = opts.labels ?? { app: opts.app ?? 'web' };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default', uid: opts.uid ?? `uid-${name}`, generation: 1 },
    spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ name: 'http', containerPort: 80 }] }] } } },
    status: { replicas: 0 },
  };
}

/** A pod with `labels`, optionally owned by `owner` (controller ref), Running/Ready when `ready`. */
export function makePod(name: string, opts: { labels?: Record<string, string>; owner?: { kind: string; name: string; uid: string; apiVersion?: string }; ready?: boolean; nodeName?: string; ip?: string; phase?: string } = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      labels: opts.labels ?? { app: 'web' },
      ownerReferences: opts.owner ? [{ apiVersion: opts.owner.apiVersion ?? 'apps/v1', kind: opts.owner.kind, name: opts.owner.name, uid: opts.owner.uid, controller: true, blockOwnerDeletion: true }] : undefined,
    },
    spec: { nodeName: opts.nodeName, containers: [{ name: 'c', image: 'nginx', ports: [{ name: 'http', containerPort: 8080 }] }] },
    status: {
      phase: opts.phase ?? (opts.ready ? 'Running' : 'Pending'),
      podIP: opts.ip,
      conditions: opts.ready !== undefined ? [{ type: 'Ready', status: opts.ready ? 'True' : 'False', lastTransitionTime: '2024-01-01T00:00:00Z' }] : undefined,
    },
  };
}
