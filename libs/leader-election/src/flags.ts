import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { FlagError } from '@tskube/component-base';
import type { FlagSpec } from '@tskube/component-base';

/** Effective leader-election configuration (upstream `LeaderElectionConfiguration`). */
export interface LeaderElectionConfig {
  leaderElect: boolean;
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
  resourceName: string;
  resourceNamespace: string;
}

/**
 * The upstream `--leader-elect*` flags, to spread into a component's `parseFlags` spec.
 * @example parseFlags('kube-scheduler', { ...other, ...leaderElectionFlags('kube-scheduler') })
 */
export function leaderElectionFlags(resourceName: string) {
  return {
    'leader-elect': { type: 'boolean', default: true, help: 'Start a leader election client and gain leadership before executing the main loop. Enable this when running replicated components for high availability' },
    'leader-elect-lease-duration': { type: 'string', default: '15s', help: 'The duration that non-leader candidates will wait after observing a leadership renewal until attempting to acquire leadership of a led but unrenewed leader slot' },
    'leader-elect-renew-deadline': { type: 'string', default: '10s', help: 'The interval between attempts by the acting master to renew a leadership slot before it stops leading. This must be less than the lease duration' },
    'leader-elect-retry-period': { type: 'string', default: '2s', help: 'The duration the clients should wait between attempting acquisition and renewal of a leadership' },
    'leader-elect-resource-name': { type: 'string', default: resourceName, help: 'The name of resource object that is used for locking during leader election' },
    'leader-elect-resource-namespace': { type: 'string', default: 'kube-system', help: 'The namespace of resource object that is used for locking during leader election' },
  } as const satisfies Record<string, FlagSpec>;
}

type Values = { [K in keyof ReturnType<typeof leaderElectionFlags>]: K extends 'leader-elect' ? boolean : string };

/** Builds the config from parsed flag values; throws FlagError on bad durations or ordering. */
export function leaderElectionConfigFrom(v: Values): LeaderElectionConfig {
  const cfg: LeaderElectionConfig = {
    leaderElect: v['leader-elect'],
    leaseDurationMs: parseGoDuration(v['leader-elect-lease-duration']),
    renewDeadlineMs: parseGoDuration(v['leader-elect-renew-deadline']),
    retryPeriodMs: parseGoDuration(v['leader-elect-retry-period']),
    resourceName: v['leader-elect-resource-name'],
    resourceNamespace: v['leader-elect-resource-namespace'],
  };
  if (cfg.leaderElect) {
    // Same checks as upstream's ValidateLeaderElectionConfiguration / NewLeaderElector.
    if (cfg.leaseDurationMs <= cfg.renewDeadlineMs) throw new FlagError('leaseDuration must be greater than renewDeadline');
    if (cfg.renewDeadlineMs <= 1.2 * cfg.retryPeriodMs) throw new FlagError('renewDeadline must be greater than retryPeriod*JitterFactor');
  }
  return cfg;
}

/** Go duration (`15s`, `1m30s`, `500ms`, `1h`) in milliseconds; throws FlagError when malformed. */
export function parseGoDuration(s: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  let consumed = '';
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    total += Number(m[1]) * (units[m[2] ?? ''] ?? 0);
    consumed += m[0];
  }
  if (!s || consumed !== s) throw new FlagError(`invalid duration "${s}"`);
  return total;
}

/** Upstream candidate identity: `<hostname>_<uuid>`, unique per process. */
export function leaderElectionIdentity(): string {
  return `${hostname()}_${randomUUID()}`;
}
