/**
 * Wraps each test body of a suite so that the first failure is remembered: the suite's
 * `after` hook then dumps the component logs (`dumpIfFailed`) before stopping the cluster.
 */
export interface FailureTracker {
  /** Wraps a test body: `it('x', step(async () => ...))`. */
  step: <T>(fn: () => Promise<T>) => () => Promise<T>;
  /** Runs a test body at once: `it('x', () => run(async () => ...))`. */
  run: <T>(fn: () => Promise<T>) => Promise<T>;
  /** Dumps the last `logLines` lines of every component log if any step failed. */
  dumpIfFailed: () => Promise<void>;
}

/** Remembers failed steps; `dumpIfFailed` then calls `target.dumpLogs(logLines)` (an E2ECluster, or a spec's own dump). */
export function failureTracker(target: { dumpLogs(lines?: number): Promise<void> }, logLines?: number): FailureTracker {
  let failed = false;
  const run = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      failed = true;
      throw err;
    }
  };
  return {
    run,
    step: (fn) => () => run(fn),
    dumpIfFailed: async () => {
      if (failed) await target.dumpLogs(logLines);
    },
  };
}

/** @deprecated import these from ./manifests (re-exported so specs written against the old place still build). */
export { deploymentManifest, podManifest, replicationControllerManifest } from './manifests';
export type { WorkloadOptions } from './manifests';
