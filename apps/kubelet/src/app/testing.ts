import net from 'node:net';
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

/** A TCP port free on 127.0.0.1 right now (for a component under test to bind). */
export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** Polls `fn` every `everyMs` until it yields a value (errors count as "not yet"); throws after `ms`. */
export async function until<T>(fn: () => Promise<T | undefined>, ms = 10_000, everyMs = 50): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
