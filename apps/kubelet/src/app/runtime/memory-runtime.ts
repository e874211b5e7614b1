import type { Container, Pod } from '@tskube/api-types';
import { hashContainer } from './naming';
import type { FsStats, ImagePullObserver, PullPolicy, Runtime, RuntimeContainer, RuntimeImage, RuntimePod, RuntimePodStatus, RuntimeSandbox, StartContainerOptions } from './runtime';
import { ImageError, newestFirst } from './runtime';

interface PodMeta {
  uid: string;
  name: string;
  namespace: string;
}

/**
 * Shared in-memory {@link Runtime} state: sandboxes and containers kept in maps, pods grouped
 * by UID exactly as the Docker runtime reports them. Subclasses are {@link FakeRuntime} (unit
 * tests: call log, injected failures) and {@link HollowRuntime} (hollow nodes: fake pod IPs,
 * delayed starts). Hooks: `record` runs first in every method (may throw), `allocateIp` gives
 * a new sandbox its IP, `releaseIp` frees it when the sandbox stops.
 */
export abstract class MemoryRuntime implements Runtime {
  abstract readonly type: string;
  /** Images present (name → ID); see {@link ensureImage}. */
  readonly images = new Map<string, string>([['tskube/pause:latest', 'sha256:pause']]);
  /** Images a pull would fetch (name → ID): absent from `images` until pulled. */
  readonly registry = new Map<string, string>();
  /** Image sizes by ID (default 1 MiB, see {@link imageSize}) for image GC and the `Pulled` event. */
  readonly imageSizes = new Map<string, number>();
  /** The image filesystem {@link imageFsStats} reports; tests change it to trigger image GC. */
  imageFs: FsStats = { capacityBytes: 100 * 2 ** 30, availableBytes: 90 * 2 ** 30 };
  readonly sandboxes = new Map<string, RuntimeSandbox>();
  readonly containers = new Map<string, RuntimeContainer>();
  private readonly podMeta = new Map<string, PodMeta>();
  protected nextId = 1;
  /** Milliseconds clock for container times; tests may replace it. */
  now: () => number = () => Date.now();

  /** Called first by every method with the method and a short description; may throw. */
  protected record(_method: keyof Runtime, _call?: string): void {}
  /** IP for a new sandbox of `pod`. */
  protected abstract allocateIp(pod: Pod): string;
  /** Frees a stopped sandbox's IP (no-op by default). */
  protected releaseIp(_ip: string): void {}

  abstract version(): Promise<string>;

  getPods(all: boolean): Promise<RuntimePod[]> {
    this.record('getPods');
    const out = new Map<string, RuntimePod>();
    const podFor = (uid: string): RuntimePod => {
      let p = out.get(uid);
      if (!p) {
        const m = this.podMeta.get(uid) ?? { uid, name: '', namespace: '' };
        p = { uid, name: m.name, namespace: m.namespace, sandboxes: [], containers: [] };
        out.set(uid, p);
      }
      return p;
    };
    for (const s of this.sandboxes.values()) if (all || s.state === 'ready') podFor(s.podUid).sandboxes.push({ ...s, ip: undefined });
    for (const c of this.containers.values()) if (all || c.state === 'running') podFor(c.podUid).containers.push({ ...c });
    for (const p of out.values()) {
      p.sandboxes = newestFirst(p.sandboxes);
      p.containers = newestFirst(p.containers);
    }
    return Promise.resolve([...out.values()]);
  }

  async getPodStatus(uid: string, name: string, namespace: string): Promise<RuntimePodStatus> {
    this.record('getPodStatus');
    const pod = (await this.getPods(true)).find((p) => p.uid === uid);
    const sandboxes = newestFirst([...this.sandboxes.values()].filter((s) => s.podUid === uid).map((s) => ({ ...s })));
    const ip = sandboxes.find((s) => s.state === 'ready')?.ip;
    return { uid, name, namespace, sandboxes, containers: pod?.containers ?? [], ...(ip ? { ip } : {}) };
  }

  /** Size of image `id`: {@link imageSizes}, else 1 MiB. */
  imageSize(id: string): number {
    return this.imageSizes.get(id) ?? 2 ** 20;
  }

  /** Resolves images from {@link images}, pulling from {@link registry} (with the observer's calls); a missing one throws as a failed pull would. */
  ensureImage(image: string, pullPolicy: PullPolicy, observer?: ImagePullObserver): Promise<string> {
    this.record('ensureImage', `ensureImage ${image}`);
    const id = this.images.get(image);
    if (id) return Promise.resolve(id);
    if (pullPolicy === 'Never') return Promise.reject(new ImageError('ErrImageNeverPull', `Container image "${image}" is not present with pull policy of Never`));
    const pulled = this.registry.get(image);
    if (pulled) {
      observer?.pulling();
      this.images.set(image, pulled);
      observer?.pulled?.({ sizeBytes: this.imageSize(pulled) });
      return Promise.resolve(pulled);
    }
    return Promise.reject(new ImageError('ErrImagePull', `Failed to pull image "${image}": not found`));
  }

