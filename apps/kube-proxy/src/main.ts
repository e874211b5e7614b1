import { createLogger, FlagError, parseFlags, runMain } from '@tskube/component-base';
import { configFromFlags, FLAGS } from './app/config';
import { run } from './app/run';

const logger = createLogger('kube-proxy');
try {
  const cfg = configFromFlags(parseFlags('kube-proxy', FLAGS));
  runMain(logger, (signal) => run(cfg, signal, { logger }));
} catch (err) {
  logger.error(err instanceof FlagError || err instanceof Error ? err.message : String(err));
  process.exit(1);
}
