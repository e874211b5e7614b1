import http from 'node:http';
import type { Context } from 'koa';
import type { Pod } from '@tskube/api-types';
import { ApiError, BadRequestError } from '../../errors/api-errors';
import type { KubeletConnectionConfig, PodLookup } from './kubelet-location';
import { connectKubelet, locatePod, pickContainer } from './kubelet-location';

/** Query parameters passed through to the kubelet's `/containerLogs` (upstream PodLogOptions). */
const LOG_PARAMS = ['follow', 'tailLines', 'timestamps', 'previous', 'sinceSeconds', 'sinceTime', 'limitBytes'] as const;

/** 400 when the container has not run yet (what kubectl shows for a pending pod). */
export function checkLogAvailable(pod: Pod, container: string, previous: boolean): void {
  const all = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  const st = all.find((s) => s.name === container);
  const podName = pod.metadata?.name ?? '';
  if (previous) {
    if (!st?.lastState?.terminated) throw new BadRequestError(`previous terminated container "${container}" in pod "${podName}" not found`);
    return;
  }
  if (!st || (st.state?.waiting && !st.lastState?.terminated && !st.containerID)) {
    const reason = st?.state?.waiting?.reason ?? 'ContainerCreating';
    throw new BadRequestError(`container "${container}" in pod "${podName}" is waiting to start: ${reason}`);
  }
}

/**
 * `GET pods/<name>/log`: checks the pod and container, then streams the kubelet's
 * `/containerLogs` reply as text/plain (with `follow`, the chunked response stays open until the
 * kubelet ends it or the client leaves). Kubelet errors are passed on with their status.
 */
export async function serveLog(ctx: Context, lookup: PodLookup, cfg: KubeletConnectionConfig, namespace: string, name: string): Promise<void> {
  if (ctx.method !== 'GET') throw new ApiError(405, 'MethodNotAllowed', `${ctx.method} is not supported on resources of kind "pods/log"`);
  const q = new URLSearchParams(ctx.querystring);
  const { pod, targets } = await locatePod(lookup, cfg, namespace, name);
  const container = pickContainer(pod, q.get('container') ?? undefined);
  checkLogAvailable(pod, container, q.get('previous') === 'true');
  const out = new URLSearchParams();
  for (const p of LOG_PARAMS) {
    const v = q.get(p);
    if (v !== null) out.set(p, v);
  }
  const socket = await connectKubelet(targets, cfg.connectTimeoutMs);
  const path = `/containerLogs/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/${encodeURIComponent(container)}${out.size ? `?${out.toString()}` : ''}`;
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
    const req = http.request({ method: 'GET', path, host: '127.0.0.1', createConnection: () => socket, headers: { Connection: 'close' } });
    req.on('response', resolve);
    req.on('error', reject);
    req.end();
  });
  ctx.req.on('close', () => res.destroy());
  ctx.status = res.statusCode ?? 502;
  ctx.set('Cache-Control', 'no-cache, private');
  ctx.type = String(res.headers['content-type'] ?? 'text/plain');
  ctx.body = res;
  if (q.get('follow') === 'true') ctx.flushHeaders();
}
