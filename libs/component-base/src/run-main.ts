import type { Logger } from './logger';

/**
 * The shape of every app's main: parse flags, then `run(signal)` until SIGINT/SIGTERM aborts
 * the signal. A rejection of `run` (or a bad flag) is logged as one line and exits 1; library
 * code never calls process.exit itself.
 */
export function runMain(logger: Logger, run: (signal: AbortSignal) => Promise<void>): void {
  const ac = new AbortController();
  let stopping = false;
  const stop = (sig: string): void => {
    if (stopping) {
      logger.warn(`second ${sig}: exiting now`);
      process.exit(1);
    }
    stopping = true;
    logger.info(`received ${sig}, shutting down`);
    ac.abort();
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  run(ac.signal).then(
    () => {
      logger.info('stopped');
      process.exit(0);
    },
    (err: unknown) => {
      logger.error(err instanceof Error ? err.message : String(err), err instanceof Error && err.stack ? { stack: err.stack } : {});
      process.exit(1);
    },
  );
}

/** Resolves after `ms`, or at once (without throwing) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
