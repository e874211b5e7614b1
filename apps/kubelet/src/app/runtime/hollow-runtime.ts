import type { Container, Pod } from '@tskube/api-types';
import { IpPool } from './ip-pool';
import { MemoryRuntime } from './memory-runtime';
import type { PullPolicy, StartContainerOptions } from './runtime';

export interface HollowRuntimeOptions {
  /** Range pod IPs come from (see {@link IpPool}). */
  podCidr: string;
  /** Delay between a container's creation and its `running` state (0 = at once). */
  startDelayMs: number;
}

/**
 * A {@link Runtime} that simulates containers without Docker, in the spirit of kubemark's
 * hollow nodes and KWOK: sandboxes get fake pod IPs from a per-node range, every image is
 * "present", containers are `created` and turn `running` after `startDelayMs`, and they run
 * until stopped (commands are not executed, so exit codes are never simulated). All state is
 * in memory: a restarted hollow kubelet starts empty and recreates its pods.
 */
export class HollowRuntime extends MemoryRuntime {
  readonly type = 'hollow';
  private readonly pool: IpPool;
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly o: HollowRuntimeOptions) {
    super();
    this.pool = new IpPool(o.podCidr);
  }

  version(): Promise<string> {
    return Promise.resolve('hollow://1.0.0');
  }

  /** Pod IPs in use. */
  ipsInUse(): number {
    return this.pool.size;
  }

  protected allocateIp(_pod: Pod): string {
    return this.pool.allocate();
  }

  protected override releaseIp(ip: string): void {
    this.pool.release(ip);
  }

  /** Every image is present; its ID is derived from the name. */
  override ensureImage(image: string, _pullPolicy: PullPolicy): Promise<string> {
    this.record('ensureImage', `ensureImage ${image}`);
    return Promise.resolve(this.images.get(image) ?? `sha256:hollow-${image}`);
  }

  /** Creates the container; it turns `running` after `startDelayMs`. */
  override async startContainer(pod: Pod, container: Container, opts: StartContainerOptions): Promise<string> {
    const id = await super.startContainer(pod, container, opts);
    const c = this.containers.get(id);
    if (c && this.o.startDelayMs > 0) {
      c.state = 'created';
      delete c.startedAt;
      const t = setTimeout(() => {
        this.timers.delete(id);
        if (c.state === 'created') {
          c.state = 'running';
          c.startedAt = this.now();
        }
      }, this.o.startDelayMs);
      t.unref();
      this.timers.set(id, t);
    }
    return id;
  }

  override stopContainer(id: string, gracePeriodSeconds?: number): Promise<void> {
    this.clearTimer(id);
    return super.stopContainer(id, gracePeriodSeconds);
  }

  override removeContainer(id: string): Promise<void> {
    this.clearTimer(id);
    return super.removeContainer(id);
  }

  private clearTimer(id: string): void {
    const t = this.timers.get(id);
    if (t) clearTimeout(t);
    this.timers.delete(id);
  }
}
