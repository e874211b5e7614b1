/**
 * The reflector (client-go `cache.Reflector`): keeps a sink in step with the server by
 * listing, then watching from the list's resourceVersion.
 *
 * Loop, until the signal aborts:
 * 1. List (complete snapshot, consistent read) → `sink.replace(items, rv)`.
 * 2. Watch from the last seen resourceVersion with bookmarks. Every event advances the RV
 *    (BOOKMARKs only advance it). A clean stream end re-watches from the last RV, no relist.
 * 3. 410 Gone — an HTTP error opening the watch or an ERROR event with code 410 — relists.
 * 4. Other failures (list errors, broken connections, other ERROR events, streams that end
 *    immediately without events) wait an exponential backoff (0.8s doubling to 30s, with
 *    jitter) first. Broken watches then re-watch from the last RV; list failures and
 *    non-410 ERROR events relist.
 * Events are applied to the sink synchronously and in stream order; the sink must not throw.
 */
import type { KubeObject, Status, WatchEvent } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import { isGone } from '@tskube/client';
import type { Clock } from '@tskube/workqueue';
import { clockSleep, realClock } from '@tskube/workqueue';
import type { ListerWatcher } from './list-watcher';

/** Where the reflector delivers what it sees. */
export interface ReflectorSink<T> {
  /** A complete snapshot at resourceVersion `rv`. */
  replace(items: T[], rv: string): void;
  /** One ADDED/MODIFIED/DELETED event. */
  apply(type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: T): void;
}

export interface ReflectorOptions {
  name?: string;
  clock?: Clock;
  logger?: Pick<Logger, 'info' | 'warn' | 'debug'>;
  /** Backoff bounds in ms (default 800 and 30000). */
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  /** Jitter fraction added on top of each backoff (default 1.0 = up to +100%); random source injectable. */
  jitter?: number;
  random?: () => number;
}

class WatchExpired extends Error {}
class WatchErrorEvent extends Error {}

/** Drives one ListerWatcher into one sink. Construct, then `run(signal)` once. */
export class Reflector<T extends KubeObject> {
  private lastRV = '';
  private backoffMs = 0;
  private readonly clock: Clock;
  private readonly name: string;

  constructor(
    private readonly lw: ListerWatcher<T>,
    private readonly sink: ReflectorSink<T>,
    private readonly opts: ReflectorOptions = {},
  ) {
    this.clock = opts.clock ?? realClock;
    this.name = opts.name ?? 'reflector';
  }

  /** Last resourceVersion seen from a list, event or bookmark ('' before the first list). */
  lastSyncResourceVersion(): string {
    return this.lastRV;
  }

  /** Runs until `signal` aborts; never rejects because of server or network errors. */
  async run(signal: AbortSignal): Promise<void> {
    let needList = true;
    while (!signal.aborted) {
      if (needList) {
        try {
          const list = await this.lw.list({ signal });
          if (signal.aborted) return;
          this.lastRV = list.metadata.resourceVersion ?? '';
          this.sink.replace(list.items, this.lastRV);
          needList = false;
          this.backoffMs = 0;
        } catch (e) {
          if (signal.aborted) return;
          this.opts.logger?.warn(`${this.name}: list failed: ${(e as Error).message}`);
          await this.backoff(signal);
          continue;
        }
      }
      const outcome = await this.watchOnce(signal);
      if (outcome === 'expired') {
        this.opts.logger?.info(`${this.name}: watch expired at resourceVersion ${this.lastRV}, relisting`);
        needList = true;
      } else if (outcome === 'error' || outcome === 'relist-after-backoff') {
        if (outcome === 'relist-after-backoff') needList = true;
        await this.backoff(signal);
      }
    }
  }

  private async watchOnce(signal: AbortSignal): Promise<'ended' | 'expired' | 'error' | 'relist-after-backoff' | 'aborted'> {
    const started = this.clock.now();
    let events = 0;
    const ac = new AbortController();
    const onAbort = (): void => ac.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const stream = this.lw.watch({ resourceVersion: this.lastRV, allowWatchBookmarks: true, timeoutSeconds: Math.floor(300 * (1 + Math.random())), signal: ac.signal });
      for await (const ev of stream) {
        if (signal.aborted) return 'aborted';
        events++;
        this.handle(ev);
      }
      if (signal.aborted) return 'aborted';
      if (events === 0 && this.clock.now() - started < 1000) {
        this.opts.logger?.debug(`${this.name}: very short watch with no events`);
        return 'error';
      }
      this.backoffMs = 0;
      return 'ended';
    } catch (e) {
      if (signal.aborted) return 'aborted';
      if (e instanceof WatchExpired || isGone(e)) return 'expired';
      if (e instanceof WatchErrorEvent) {
        this.opts.logger?.warn(`${this.name}: watch ERROR event: ${e.message}`);
        return 'relist-after-backoff';
      }
      this.opts.logger?.warn(`${this.name}: watch failed: ${(e as Error).message}`);
      return 'error';
    } finally {
      signal.removeEventListener('abort', onAbort);
      ac.abort();
    }
  }

  private handle(ev: WatchEvent<T>): void {
    switch (ev.type) {
      case 'ERROR': {
        const st: Status = ev.object;
        if (st.code === 410) throw new WatchExpired(st.message ?? 'expired');
        throw new WatchErrorEvent(`${st.code ?? 0} ${st.reason ?? ''}: ${st.message ?? ''}`);
      }
      case 'BOOKMARK':
        this.lastRV = ev.object.metadata?.resourceVersion ?? this.lastRV;
        return;
      case 'ADDED':
      case 'MODIFIED':
      case 'DELETED':
        this.sink.apply(ev.type, ev.object);
        this.lastRV = ev.object.metadata?.resourceVersion ?? this.lastRV;
        return;
    }
  }

  private async backoff(signal: AbortSignal): Promise<void> {
    const initial = this.opts.backoffInitialMs ?? 800;
    const max = this.opts.backoffMaxMs ?? 30_000;
    this.backoffMs = this.backoffMs === 0 ? initial : Math.min(this.backoffMs * 2, max);
    const jitter = this.opts.jitter ?? 1.0;
    const wait = this.backoffMs * (1 + jitter * (this.opts.random ?? Math.random)());
    await clockSleep(this.clock, wait, signal);
  }
}
