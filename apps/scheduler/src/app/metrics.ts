import { Counter, Gauge, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';

/** Upstream scheduler metric names (`scheduler_*`). */
export interface SchedulerMetrics {
  attempts: Counter<'result' | 'profile'>;
  e2eDuration: Histogram<'result' | 'profile'>;
  /** From the pod's first enqueue to a successful bind (upstream `scheduler_e2e_scheduling_duration_seconds`). */
  e2eScheduling: Histogram<'result' | 'profile'>;
  pendingPods: Gauge<'queue'>;
  /** Upstream `scheduler_preemption_attempts_total`. */
  preemptionAttempts: Counter;
  /** Upstream `scheduler_preemption_victims`: victims per successful preemption. */
  preemptionVictims: Histogram;
}

export function schedulerMetrics(registry: Registry): SchedulerMetrics {
  const buckets = [0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1.024, 2.048, 4.096, 8.192, 16.384];
  return {
    attempts: new Counter({ name: 'scheduler_schedule_attempts_total', help: 'Number of attempts to schedule pods, by the result. unschedulable means a pod could not be scheduled, while error means an internal scheduler problem.', labelNames: ['result', 'profile'], registers: [registry] }),
    e2eDuration: new Histogram({ name: 'scheduler_scheduling_attempt_duration_seconds', help: 'Scheduling attempt latency in seconds (scheduling algorithm + binding)', labelNames: ['result', 'profile'], buckets, registers: [registry] }),
    e2eScheduling: new Histogram({ name: 'scheduler_e2e_scheduling_duration_seconds', help: 'E2e scheduling latency in seconds (from first queueing to bound)', labelNames: ['result', 'profile'], buckets, registers: [registry] }),
    pendingPods: new Gauge({ name: 'scheduler_pending_pods', help: 'Number of pending pods, by the queue type.', labelNames: ['queue'], registers: [registry] }),
    preemptionAttempts: new Counter({ name: 'scheduler_preemption_attempts_total', help: 'Total preemption attempts in the cluster till now', registers: [registry] }),
    preemptionVictims: new Histogram({ name: 'scheduler_preemption_victims', help: 'Number of selected preemption victims', buckets: [1, 2, 4, 8, 16, 32, 64], registers: [registry] }),
  };
}
