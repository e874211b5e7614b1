import type { Lease } from '@tskube/api-types';
import type { LeaseClient } from '../lease-client';

/** Error shaped like the client's ApiError for 409s (only `code` and `reason` are read). */
export class FakeConflictError extends Error {
  readonly code = 409;
  constructor(readonly reason: 'Conflict' | 'AlreadyExists', message: string) {
    super(message);
  }
}

/**
 * In-memory LeaseClient with the apiserver's optimistic concurrency: every write bumps the
 * resourceVersion, `update` with a stale resourceVersion throws a 409 Conflict, a second
 * `create` throws AlreadyExists. `failing = true` makes every call reject (an unreachable API).
 * Several electors may share one instance to race for the same lease.
 */
export class FakeLeaseClient implements LeaseClient {
  private readonly leases = new Map<string, Lease>();
  private rv = 0;
  failing = false;
  /** Every successful write, in order (for assertions). */
  readonly writes: Lease[] = [];

  get(namespace: string, name: string): Promise<Lease | undefined> {
    if (this.failing) return Promise.reject(new Error('connection refused'));
    const l = this.leases.get(`${namespace}/${name}`);
    return Promise.resolve(l ? structuredClone(l) : undefined);
  }

  create(lease: Lease): Promise<Lease> {
    if (this.failing) return Promise.reject(new Error('connection refused'));
    const key = `${lease.metadata?.namespace ?? ''}/${lease.metadata?.name ?? ''}`;
    if (this.leases.has(key)) return Promise.reject(new FakeConflictError('AlreadyExists', `leases "${lease.metadata?.name ?? ''}" already exists`));
    return Promise.resolve(this.store(key, lease));
  }

  update(lease: Lease): Promise<Lease> {
    if (this.failing) return Promise.reject(new Error('connection refused'));
    const key = `${lease.metadata?.namespace ?? ''}/${lease.metadata?.name ?? ''}`;
    const cur = this.leases.get(key);
    if (!cur || cur.metadata?.resourceVersion !== lease.metadata?.resourceVersion) {
      return Promise.reject(new FakeConflictError('Conflict', 'the object has been modified; please apply your changes to the latest version and try again'));
    }
    return Promise.resolve(this.store(key, lease));
  }

  /** The stored lease (a copy), for assertions. */
  peek(namespace: string, name: string): Lease | undefined {
    const l = this.leases.get(`${namespace}/${name}`);
    return l ? structuredClone(l) : undefined;
  }

  private store(key: string, lease: Lease): Lease {
    const stored: Lease = { ...structuredClone(lease), metadata: { ...lease.metadata, resourceVersion: String(++this.rv) } };
    this.leases.set(key, stored);
    this.writes.push(structuredClone(stored));
    return structuredClone(stored);
  }
}
