/**
 * @tskube/workqueue: client-go style work queues (dedup + dirty/processing sets), delayed adds,
 * rate-limited retries and the injectable Clock used across tskube for testable timing.
 */
export * from './clock';
export * from './queue';
export * from './delaying-queue';
export * from './rate-limiters';
export * from './rate-limiting-queue';
