/**
 * @tskube/controller-utils: the machinery every control loop shares (upstream
 * `pkg/controller` helpers): the structural client/lister/informer interfaces controllers
 * depend on, expectations, claim/adopt/release by selector, the rate-limited queue controller
 * and its workers, the event recorder, and recording fakes for fixture-style tests.
 */
export * from './errors';
export * from './object-client';
export * from './informer';
export * from './expectations';
export * from './controller-ref';
export * from './event-correlator';
export * from './event-broadcaster';
export * from './event-recorder';
export * from './worker';
export * from './queue-controller';
export * from './service-pod-handler';
export * from './testing/fake-client';
export * from './testing/fake-lister';
