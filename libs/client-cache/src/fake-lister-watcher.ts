/**
 * A scriptable ListerWatcher for tests (exported for other projects' controller tests).
 * `list` answers come from `listResults` (or `setList`); each `watch` call opens a new
 * {@link FakeWatch} the test pushes events into.
 */
import type { KubeList, KubeObject, Status, WatchEvent } from '@tskube/api-types';
import type { ListOptions, WatchOptions } from '@tskube/client';
import type { ListerWatcher } from './list-watcher';

/** One fake watch stream: push events, then end() or fail(). Ends by itself when aborted. */
export class FakeWatch<T extends KubeObject> implements AsyncIterable<WatchEvent<T>> {
  private readonly buf: (WatchEvent<T> | { end: true } | { error: unknown })[] = [];
  private wake: (() => void) | undefined;

  constructor(readonly opts: WatchOptions) {
    opts.signal.addEventListener('abort', () => this.end(), { once: true });
  }

  push(type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK', object: T): void {
    this.buf.push({ type, object });
    this.poke();
  }
  pushError(status: Status): void {
    this.buf.push({ type: 'ERROR', object: status });
    this.poke();
  }
  end(): void {
    this.buf.push({ end: true });
    this.poke();
  }
  fail(error: unknown): void {
    this.buf.push({ error });
    this.poke();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<WatchEvent<T>> {
    for (;;) {
      const next = this.buf.shift();
      if (!next) {
        await new Promise<void>((r) => (this.wake = r));
        continue;
      }
      if ('end' in next) return;
      if ('error' in next) throw next.error;
      yield next;
    }
  }

  private poke(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }
}

/** Fake ListerWatcher recording calls. */
export class FakeListerWatcher<T extends KubeObject> implements ListerWatcher<T> {
  readonly listCalls: ListOptions[] = [];
  readonly watches: FakeWatch<T>[] = [];
  private listFn: () => Promise<KubeList<T>> = () => Promise.resolve({ metadata: { resourceVersion: '1' }, items: [] });

  /** Sets what the next lists return (a list, or an error to reject with). */
  setList(items: T[], rv: string): void {
    this.listFn = () => Promise.resolve({ metadata: { resourceVersion: rv }, items: [...items] });
  }
  setListError(e: Error): void {
    this.listFn = () => Promise.reject(e);
  }

  list(opts: ListOptions): Promise<KubeList<T>> {
    this.listCalls.push(opts);
    return this.listFn();
  }

  watch(opts: WatchOptions): AsyncIterable<WatchEvent<T>> {
    const w = new FakeWatch<T>(opts);
    this.watches.push(w);
    return w;
  }

  /** The most recent watch. @throws Error when none was opened. */
  lastWatch(): FakeWatch<T> {
    const w = this.watches.at(-1);
    if (!w) throw new Error('no watch opened yet');
    return w;
  }
}
