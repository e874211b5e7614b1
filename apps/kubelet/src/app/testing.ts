import type { Pod } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import { createLogger } from '@tskube/component-base';

/** A logger that prints nothing (unit tests). */
export function silentLogger(): Logger {
  const l = createLogger('kubelet-test');
  l.silent = true;
  return l;
}

/** A pod bound to node `n1` with the given containers (busybox by default). */
export function testPod(name: string, over: Partial<NonNullable<Pod['spec']>> = {}, uid = `uid-${name}`): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid, resourceVersion: '1' },
    spec: { nodeName: 'n1', containers: [{ name: 'main', image: 'tskube/busybox:latest' }], ...over },
    status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: '2024-01-01T00:00:00Z' }] },
  };
}
