import type { KubeObject } from '@tskube/api-types';
import { KeyExistsError, KeyNotFoundError, PreconditionError } from '../../storage/errors';
import type { Storage } from '../../storage/types';
import { inPortRange } from './port-range';
import type { PortRange } from './port-range';

const PREFIX = '/registry/servicenodeports/';

export class PortAllocationError extends Error {}

/**
 * NodePort allocation persisted in storage, like the ClusterIP allocator: one key per
 * allocated port (`/registry/servicenodeports/<port>`, value names the owning service
 * `ns/name`), claimed with create-if-absent so concurrent creates (or two apiservers) can
 * never hand out the same port. Claiming a port the same owner already holds succeeds
 * (retried updates are idempotent). Released by deleting the key.
 */
export class NodePortAllocator {
  constructor(
    private readonly storage: Storage,
    readonly range: PortRange,
  ) {}

  private record(port: number, owner: string): KubeObject {
    return { kind: 'NodePort', apiVersion: 'tskube.internal/v1', metadata: { name: String(port), annotations: { owner } } };
  }

  private async claim(port: number, owner: string): Promise<boolean> {
    try {
      await this.storage.create(PREFIX + port, this.record(port, owner));
      return true;
    } catch (err) {
      if (!(err instanceof KeyExistsError)) throw err;
      const cur = await this.storage.get(PREFIX + port);
      return cur?.metadata?.annotations?.['owner'] === owner;
    }
  }

  /** Claims `port` for `owner`; throws PortAllocationError if outside the range or held by another owner. */
  async allocateSpecific(port: number, owner: string): Promise<void> {
    if (!inPortRange(this.range, port)) throw new PortAllocationError(`provided port is not in the valid range. The range of valid ports is ${this.range.text}`);
    if (!(await this.claim(port, owner))) throw new PortAllocationError('provided port is already allocated');
  }

  /** True if `port` is free or already held by `owner` (dry runs). */
  async isAvailable(port: number, owner: string): Promise<boolean> {
    const cur = await this.storage.get(PREFIX + port);
    return !cur || cur.metadata?.annotations?.['owner'] === owner;
  }

  /** Claims a free port (random start, then scan) and returns it. */
  async allocateNext(owner: string): Promise<number> {
    const used = new Set((await this.storage.list(PREFIX)).items.map((o) => Number(o.metadata?.name)));
    const { base, size } = this.range;
    const start = Math.floor(Math.random() * size);
    for (let i = 0; i < size; i++) {
      const port = base + ((start + i) % size);
      if (used.has(port)) continue;
      try {
        await this.storage.create(PREFIX + port, this.record(port, owner));
        return port;
      } catch (err) {
        if (!(err instanceof KeyExistsError)) throw err;
      }
    }
    throw new PortAllocationError(`range is full: no more ports available in ${this.range.text}`);
  }

  /** Frees `port` if `owner` holds it (a port re-claimed by someone else is left alone). */
  async release(port: number, owner: string): Promise<void> {
    const cur = await this.storage.get(PREFIX + port);
    if (!cur || cur.metadata?.annotations?.['owner'] !== owner) return;
    try {
      await this.storage.delete(PREFIX + port, { preconditions: { resourceVersion: cur.metadata.resourceVersion } });
    } catch (err) {
      if (!(err instanceof KeyNotFoundError) && !(err instanceof PreconditionError)) throw err;
    }
  }

  /** Every allocated port with its owner (tests and repair). */
  async allocated(): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    for (const o of (await this.storage.list(PREFIX)).items) out.set(Number(o.metadata?.name), o.metadata?.annotations?.['owner'] ?? '');
    return out;
  }
}
