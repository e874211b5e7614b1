import winston from 'winston';

/** The logger every component uses: winston, one line per entry, tagged with the component. */
export type Logger = winston.Logger;

export interface LoggerOptions {
  /** winston level; defaults to $TSKUBE_LOG_LEVEL or `info`. */
  level?: string;
  /** `json` for machine-readable lines; defaults to $TSKUBE_LOG_FORMAT or `text`. */
  format?: 'text' | 'json';
}

/**
 * Creates the component's logger. Lines go to stderr so stdout stays free for output a user
 * asked for (e.g. `--cleanup` reports).
 */
export function createLogger(component: string, opts: LoggerOptions = {}): Logger {
  const level = opts.level ?? process.env['TSKUBE_LOG_LEVEL'] ?? 'info';
  const fmt = opts.format ?? (process.env['TSKUBE_LOG_FORMAT'] === 'json' ? 'json' : 'text');
  const base = winston.format.combine(winston.format.timestamp(), winston.format.errors({ stack: true }));
  const line =
    fmt === 'json'
      ? winston.format.json()
      : winston.format.printf((info) => {
          const { timestamp, level: lvl, message, component: c, stack, ...rest } = info;
          const extra = Object.keys(rest).length ? ' ' + JSON.stringify(rest) : '';
          const trace = typeof stack === 'string' ? '\n' + stack : '';
          return `${String(timestamp)} ${lvl.toUpperCase()} [${String(c)}] ${String(message)}${extra}${trace}`;
        });
  return winston.createLogger({
    level,
    defaultMeta: { component },
    format: winston.format.combine(base, line),
    transports: [new winston.transports.Console({ stderrLevels: Object.keys(winston.config.npm.levels) })],
  });
}
