import type { Container, Pod } from '@tskube/api-types';

/**
 * The kubelet's view of a container runtime (upstream `pkg/kubelet/container/runtime.go`, cut
 * down to what tskube drives). The runtime is CRI-shaped: the kubelet's pod syncer decides
 * *what* to do (see `computePodActions`), the runtime only does it. Everything a restarted
 * kubelet needs to rebuild its state is recorded in the runtime itself (labels and names), so
 * `getPods`/`getPodStatus` answer from the runtime alone.
 *
 * Errors: methods throw on runtime failures (daemon down, create refused); callers log and
 * retry. Image problems throw {@link ImageError} with a kubelet waiting reason.
 */
export interface Runtime {
  /** `docker` for the Docker runtime; used in container IDs (`docker://<id>`). */
  readonly type: string;
  /** Runtime version for the node's `containerRuntimeVersion`, e.g. `docker://20.10.24`. */
  version(): Promise<string>;
  /**
   * Pods that have sandboxes or containers in the runtime, with lightweight state (from a list,
   * no per-container inspect). `all=false` only returns running containers and ready sandboxes.
   */
  getPods(all: boolean): Promise<RuntimePod[]>;
  /** Full status of one pod's sandboxes and containers (exit codes, times, IP). */
  getPodStatus(uid: string, name: string, namespace: string): Promise<RuntimePodStatus>;
  /**
   * Makes `image` usable under `pullPolicy` and returns the image reference (ID) to record as
   * `imageID`. Throws {@link ImageError} when the image is missing and cannot be pulled.
   * `observer.pulling` is called just before a pull starts (not when the image is present),
   * `observer.pulled` after a successful pull with the image's size.
   */
  ensureImage(image: string, pullPolicy: PullPolicy, observer?: ImagePullObserver): Promise<string>;
  /** Creates and starts the pod's sandbox (network namespace holder); returns its ID. */
  startPodSandbox(pod: Pod, attempt: number): Promise<string>;
  /** Stops a sandbox (its network goes with it); a missing sandbox is not an error. */
  stopPodSandbox(id: string, gracePeriodSeconds: number): Promise<void>;
  /**
   * Creates and starts one app container inside the sandbox. `env` overrides are the values
   * the kubelet resolved (downward API, `$(VAR)` expansion). Returns the container ID.
   */
  startContainer(pod: Pod, container: Container, opts: StartContainerOptions): Promise<string>;
  /** SIGTERM, wait up to the grace period, then SIGKILL. Stopped or missing is not an error. */
  stopContainer(id: string, gracePeriodSeconds: number): Promise<void>;
  /** Removes a stopped container or sandbox; a missing one is not an error. */
  removeContainer(id: string): Promise<void>;
  /** Images present on the node (for image GC), one entry per image ID. */
  listImages(): Promise<RuntimeImage[]>;
  /**
   * Removes an image by ID (all its tags). A missing image is not an error; an image a
   * container still uses is refused (throws).
   */
  removeImage(id: string): Promise<void>;
  /** Size and free space of the filesystem holding the runtime's images (Docker's data root). */
  imageFsStats(): Promise<FsStats>;
}

/** An image as the runtime reports it. */
export interface RuntimeImage {
  /** Image ID (`sha256:...`), the value containers report as `imageRef`. */
  id: string;
  repoTags: string[];
  sizeBytes: number;
}

/** Capacity of a filesystem in bytes (and inodes when known). */
export interface FsStats {
  capacityBytes: number;
  availableBytes: number;
  inodes?: number;
  inodesFree?: number;
}

export type PullPolicy = 'Always' | 'IfNotPresent' | 'Never';

/** Told when {@link Runtime.ensureImage} pulls (the kubelet's `Pulling`/`Pulled` events). */
export interface ImagePullObserver {
  pulling(): void;
  /**
   * The pull succeeded; `sizeBytes` is the pulled image's size from an inspect (upstream's
   * best-effort GetImageSize after PullImage: 0 when the inspect fails).
   */
  pulled?(info: { sizeBytes: number }): void;
}

export interface StartContainerOptions {
  sandboxId: string;
  /** Restart count of the new container (0 for the first start). */
  attempt: number;
  /** Image reference returned by {@link Runtime.ensureImage}. */
  imageRef: string;
  /** The pod's IP, for `status.podIP` in the downward API. */
  podIP?: string;
  /** Node name and host IP, for the downward API. */
  nodeName?: string;
  hostIP?: string;
  /** The container's resolved environment (see env.ts); when absent, only `env` values and field refs. */
  env?: ReadonlyMap<string, string>;
  /** Docker bind mounts (`host:container[:ro]`) for volumes and /etc/hosts. */
  binds?: string[];
}

export type ContainerState = 'created' | 'running' | 'exited' | 'unknown';
export type SandboxState = 'ready' | 'notready';

/** One app container as the runtime reports it. Times are epoch milliseconds. */
export interface RuntimeContainer {
  id: string;
  /** Container name in the pod spec (`io.kubernetes.container.name`). */
  name: string;
  podUid: string;
  image: string;
  /** Image ID the container runs (`sha256:...`); empty when unknown. */
  imageRef: string;
  state: ContainerState;
  /** Spec hash recorded when the container was created. */
  hash: string;
  attempt: number;
  createdAt: number;
  /** The sandbox the container was started in (for sandbox GC); unknown for old containers. */
  sandboxId?: string;
  startedAt?: number;
  finishedAt?: number;
  exitCode?: number;
  /** Runtime's terminated reason: `OOMKilled`, `Error`, `Completed`, or undefined. */
  reason?: string;
  message?: string;
}

/** A pod sandbox (the pause container). */
export interface RuntimeSandbox {
  id: string;
  podUid: string;
  state: SandboxState;
  attempt: number;
  createdAt: number;
  /** Pod IP while the sandbox is ready (only from getPodStatus). */
  ip?: string;
}

/** A pod as found in the runtime, grouped by the pod UID label. */
export interface RuntimePod {
  uid: string;
  name: string;
  namespace: string;
  sandboxes: RuntimeSandbox[];
  containers: RuntimeContainer[];
}

/** Full status of a pod; sandboxes and containers newest first. */
export interface RuntimePodStatus extends RuntimePod {
  /** IP of the newest ready sandbox. */
  ip?: string;
}

/** The image a container needs is unavailable; `reason` becomes the container's waiting reason. */
export class ImageError extends Error {
  constructor(
    readonly reason: 'ErrImagePull' | 'ErrImageNeverPull' | 'InvalidImageName',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ImageError';
  }
}

/** Sorts newest first: higher attempt, then later creation. */
export function newestFirst<T extends { attempt: number; createdAt: number }>(items: T[]): T[] {
  return [...items].sort((a, b) => b.attempt - a.attempt || b.createdAt - a.createdAt);
}

/** Pull policy of a container with upstream defaulting (`:latest` or no tag → Always). */
export function pullPolicyOf(c: Pick<Container, 'image' | 'imagePullPolicy'>): PullPolicy {
  const p = c.imagePullPolicy;
  if (p === 'Always' || p === 'IfNotPresent' || p === 'Never') return p;
  const image = c.image ?? '';
  const lastPart = image.split('/').pop() ?? '';
  if (image.includes('@')) return 'IfNotPresent';
  const tag = lastPart.includes(':') ? lastPart.slice(lastPart.lastIndexOf(':') + 1) : '';
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}