  startPodSandbox(pod: Pod, attempt: number): Promise<string> {
    const m = pod.metadata ?? {};
    this.record('startPodSandbox', `startPodSandbox ${m.name ?? ''}#${attempt}`);
    const uid = m.uid ?? '';
    const ip = this.allocateIp(pod);
    this.podMeta.set(uid, { uid, name: m.name ?? '', namespace: m.namespace ?? '' });
    const id = `sb${this.nextId++}`;
    this.sandboxes.set(id, { id, podUid: uid, state: 'ready', attempt, createdAt: this.now() + this.nextId, ip });
    return Promise.resolve(id);
  }

  stopPodSandbox(id: string, _gracePeriodSeconds?: number): Promise<void> {
    this.record('stopPodSandbox', `stopPodSandbox ${id}`);
    const s = this.sandboxes.get(id);
    if (s && s.state === 'ready') {
      s.state = 'notready';
      if (s.ip) this.releaseIp(s.ip);
    }
    return Promise.resolve();
  }

  /** Creates the container in state `running` (subclasses may delay that). */
  startContainer(pod: Pod, container: Container, opts: StartContainerOptions): Promise<string> {
    this.record('startContainer', `startContainer ${pod.metadata?.name ?? ''}/${container.name}#${opts.attempt}`);
    const id = `c${this.nextId++}`;
    const now = this.now();
    this.containers.set(id, {
      id,
      name: container.name,
      podUid: pod.metadata?.uid ?? '',
      image: container.image ?? '',
      imageRef: opts.imageRef,
      state: 'running',
      hash: hashContainer(container),
      attempt: opts.attempt,
      createdAt: now + this.nextId,
      sandboxId: opts.sandboxId,
      startedAt: now,
    });
    return Promise.resolve(id);
  }

  stopContainer(id: string, _gracePeriodSeconds?: number): Promise<void> {
    this.record('stopContainer', `stopContainer ${id}`);
    const c = this.containers.get(id);
    if (c && (c.state === 'running' || c.state === 'created')) this.exitContainer(id, 137);
    return Promise.resolve();
  }

  removeContainer(id: string): Promise<void> {
    this.record('removeContainer', `removeContainer ${id}`);
    this.containers.delete(id);
    const s = this.sandboxes.get(id);
    if (s?.state === 'ready' && s.ip) this.releaseIp(s.ip);
    this.sandboxes.delete(id);
    const uid = s?.podUid;
    if (uid !== undefined && ![...this.sandboxes.values(), ...this.containers.values()].some((x) => x.podUid === uid)) this.podMeta.delete(uid);
    return Promise.resolve();
  }

  listImages(): Promise<RuntimeImage[]> {
    this.record('listImages');
    const byId = new Map<string, RuntimeImage>();
    for (const [tag, id] of this.images) {
      const img = byId.get(id) ?? { id, repoTags: [], sizeBytes: this.imageSize(id) };
      img.repoTags.push(tag);
      byId.set(id, img);
    }
    return Promise.resolve([...byId.values()]);
  }

  /** Removes every tag of the image; refuses (as Docker) while a container uses it; frees its size. */
  removeImage(id: string): Promise<void> {
    this.record('removeImage', `removeImage ${id}`);
    if ([...this.containers.values()].some((c) => c.imageRef === id)) return Promise.reject(new Error(`conflict: image ${id} is being used by a container`));
    let found = false;
    for (const [tag, x] of [...this.images]) if (x === id) found = this.images.delete(tag);
    if (found) this.imageFs = { ...this.imageFs, availableBytes: this.imageFs.availableBytes + this.imageSize(id) };
    return Promise.resolve();
  }

  imageFsStats(): Promise<FsStats> {
    this.record('imageFsStats');
    return Promise.resolve({ ...this.imageFs });
  }

  /** A running container exits with `code` (tests; stop). */
  exitContainer(id: string, code: number): void {
    const c = this.containers.get(id);
    if (!c) throw new Error(`no container ${id}`);
    c.state = 'exited';
    c.exitCode = code;
    c.finishedAt = this.now();
    c.reason = code === 0 ? 'Completed' : 'Error';
  }

  /** The newest container of `podUid` named `name`. */
  latest(podUid: string, name: string): RuntimeContainer | undefined {
    return newestFirst([...this.containers.values()].filter((c) => c.podUid === podUid && c.name === name))[0];
  }
}
