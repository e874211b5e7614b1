import type { KubeObject } from '@tskube/api-types';
import { KeyExistsError, KeyNotFoundError } from '../../storage/errors';
import type { Storage } from '../../storage/types';
import { inRange, intToIp, ipToInt } from './cidr';
import type { Cidr } from './cidr';

const PREFIX = '/registry/clusterips/';

export class IPAllocationError extends Error {}

/**
 * ClusterIP allocation persisted in storage: one key per allocated IP
 * (`/registry/clusterips/<ip>`, value names the owning service), created with
 * create-if-absent so two apiservers (or two requests) can never hand out the same address.
 * Released by deleting the key.
 */
export class ClusterIPAllocator {
  constructor(
    private readonly storage: Storage,
    readonly cidr: Cidr,
  ) {}

  private record(ip: string, owner: string): KubeObject {
    return { kind: 'IPAddress', apiVersion: 'tskube.internal/v1', metadata: { name: ip, annotations: { owner } } };
  }

  /** Claims `ip` for `owner`; throws IPAllocationError if it is outside the range or taken. */
  async allocateSpecific(ip: string, owner: string): Promise<void> {
    const n = ipToInt(ip);
    if (n === undefined || !inRange(this.cidr, n)) throw new IPAllocationError(`the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${this.cidr.text}`);
    try {
      await this.storage.create(PREFIX + ip, this.record(ip, owner));
    } catch (err) {
      if (err instanceof KeyExistsError) throw new IPAllocationError(`provided IP is already allocated`);
      throw err;
    }
  }

  /** True if `ip` is free (used for dry runs). */
  async isFree(ip: string): Promise<boolean> {
    return !(await this.storage.get(PREFIX + ip));
  }

  /** Claims a free IP (random start, then scan) and returns it. */
  async allocateNext(owner: string): Promise<string> {
    const used = new Set((await this.storage.list(PREFIX)).items.map((o) => o.metadata?.name));
    const count = this.cidr.size - 2;
    const start = Math.floor(Math.random() * count);
    for (let i = 0; i < count; i++) {
      const ip = intToIp(this.cidr.base + 1 + ((start + i) % count));
      if (used.has(ip)) continue;
      try {
        await this.storage.create(PREFIX + ip, this.record(ip, owner));
        return ip;
      } catch (err) {
        if (!(err instanceof KeyExistsError)) throw err;
      }
    }
    throw new IPAllocationError(`range is full: no more IPs available in ${this.cidr.text}`);
  }

  async release(ip: string): Promise<void> {
    try {
      await this.storage.delete(PREFIX + ip);
    } catch (err) {
      if (!(err instanceof KeyNotFoundError)) throw err;
    }
  }
}
