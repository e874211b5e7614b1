import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Container, Probe } from '@tskube/api-types';
import type { StreamingRuntime } from '../streaming/streaming-runtime';

export type ProbeResult = 'success' | 'failure';
export interface ProbeOutcome {
  result: ProbeResult;
  /** Why it failed (the text of an `Unhealthy` event). */
  message?: string;
}

/** What a probe needs about its container. */
export interface ProbeTarget {
  container: Container;
  containerId: string;
  /** Pod IP (host network pods: the node IP). httpGet/tcpSocket default to it. */
  podIP?: string;
}

/** Something with `exec` (a probe or a lifecycle handler). */
export type Handler = Pick<Probe, 'exec' | 'httpGet' | 'tcpSocket'>;

/** Resolves a numeric or named port (`containerPort` by `name`). */
export function resolvePort(port: number | string | undefined, c: Container): number | undefined {
  if (typeof port === 'number') return port;
  if (port === undefined) return undefined;
  if (/^\d+$/.test(port)) return Number(port);
  return c.ports?.find((p) => p.name === port)?.containerPort;
}

const ok = (): ProbeOutcome => ({ result: 'success' });
const fail = (message: string): ProbeOutcome => ({ result: 'failure', message });

/**
 * Runs one probe or lifecycle handler once (upstream `prober.runProbe`): `exec` in the container
 * (exit code 0 = success), `httpGet` to the pod IP (2xx/3xx = success; redirects are not
 * followed), `tcpSocket` (a connection opens = success), each bounded by `timeoutMs`.
 */
export async function runHandler(h: Handler, t: ProbeTarget, timeoutMs: number, streaming: StreamingRuntime): Promise<ProbeOutcome> {
  if (h.exec) {
    const cmd = h.exec.command ?? [];
    const r = await streaming.execSync(t.containerId, cmd, timeoutMs);
    if (r.timedOut) return fail(`command ${JSON.stringify(cmd.join(' '))} timed out`);
    return r.exitCode === 0 ? ok() : fail(r.output.trim() || `command ${JSON.stringify(cmd.join(' '))} exited with ${r.exitCode}`);
  }
  if (h.httpGet) {
    const g = h.httpGet;
    const port = resolvePort(g.port, t.container);
    const host = g.host || t.podIP;
    if (!port || !host) return fail(`cannot resolve ${!port ? `port ${String(g.port)}` : 'the pod IP'}`);
    const scheme = (g.scheme ?? 'HTTP').toUpperCase();
    return httpProbe({ https: scheme === 'HTTPS', host, port, path: g.path ?? '/', headers: Object.fromEntries((g.httpHeaders ?? []).map((x) => [x.name, x.value])) }, timeoutMs);
  }
  if (h.tcpSocket) {
    const port = resolvePort(h.tcpSocket.port, t.container);
    const host = h.tcpSocket.host || t.podIP;
    if (!port || !host) return fail(`cannot resolve ${!port ? `port ${String(h.tcpSocket.port)}` : 'the pod IP'}`);
    return tcpProbe(host, port, timeoutMs);
  }
  return fail('probe has no handler (exec, httpGet or tcpSocket)');
}

export function httpProbe(o: { https: boolean; host: string; port: number; path: string; headers: Record<string, string> }, timeoutMs: number): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    const mod = o.https ? https : http;
    const req = mod.request({ host: o.host, port: o.port, path: o.path.startsWith('/') ? o.path : `/${o.path}`, method: 'GET', headers: { 'User-Agent': 'kube-probe/1.32', Accept: '*/*', ...o.headers }, timeout: timeoutMs, ...(o.https ? { rejectUnauthorized: false } : {}) }, (res) => {
      res.resume();
      const code = res.statusCode ?? 0;
      resolve(code >= 200 && code < 400 ? ok() : fail(`HTTP probe failed with statuscode: ${code}`));
    });
    req.on('timeout', () => req.destroy(new Error(`Get "http://${o.host}:${o.port}${o.path}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`)));
    req.on('error', (e) => resolve(fail(e.message.startsWith('Get ') ? e.message : `Get "http://${o.host}:${o.port}${o.path}": ${e.message}`)));
    req.end();
  });
}

export function tcpProbe(host: string, port: number, timeoutMs: number): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    const timer = setTimeout(() => s.destroy(new Error('i/o timeout')), timeoutMs);
    s.once('connect', () => {
      clearTimeout(timer);
      s.destroy();
      resolve(ok());
    });
    s.once('error', (e) => {
      clearTimeout(timer);
      resolve(fail(`dial tcp ${host}:${port}: ${e.message}`));
    });
  });
}
