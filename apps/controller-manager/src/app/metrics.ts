import { Counter, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';

/** Per-controller sync counts and durations, as `controller_sync_*` (workqueue-style names). */
export function controllerMetrics(registry: Registry): (name: string, result: 'success' | 'error', ms: number) => void {
  const total = new Counter({ name: 'controller_sync_total', help: 'Syncs by controller and result', labelNames: ['controller', 'result'], registers: [registry] });
  const duration = new Histogram({ name: 'controller_sync_duration_seconds', help: 'Sync duration by controller', labelNames: ['controller'], buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5], registers: [registry] });
  return (name, result, ms) => {
    total.inc({ controller: name, result });
    duration.observe({ controller: name }, ms / 1000);
  };
}
