import { Counter, Gauge, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';

/** kube-proxy's sync metrics, under upstream's names where upstream has one. */
export interface ProxierMetrics {
  syncDuration: Histogram;
  fullSyncDuration: Histogram;
  partialSyncDuration: Histogram;
  lastSyncTimestamp: Gauge;
  rulesTotal: Gauge<'table'>;
  rulesLastSync: Gauge<'table'>;
  restoreFailures: Counter;
  skippedServicePorts: Gauge;
}

/** Registers the proxier metrics on `registry`. */
export function createProxierMetrics(registry: Registry): ProxierMetrics {
  return {
    syncDuration: new Histogram({
      name: 'kubeproxy_sync_proxy_rules_duration_seconds',
      help: 'SyncProxyRules latency in seconds',
      buckets: Array.from({ length: 15 }, (_, i) => 0.001 * 2 ** i),
      registers: [registry],
    }),
    fullSyncDuration: new Histogram({
      name: 'kubeproxy_sync_full_proxy_rules_duration_seconds',
      help: 'SyncProxyRules latency in seconds for full resyncs',
      buckets: Array.from({ length: 15 }, (_, i) => 0.001 * 2 ** i),
      registers: [registry],
    }),
    partialSyncDuration: new Histogram({
      name: 'kubeproxy_sync_partial_proxy_rules_duration_seconds',
      help: 'SyncProxyRules latency in seconds for partial resyncs',
      buckets: Array.from({ length: 15 }, (_, i) => 0.001 * 2 ** i),
      registers: [registry],
    }),
    lastSyncTimestamp: new Gauge({
      name: 'kubeproxy_sync_proxy_rules_last_timestamp_seconds',
      help: 'The last time proxy rules were successfully synced',
      registers: [registry],
    }),
    rulesTotal: new Gauge({
      name: 'kubeproxy_sync_proxy_rules_iptables_total',
      help: 'Total number of iptables rules owned by kube-proxy',
      labelNames: ['table'],
      registers: [registry],
    }),
    rulesLastSync: new Gauge({
      name: 'kubeproxy_sync_proxy_rules_iptables_last',
      help: 'Number of iptables rules written by kube-proxy in last sync',
      labelNames: ['table'],
      registers: [registry],
    }),
    restoreFailures: new Counter({
      name: 'kubeproxy_sync_proxy_rules_iptables_restore_failures_total',
      help: 'Cumulative proxy iptables restore failures',
      registers: [registry],
    }),
    skippedServicePorts: new Gauge({
      name: 'kubeproxy_sync_proxy_rules_skipped_service_ports',
      help: 'Service ports kube-proxy cannot program (e.g. IPv6 cluster IP, unsupported protocol) and skips',
      registers: [registry],
    }),
  };
}
