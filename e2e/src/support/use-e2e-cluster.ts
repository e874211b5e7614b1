import { after, before } from 'node:test';
import { E2ECluster } from './e2e-cluster';
import type { E2EClusterOptions } from './e2e-cluster';
import { failureTracker } from './step';
import type { FailureTracker } from './step';

/** What a spec file tunes of its cluster and hooks; everything else is the same for every file. */
export interface UseE2EClusterOptions extends E2EClusterOptions {
  /** Lines of each component log dumped to stderr when something failed (default 40). */
  logLines?: number;
  /**
   * Runs in the same `before` hook right after the cluster is Ready: fixtures every test of the
   * file needs (apply manifests and wait for them, build clients). A failure fails the file and
   * dumps the logs, like a failed test.
   */
  setup?: (e2e: E2ECluster) => Promise<unknown>;
  /**
   * Runs first in the `after` hook, before the log dump and the cluster's stop: stops what the
   * spec started itself in the test process (informers, helper processes, by PID). The cluster
   * is stopped even if it throws.
   */
  teardown?: () => Promise<unknown> | void;
}

/** What a spec gets: its cluster, kubectl, and the test-body wrappers that remember failures. */
export interface E2ESuite extends Pick<FailureTracker, 'step' | 'run'> {
  /** The file's cluster: started by the `before` hook, stopped by the `after` hook. */
  readonly e2e: E2ECluster;
  /** `e2e.kubectl`: the real kubectl in the cluster's namespace. */
  readonly kubectl: E2ECluster['kubectl'];
}

/** The part of a cluster the hooks drive (an E2ECluster; a fake in the unit spec). */
export interface HookedCluster {
  start(): Promise<void>;
  stop(): Promise<void>;
  dumpLogs(lines?: number): Promise<void>;
}

/** The test runner's suite hooks (node:test's `before`/`after`; fakes in the unit spec). */
export interface SuiteHooks {
  before(fn: () => Promise<void>): void;
  after(fn: () => Promise<void>): void;
}

/**
 * Registers the hooks of one e2e file on `hooks` and returns its failure tracker:
 * - `before`: `cluster.start()`, then `setup(cluster)`; a failure there counts as a failed test.
 * - `after`: `teardown()`, then, if any test (or the `before` hook) failed, the last `logLines`
 *   lines of every component log, then `cluster.stop()` — always, whatever threw before it.
 */
export function registerClusterHooks<C extends HookedCluster>(cluster: C, hooks: SuiteHooks, opts: Pick<UseE2EClusterOptions, 'logLines' | 'teardown'> & { setup?: (c: C) => Promise<unknown> } = {}): FailureTracker {
  const tracker = failureTracker(cluster, opts.logLines);
  hooks.before(() =>
    tracker.run(async () => {
      await cluster.start();
      await opts.setup?.(cluster);
    }),
  );
  hooks.after(async () => {
    try {
      await opts.teardown?.();
    } finally {
      try {
        await tracker.dumpIfFailed();
      } finally {
        await cluster.stop();
      }
    }
  });
  return tracker;
}

/**
 * The preamble of every e2e spec file, called once inside its `describe`: creates an
 * {@link E2ECluster} named `name` (netns `tsk-<name>-<pid>`, temp dir `tsk-<name>-*`, node
 * `node-1`, plus `opts.cluster` / `opts.hostApi`) and registers node:test hooks on the
 * enclosing suite:
 * - `before`: starts it — private dockerd, etcd, the five components (and the extra replicas
 *   or nodes asked for) until the node is Ready — then runs `opts.setup`;
 * - `after`: runs `opts.teardown`; if a test failed, dumps the tail (`opts.logLines`, 40) of
 *   every component log to stderr; then stops every process the cluster started, by PID, and
 *   removes its temp dir (kept with TSKUBE_E2E_KEEP=1).
 * Wrap test bodies in `step` (`it('x', step(async () => ...))`) or `run`
 * (`it('x', (t) => run(async () => ...))`) so that their failures trigger the dump.
 */
export function useE2ECluster(name: string, opts: UseE2EClusterOptions = {}): E2ESuite {
  const { logLines, setup, teardown, ...clusterOpts } = opts;
  const e2e = new E2ECluster(name, clusterOpts);
  const { step, run } = registerClusterHooks(e2e, { before, after }, { logLines, setup, teardown });
  return { e2e, kubectl: (args, o) => e2e.kubectl(args, o), step, run };
}
