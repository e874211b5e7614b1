import type { Container, Pod } from '@tskube/api-types';
import { hashContainer } from './naming';
import type { PullPolicy, Runtime, RuntimeContainer, RuntimePod, RuntimePodStatus, RuntimeSandbox, StartContainerOptions } from './runtime';
import { ImageError, newestFirst } from './runtime';

interface FakePodMeta {
  uid: string;
  name: string;
  namespace: string;
}

/**
 * In-memory {@link Runtime} for unit tests. Records calls in `calls` (`startContainer web/c#0`),
 * holds `images` (name → ID), and lets tests drive containers with `exitContainer`. Set
 * `failNext` to make the next call of a method throw.
 */
export class FakeRuntime implements Runtime {
  readonly type = 'fake';
  readonly calls: string[] = [];
  readonly images = new Map<string, string>([['tskube/pause:latest', 'sha256:pause']]);
  readonly sandboxes = new Map<string, RuntimeSandbox>();
  readonly containers = new Map<string, RuntimeContainer>();
  readonly failNext = new Map<keyof Runtime, Error>();
  private readonly podMeta = new Map<string, FakePodMeta>();
  private nextId = 1;
  private nextIp = 2;
  /** Milliseconds clock for container times; tests may replace it. */
  now: () => number = () => Date.now();

  private fail(method: keyof Runtime): void {
    const err = this.failNext.get(method);
    if (err) {
      this.failNext.delete(method);
      throw err;
    }
  }

  version(): Promise<string> {
    return Promise.resolve('fake://1.0.0');
  }

  getPods(all: boolean): Promise<RuntimePod[]> {
    this.fail('getPods');
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
    this.fail('getPodStatus');
    const pod = (await this.getPods(true)).find((p) => p.uid === uid);
    const sandboxes = newestFirst([...this.sandboxes.values()].filter((s) => s.podUid === uid).map((s) => ({ ...s })));
    const ip = sandboxes.find((s) => s.state === 'ready')?.ip;
    return { uid, name, namespace, sandboxes, containers: pod?.containers ?? [], ...(ip ? { ip } : {}) };
  }

  ensureImage(image: string, pullPolicy: PullPolicy): Promise<string> {
    this.calls.push(`ensureImage ${image}`);
    this.fail('ensureImage');
    const id = this.images.get(image);
    if (id) return Promise.resolve(id);
    if (pullPolicy === 'Never') return Promise.reject(new ImageError('ErrImageNeverPull', `Container image "${image}" is not present with pull policy of Never`));
    return Promise.reject(new ImageError('ErrImagePull', `image "${image}" not present`));
  }

  startPodSandbox(pod: Pod, attempt: number): Promise<string> {
    const m = pod.metadata ?? {};
    this.calls.push(`startPodSandbox ${m.name ?? ''}#${attempt}`);
    this.fail('startPodSandbox');
    const uid = m.uid ?? '';
    this.podMeta.set(uid, { uid, name: m.name ?? '', namespace: m.namespace ?? '' });
    const id = `sb${this.nextId++}`;
    this.sandboxes.set(id, { id, podUid: uid, state: 'ready', attempt, createdAt: this.now() + this.nextId, ip: `10.88.0.${this.nextIp++}` });
    return Promise.resolve(id);
  }

  stopPodSandbox(id: string): Promise<void> {
    this.calls.push(`stopPodSandbox ${id}`);
    this.fail('stopPodSandbox');
    const s = this.sandboxes.get(id);
    if (s) s.state = 'notready';
    return Promise.resolve();
  }

  startContainer(pod: Pod, container: Container, opts: StartContainerOptions): Promise<string> {
    this.calls.push(`startContainer ${pod.metadata?.name ?? ''}/${container.name}#${opts.attempt}`);
    this.fail('startContainer');
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
      startedAt: now,
    });
    return Promise.resolve(id);
  }

  stopContainer(id: string): Promise<void> {
    this.calls.push(`stopContainer ${id}`);
    this.fail('stopContainer');
    const c = this.containers.get(id);
    if (c && c.state === 'running') this.exitContainer(id, 137);
    return Promise.resolve();
  }

  removeContainer(id: string): Promise<void> {
    this.calls.push(`removeContainer ${id}`);
    this.fail('removeContainer');
    this.containers.delete(id);
    this.sandboxes.delete(id);
    return Promise.resolve();
  }

  /** Test helper: a running container exits with `code`. */
  exitContainer(id: string, code: number): void {
    const c = this.containers.get(id);
    if (!c) throw new Error(`no container ${id}`);
    c.state = 'exited';
    c.exitCode = code;
    c.finishedAt = this.now();
    c.reason = code === 0 ? 'Completed' : 'Error';
  }

  /** Test helper: the newest container of `podUid` named `name`. */
  latest(podUid: string, name: string): RuntimeContainer | undefined {
    return newestFirst([...this.containers.values()].filter((c) => c.podUid === podUid && c.name === name))[0];
  }
}
