import type { Logger } from '@tskube/component-base';
import { sleep } from '@tskube/component-base';
import type { ContainerGC } from './container-gc';
import type { ImageGC } from './image-gc';

/** Upstream `ContainerGCPeriod` and `ImageGCPeriod`. */
export const CONTAINER_GC_PERIOD_MS = 60_000;
export const IMAGE_GC_PERIOD_MS = 5 * 60_000;

/**
 * Runs container GC every `containerPeriodMs` and image GC every `imagePeriodMs` until
 * `signal` aborts (upstream `StartGarbageCollection`). Images are detected once at start so
 * their first-detected time counts from the kubelet's start. Failures are logged; the next
 * period retries.
 */
export async function runGarbageCollection(o: { containers: ContainerGC; images?: ImageGC; logger: Logger; containerPeriodMs?: number; imagePeriodMs?: number }, signal: AbortSignal): Promise<void> {
  const cPeriod = o.containerPeriodMs ?? CONTAINER_GC_PERIOD_MS;
  const iPeriod = o.imagePeriodMs ?? IMAGE_GC_PERIOD_MS;
  const err = (e: unknown): string => (e instanceof Error ? e.message : String(e));
  await o.images?.detectImages(Date.now()).catch((e: unknown) => o.logger.warn('image detection failed', { err: err(e) }));
  let nextImages = Date.now() + iPeriod;
  while (!signal.aborted) {
    await sleep(cPeriod, signal);
    if (signal.aborted) break;
    await o.containers.collect().catch((e: unknown) => o.logger.warn('container garbage collection failed', { err: err(e) }));
    if (o.images && Date.now() >= nextImages) {
      nextImages = Date.now() + iPeriod;
      await o.images.garbageCollect().catch((e: unknown) => o.logger.warn('image garbage collection failed', { err: err(e) }));
    }
  }
}
