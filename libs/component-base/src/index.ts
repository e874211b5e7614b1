/**
 * @tskube/component-base: what every tskube component shares at its edges: the winston
 * logger, the health/metrics HTTP endpoints, upstream-style flag parsing and the
 * run-until-signalled main loop.
 */
export * from './logger';
export * from './health-server';
export * from './run-main';
export * from './flags';
