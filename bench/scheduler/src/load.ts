/** Runs `fn(i)` for i in [0, count) with at most `concurrency` in flight; resolves with the wall time in ms. */
export async function runPool(count: number, concurrency: number, fn: (i: number) => Promise<void>): Promise<number> {
  const start = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) await fn(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return performance.now() - start;
}

async function call(url: string, init: RequestInit, want: number): Promise<string> {
  const res = await fetch(url, { ...init, headers: { 'Content-Type': 'application/json' }, signal: AbortSignal.timeout(30_000) });
  const text = await res.text();
  if (res.status !== want) throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${text.slice(0, 200)}`);
  return text;
}

/**
 * Registers `count` hollow nodes `hollow-<i>` (create, then a status update: Ready, 32 cpu,
 * 128Gi, 110 pods) — no kubelet behind them, so nothing else must judge their health.
 */
export async function registerNodes(url: string, count: number): Promise<void> {
  await runPool(count, 16, async (i) => {
    const name = `hollow-${i}`;
    const node = JSON.parse(await call(`${url}/api/v1/nodes`, { method: 'POST', body: JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name } } }) }, 201)) as { status?: unknown };
    const allocatable = { cpu: '32', memory: '128Gi', pods: '110' };
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    node.status = { capacity: allocatable, allocatable, conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'hollow node', lastHeartbeatTime: now, lastTransitionTime: now }], addresses: [{ type: 'InternalIP', address: `10.200.${Math.floor(i / 250)}.${(i % 250) + 1}` }] };
    await call(`${url}/api/v1/nodes/${name}/status`, { method: 'PUT', body: JSON.stringify(node) }, 200);
  });
}

/** Creates `count` pending pods `sched-<i>` in `default` (100m / 128Mi), 16 in flight; returns the wall time in ms. */
export function createPods(url: string, count: number): Promise<number> {
  return runPool(count, 16, async (i) => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: `sched-${i}`, namespace: 'default', labels: { app: 'sched-bench' } }, spec: { containers: [{ name: 'c', image: 'tskube/pause:latest', resources: { requests: { cpu: '100m', memory: '128Mi' } } }] } };
    await call(`${url}/api/v1/namespaces/default/pods`, { method: 'POST', body: JSON.stringify(pod) }, 201);
  });
}

/**
 * Watches pods in `default` from now and resolves once `count` distinct pods carry a
 * `spec.nodeName`, with the times of the first and last binding seen (performance.now() ms);
 * rejects after `timeoutMs`.
 */
export async function watchBindings(url: string, count: number, timeoutMs: number, onReady: () => void): Promise<{ first: number; last: number; bound: number }> {
  const rv = (JSON.parse(await call(`${url}/api/v1/namespaces/default/pods?limit=1`, {}, 200)) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), timeoutMs);
  const bound = new Set<string>();
  let first = 0;
  let last = 0;
  try {
    const res = await fetch(`${url}/api/v1/namespaces/default/pods?watch=1&resourceVersion=${rv}&timeoutSeconds=${Math.ceil(timeoutMs / 1000)}`, { signal: ac.signal });
    if (!res.body) throw new Error('watch without body');
    onReady();
    const decoder = new TextDecoder();
    let buf = '';
    for await (const chunk of res.body) {
      buf += decoder.decode(chunk as Uint8Array, { stream: true });
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (!line.trim()) continue;
        const ev = JSON.parse(line) as { object?: { metadata?: { name?: string }; spec?: { nodeName?: string } } };
        const name = ev.object?.metadata?.name;
        if (name && ev.object?.spec?.nodeName && !bound.has(name)) {
          bound.add(name);
          last = performance.now();
          if (bound.size === 1) first = last;
        }
      }
      if (bound.size >= count) break;
    }
  } catch (err) {
    if (!ac.signal.aborted) throw err;
  } finally {
    clearTimeout(timer);
    ac.abort();
  }
  return { first, last, bound: bound.size };
}
