import { statfs } from 'node:fs/promises';
import type { Container, Pod } from '@tskube/api-types';
import type { DockerClient, DockerContainerDetails, DockerContainerSummary } from './docker-client';
import { DockerNotFoundError } from './docker-client';
import { containerCreateOptions } from './container-config';
import {
  LABEL_CONTAINER_HASH,
  LABEL_CONTAINER_NAME,
  LABEL_DOCKER_TYPE,
  LABEL_MANAGED,
  LABEL_NODE_NAME,
  LABEL_POD_NAME,
  LABEL_POD_NAMESPACE,
  LABEL_POD_UID,
  LABEL_RESTART_COUNT,
  LABEL_SANDBOX_ID,
  SANDBOX_CONTAINER_NAME,
  hashContainer,
  makeContainerName,
  makeLabels,
  parseContainerName,
} from './naming';
import type { ContainerState, FsStats, ImagePullObserver, PullPolicy, Runtime, RuntimeContainer, RuntimeImage, RuntimePod, RuntimePodStatus, RuntimeSandbox, StartContainerOptions } from './runtime';
import { ImageError, newestFirst } from './runtime';

export interface DockerRuntimeOptions {
  /** Image of the pause container holding each pod's network namespace. */
  podInfraImage: string;
  /**
   * Whether missing images may be pulled. tskube has no registry and must not reach the
   * network from the host, so this defaults to false: a missing image is `ErrImagePull`.
   */
  allowPull?: boolean;
  /** List only containers labelled with this node (kubelets sharing one Docker engine). */
  nodeName?: string;
}

const DOCKER_TIME_ZERO = '0001-01-01T00:00:00Z';

function parseTime(s: string | undefined): number | undefined {
  if (!s || s === DOCKER_TIME_ZERO) return undefined;
  const t = Date.parse(s);
  return Number.isFinite(t) ? t : undefined;
}

function mapState(s: string): ContainerState {
  if (s === 'running' || s === 'restarting' || s === 'paused') return 'running';
  if (s === 'exited' || s === 'dead') return 'exited';
  if (s === 'created') return 'created';
  return 'unknown';
}

/**
 * {@link Runtime} over the Docker Engine API. One pause container per pod on Docker's default
 * bridge holds the pod's network and IPC namespaces; app containers join them with
 * `container:<sandboxId>`. Pod identity lives in labels and names (see naming.ts).
 */
export class DockerRuntime implements Runtime {
  readonly type = 'docker';
  constructor(
    private readonly docker: DockerClient,
    private readonly opts: DockerRuntimeOptions,
  ) {}

  async version(): Promise<string> {
    const v = await this.docker.version();
    return `docker://${v.Version}`;
  }

  async getPods(all: boolean): Promise<RuntimePod[]> {
    const labels = this.opts.nodeName ? [LABEL_POD_UID, `${LABEL_NODE_NAME}=${this.opts.nodeName}`] : [LABEL_POD_UID];
    const list = await this.docker.listContainers({ all, labels });
    const pods = new Map<string, RuntimePod>();
    for (const c of list) {
      const l = c.Labels;
      const uid = l[LABEL_POD_UID];
      if (!uid) continue;
      let pod = pods.get(uid);
      if (!pod) {
        pod = { uid, name: l[LABEL_POD_NAME] ?? '', namespace: l[LABEL_POD_NAMESPACE] ?? '', sandboxes: [], containers: [] };
        pods.set(uid, pod);
      }
      if (l[LABEL_DOCKER_TYPE] === 'podsandbox') pod.sandboxes.push(this.sandboxFromSummary(c));
      else pod.containers.push(this.containerFromSummary(c));
    }
    for (const p of pods.values()) {
      p.sandboxes = newestFirst(p.sandboxes);
      p.containers = newestFirst(p.containers);
    }
    return [...pods.values()];
  }

  async getPodStatus(uid: string, name: string, namespace: string): Promise<RuntimePodStatus> {
    const list = await this.docker.listContainers({ all: true, labels: [`${LABEL_POD_UID}=${uid}`] });
    const sandboxes: RuntimeSandbox[] = [];
    const containers: RuntimeContainer[] = [];
    for (const s of list) {
      let d: DockerContainerDetails;
      try {
        d = await this.docker.inspectContainer(s.Id);
      } catch (err) {
        if (err instanceof DockerNotFoundError) continue; // removed between list and inspect
        throw err;
      }
      if (s.Labels[LABEL_DOCKER_TYPE] === 'podsandbox') sandboxes.push(this.sandboxFromDetails(s, d));
      else containers.push(this.containerFromDetails(s, d));
    }
    const sorted = newestFirst(sandboxes);
    const ready = sorted.find((s) => s.state === 'ready');
    return { uid, name, namespace, sandboxes: sorted, containers: newestFirst(containers), ...(ready?.ip ? { ip: ready.ip } : {}) };
  }

