import type { Logger } from '@tskube/component-base';
import type { Runtime } from '../runtime/runtime';

/** Upstream `ImageGCPolicy` (`--image-gc-high-threshold`, `--image-gc-low-threshold`, `--image-minimum-gc-age`). */
export interface ImageGCPolicy {
  /** Disk usage percent of the image filesystem at or above which GC runs (default 85; 100 disables). */
  highThresholdPercent: number;
  /** Usage percent GC frees down to (default 80). */
  lowThresholdPercent: number;
  /** Images first seen less than this long ago are never removed (default 2m). */
  minAgeMs: number;
}

export const DEFAULT_IMAGE_GC_POLICY: ImageGCPolicy = { highThresholdPercent: 85, lowThresholdPercent: 80, minAgeMs: 120_000 };

/** An image name compared in one form: `docker.io/library/busybox` and `busybox` → `busybox:latest`. */
export function normalizeImageName(name: string): string {
  let n = name.replace(/^docker\.io\//, '').replace(/^library\//, '');
  if (n.includes('@')) return n;
  const last = n.split('/').pop() ?? '';
  if (!last.includes(':')) n = `${n}:latest`;
  return n;
}

interface ImageRecord {
  firstDetected: number;
  /** Last time a container (running or dead) used it; 0 = never seen in use. */
  lastUsed: number;
  sizeBytes: number;
  pinned: boolean;
}

export interface ImageGCOptions {
  runtime: Pick<Runtime, 'getPods' | 'listImages' | 'removeImage' | 'imageFsStats'>;
  policy: ImageGCPolicy;
  /** Image names never removed (the pod infra image). */
  pinnedImages: string[];
  logger: Logger;
  /** Called when a pass could not free enough (upstream's `FreeDiskSpaceFailed` node event). */
  onFreeSpaceFailed?: (message: string) => void;
  now?: () => number;
}

/**
 * Image garbage collection (upstream `image_gc_manager.go`). Every pass detects the images
 * (first-detected and last-used times; an image is in use while any container, running or
 * dead, refers to its ID), then, when the image filesystem's usage is at or above the high
 * threshold, removes unused, unpinned images least-recently-used first until usage is down to
 * the low threshold. Images younger than `minAgeMs` are skipped.
 */
export class ImageGC {
  private readonly images = new Map<string, ImageRecord>();
  private readonly now: () => number;
  private readonly pinned: Set<string>;

  constructor(private readonly o: ImageGCOptions) {
    this.now = o.now ?? Date.now;
    this.pinned = new Set(o.pinnedImages.map(normalizeImageName));
    const { highThresholdPercent: hi, lowThresholdPercent: lo } = o.policy;
    if (hi < 0 || hi > 100 || lo < 0 || lo > 100 || lo > hi) throw new Error(`invalid image GC thresholds: low ${lo}% must be <= high ${hi}%, both within [0, 100]`);
  }

  /** Refreshes the image records; returns the IDs in use now. */
  async detectImages(now: number): Promise<Set<string>> {
    const [images, pods] = await Promise.all([this.o.runtime.listImages(), this.o.runtime.getPods(true)]);
    const inUse = new Set(pods.flatMap((p) => p.containers.map((c) => c.imageRef)).filter((x) => x));
    const present = new Set<string>();
    for (const img of images) {
      present.add(img.id);
      const rec = this.images.get(img.id) ?? { firstDetected: now, lastUsed: 0, sizeBytes: img.sizeBytes, pinned: false };
      rec.sizeBytes = img.sizeBytes;
      rec.pinned = img.repoTags.some((t) => this.pinned.has(normalizeImageName(t))) || this.pinned.has(img.id);
      if (inUse.has(img.id)) rec.lastUsed = now;
      this.images.set(img.id, rec);
    }
    for (const id of [...this.images.keys()]) if (!present.has(id)) this.images.delete(id);
    return inUse;
  }

  /** One GC pass; resolves the bytes freed (0 when usage is below the high threshold). */
  async garbageCollect(): Promise<number> {
    const now = this.now();
    const inUse = await this.detectImages(now);
    if (this.o.policy.highThresholdPercent >= 100) return 0; // 100 disables image GC (upstream)
    const fs = await this.o.runtime.imageFsStats();
    if (fs.capacityBytes <= 0) return 0;
    const usage = 100 - Math.floor((fs.availableBytes * 100) / fs.capacityBytes);
    if (usage < this.o.policy.highThresholdPercent) return 0;
    const toFree = Math.floor((fs.capacityBytes * (100 - this.o.policy.lowThresholdPercent)) / 100) - fs.availableBytes;
    if (toFree <= 0) return 0;
    this.o.logger.info('image filesystem usage above the high threshold; removing unused images', { usagePercent: usage, highThresholdPercent: this.o.policy.highThresholdPercent, bytesToFree: toFree });
    const freed = await this.freeSpace(toFree, now, inUse);
    if (freed < toFree) {
      const message = `Failed to garbage collect required amount of images. Attempted to free ${toFree} bytes, but only found ${freed} bytes eligible to free.`;
      this.o.logger.warn(message);
      this.o.onFreeSpaceFailed?.(message);
    }
    return freed;
  }

  /** Removes unused, unpinned, old-enough images, least recently used first, until `bytes` are freed. */
  private async freeSpace(bytes: number, now: number, inUse: Set<string>): Promise<number> {
    const candidates = [...this.images]
      .filter(([id, r]) => !inUse.has(id) && !r.pinned && now - r.firstDetected >= this.o.policy.minAgeMs)
      .sort(([, a], [, b]) => a.lastUsed - b.lastUsed || a.firstDetected - b.firstDetected);
    let freed = 0;
    for (const [id, r] of candidates) {
      if (freed >= bytes) break;
      try {
        await this.o.runtime.removeImage(id);
        this.o.logger.info('removed unused image', { image: id, sizeBytes: r.sizeBytes });
        this.images.delete(id);
        freed += r.sizeBytes;
      } catch (err) {
        this.o.logger.warn('failed to remove image', { image: id, err: err instanceof Error ? err.message : String(err) });
      }
    }
    return freed;
  }
}
