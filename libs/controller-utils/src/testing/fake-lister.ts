import { objectKey } from '@tskube/api-types';
import type { KubeObject } from '@tskube/api-types';
import type { Lister } from '../object-client';

/** An in-memory Lister seeded by tests, with the namespace index. */
export class FakeLister<T extends KubeObject> implements Lister<T> {
  private readonly items = new Map<string, T>();

  constructor(objs: readonly T[] = []) {
    for (const o of objs) this.add(o);
  }

  add(obj: T): void {
    this.items.set(objectKey(obj), obj);
  }

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  list(): T[] {
    return [...this.items.values()];
  }

  byIndex(indexName: string, value: string): T[] {
    if (indexName !== 'namespace') throw new Error(`FakeLister: unknown index ${indexName}`);
    return this.list().filter((o) => (o.metadata?.namespace ?? '') === value);
  }
}
