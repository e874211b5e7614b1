import type http from 'node:http';

/** What the proxier reports about its own health (upstream's ProxierHealthServer state). */
export interface ProxierHealthSource {
  /** False once an update has waited for a sync longer than the health timeout (2 × --iptables-sync-period). */
  isHealthy(): boolean;
  /** Epoch ms of the last successful sync, undefined before the first one. */
  lastUpdated(): number | undefined;
}

/**
 * Go's `time.Time.String()` of a UTC instant, as upstream's health body prints it through `%q`:
 * `2006-01-02 15:04:05.999999999 +0000 UTC` with trailing zeros of the fraction dropped, and
 * Go's zero time for "never" (upstream's lastUpdated before the first sync).
 */
export function goTimeString(ms: number | undefined): string {
  if (ms === undefined) return '0001-01-01 00:00:00 +0000 UTC';
  const iso = new Date(ms).toISOString(); // 2006-01-02T15:04:05.123Z
  const frac = iso.slice(20, 23).replace(/0+$/, '');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${frac ? `.${frac}` : ''} +0000 UTC`;
}

/**
 * Answers kube-proxy's own health paths as upstream's proxier health server does on
 * --healthz-bind-address (10256): `/healthz` and `/livez` with a JSON body
 * `{"lastUpdated": "...","currentTime": "..."[, "nodeEligible": true]}`, 200 when healthy
 * (lastUpdated then reads as now, as upstream keeps for compatibility) and 503 when an
 * update has waited too long; load balancers and liveness probes read it. Resolves false for
 * any other path (serveHealth's `routes` hook then answers /readyz and /metrics).
 */
export function proxierHealthRoutes(source: ProxierHealthSource, now: () => number = Date.now): (req: http.IncomingMessage, res: http.ServerResponse) => Promise<boolean> {
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path !== '/healthz' && path !== '/livez') return Promise.resolve(false);
    const healthy = source.isHealthy();
    const current = now();
    const last = healthy ? current : source.lastUpdated();
    const eligible = path === '/healthz' ? ', "nodeEligible": true' : '';
    res.writeHead(healthy ? 200 : 503, { 'Content-Type': 'application/json', 'X-Content-Type-Options': 'nosniff' });
    res.end(`{"lastUpdated": ${JSON.stringify(goTimeString(last))},"currentTime": ${JSON.stringify(goTimeString(current))}${eligible}}`);
    return Promise.resolve(true);
  };
}