  async ensureImage(image: string, pullPolicy: PullPolicy, observer?: ImagePullObserver): Promise<string> {
    if (!image) throw new ImageError('InvalidImageName', 'container image is empty');
    const local = await this.docker.inspectImage(image);
    // tskube deviation: with no registry, `Always` uses a present image instead of pulling.
    if (local) return local.Id;
    if (pullPolicy === 'Never') {
      throw new ImageError('ErrImageNeverPull', `Container image "${image}" is not present with pull policy of Never`);
    }
    if (!this.opts.allowPull) {
      throw new ImageError('ErrImagePull', `Failed to pull image "${image}": not present on the node and image pulling is disabled (tskube has no registry)`);
    }
    observer?.pulling();
    try {
      await this.docker.pullImage(image);
    } catch (err) {
      throw new ImageError('ErrImagePull', `Failed to pull image "${image}": ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    const pulled = await this.docker.inspectImage(image);
    if (!pulled) throw new ImageError('ErrImagePull', `Failed to pull image "${image}": not present after the pull`);
    observer?.pulled?.({ sizeBytes: pulled.Size ?? 0 });
    return pulled.Id;
  }

  async startPodSandbox(pod: Pod, attempt: number): Promise<string> {
    const image = this.opts.podInfraImage;
    await this.ensureImage(image, 'IfNotPresent');
    const hostNetwork = pod.spec?.hostNetwork === true;
    const ports = hostNetwork ? undefined : sandboxPortBindings(pod);
    const id = await this.docker.createContainer({
      ...(ports ? { ExposedPorts: ports.exposed } : {}),
      name: makeContainerName(pod, SANDBOX_CONTAINER_NAME, attempt),
      Image: image,
      Hostname: hostNetwork ? undefined : (pod.spec?.hostname ?? pod.metadata?.name ?? '').slice(0, 63),
      Labels: makeLabels(pod, 'podsandbox', { [LABEL_CONTAINER_NAME]: SANDBOX_CONTAINER_NAME, [LABEL_RESTART_COUNT]: String(attempt) }),
      HostConfig: {
        NetworkMode: hostNetwork ? 'host' : 'bridge',
        ...(ports ? { PortBindings: ports.bindings } : {}),
        IpcMode: 'shareable',
        LogConfig: { Type: 'json-file', Config: {} },
      },
    });
    try {
      await this.docker.startContainer(id);
    } catch (err) {
      await this.docker.removeContainer(id).catch(() => undefined);
      throw err;
    }
    return id;
  }

  async stopPodSandbox(id: string, gracePeriodSeconds: number): Promise<void> {
    await this.docker.stopContainer(id, gracePeriodSeconds);
  }

  async startContainer(pod: Pod, container: Container, opts: StartContainerOptions): Promise<string> {
    const labels = makeLabels(pod, 'container', {
      [LABEL_CONTAINER_NAME]: container.name,
      [LABEL_CONTAINER_HASH]: hashContainer(container),
      [LABEL_RESTART_COUNT]: String(opts.attempt),
      [LABEL_SANDBOX_ID]: opts.sandboxId,
      'io.kubernetes.container.image': container.image ?? '',
    });
    const create = containerCreateOptions(pod, container, { ...opts, name: makeContainerName(pod, container.name, opts.attempt), labels });
    const id = await this.docker.createContainer(create);
    await this.docker.startContainer(id); // a failed start leaves a `created` container the syncer removes
    return id;
  }

  async stopContainer(id: string, gracePeriodSeconds: number): Promise<void> {
    await this.docker.stopContainer(id, gracePeriodSeconds);
  }

  async removeContainer(id: string): Promise<void> {
    await this.docker.removeContainer(id);
  }

  async listImages(): Promise<RuntimeImage[]> {
    return (await this.docker.listImages()).map((i) => ({ id: i.Id, repoTags: i.RepoTags, sizeBytes: i.Size }));
  }

  /** Removes every tag of the image, then the image itself (as dockershim did: no force). */
  async removeImage(id: string): Promise<void> {
    const img = (await this.docker.listImages()).find((i) => i.Id === id);
    if (!img) return;
    for (const tag of img.RepoTags.length > 1 ? img.RepoTags : []) await this.docker.removeImage(tag);
    await this.docker.removeImage(id);
  }

  /** statfs of Docker's data root (the engine runs on this host, so its path is ours too). */
  async imageFsStats(): Promise<FsStats> {
    this.dataRoot ??= await this.docker.dataRoot();
    const s = await statfs(this.dataRoot);
    return { capacityBytes: s.blocks * s.bsize, availableBytes: s.bavail * s.bsize, inodes: s.files, inodesFree: s.ffree };
  }

  private dataRoot: string | undefined;

  private attemptOf(c: DockerContainerSummary): number {
    const fromLabel = Number(c.Labels[LABEL_RESTART_COUNT]);
    if (Number.isInteger(fromLabel) && fromLabel >= 0) return fromLabel;
    return parseContainerName(c.Names[0] ?? '')?.attempt ?? 0;
  }

  private sandboxFromSummary(c: DockerContainerSummary): RuntimeSandbox {
    return { id: c.Id, podUid: c.Labels[LABEL_POD_UID] ?? '', state: c.State === 'running' ? 'ready' : 'notready', attempt: this.attemptOf(c), createdAt: c.Created * 1000 };
  }

  private containerFromSummary(c: DockerContainerSummary): RuntimeContainer {
    return {
      id: c.Id,
      name: c.Labels[LABEL_CONTAINER_NAME] ?? parseContainerName(c.Names[0] ?? '')?.containerName ?? '',
      podUid: c.Labels[LABEL_POD_UID] ?? '',
      image: c.Labels['io.kubernetes.container.image'] ?? c.Image,
      imageRef: c.ImageID,
      state: mapState(c.State),
      hash: c.Labels[LABEL_CONTAINER_HASH] ?? '',
      attempt: this.attemptOf(c),
      createdAt: c.Created * 1000,
      ...(c.Labels[LABEL_SANDBOX_ID] ? { sandboxId: c.Labels[LABEL_SANDBOX_ID] } : {}),
    };
  }

  private sandboxFromDetails(s: DockerContainerSummary, d: DockerContainerDetails): RuntimeSandbox {
    const sb = this.sandboxFromSummary({ ...s, State: d.State.Status });
    const nets = d.NetworkSettings.Networks ?? {};
    const ip = d.HostConfig.NetworkMode === 'host' ? undefined : d.NetworkSettings.IPAddress || Object.values(nets).find((n) => n.IPAddress)?.IPAddress;
    return { ...sb, ...(sb.state === 'ready' && ip ? { ip } : {}) };
  }

  private containerFromDetails(s: DockerContainerSummary, d: DockerContainerDetails): RuntimeContainer {
    const c = this.containerFromSummary({ ...s, State: d.State.Status });
    const st = d.State;
    const out: RuntimeContainer = { ...c, imageRef: d.Image || c.imageRef, createdAt: parseTime(d.Created) ?? c.createdAt };
    const startedAt = parseTime(st.StartedAt);
    if (startedAt !== undefined) out.startedAt = startedAt;
    if (out.state === 'exited') {
      out.exitCode = st.ExitCode;
      const finishedAt = parseTime(st.FinishedAt);
      if (finishedAt !== undefined) out.finishedAt = finishedAt;
      out.reason = st.OOMKilled ? 'OOMKilled' : st.ExitCode === 0 ? 'Completed' : 'Error';
      if (st.Error) out.message = st.Error;
    }
    return out;
  }
}

/** Labels selecting every container this kubelet manages (for cleanup tools and tests). */
export const MANAGED_LABEL_FILTER = `${LABEL_MANAGED}=true`;

/**
 * `hostPort`s of the pod's containers as Docker port bindings on the sandbox (which owns the
 * pod's network namespace): `<containerPort>/<proto>` → `[hostIP:]hostPort`. Undefined when
 * no container asks for a host port.
 */
export function sandboxPortBindings(pod: Pod): { exposed: Record<string, object>; bindings: Record<string, { HostIp: string; HostPort: string }[]> } | undefined {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
    for (const p of c.ports ?? []) {
      if (!p.hostPort) continue;
      const key = `${p.containerPort}/${(p.protocol ?? 'TCP').toLowerCase()}`;
      exposed[key] = {};
      (bindings[key] ??= []).push({ HostIp: p.hostIP ?? '', HostPort: String(p.hostPort) });
    }
  }
  return Object.keys(bindings).length ? { exposed, bindings } : undefined;
}
