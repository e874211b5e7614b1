import type { KubeObject, WatchEvent } from '@tskube/api-types';
import type { StorageEvent } from '../storage/types';

/**
 * Applies a selector to storage events as upstream's watch filtering does: an object that
 * starts matching arrives as ADDED, one that stops matching as DELETED (carrying its new
 * state), and events for objects that never matched are dropped. BOOKMARKs pass through.
 */
export async function* filterWatch(events: AsyncIterable<StorageEvent>, matches: (o: KubeObject) => boolean): AsyncGenerator<WatchEvent> {
  for await (const e of events) {
    if (e.type === 'BOOKMARK') {
      yield { type: 'BOOKMARK', object: e.object };
      continue;
    }
    if (e.type === 'DELETED') {
      if (matches(e.object)) yield { type: 'DELETED', object: e.object };
      continue;
    }
    const now = matches(e.object);
    const before = e.type === 'MODIFIED' && e.prevObject !== undefined && matches(e.prevObject);
    if (now && before) yield { type: 'MODIFIED', object: e.object };
    else if (now) yield { type: 'ADDED', object: e.object };
    else if (before) yield { type: 'DELETED', object: e.object };
  }
}
