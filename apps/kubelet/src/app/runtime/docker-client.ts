import Docker from 'dockerode';

/**
 * The few Docker Engine API calls the kubelet makes, behind a narrow interface so the runtime
 * can be tested without a daemon. {@link DockerodeClient} is the real implementation.
 * "Not found" and "already stopped" are not errors where noted.
 */
export interface DockerClient {
  version(): Promise<{ Version: string; ApiVersion: string }>;
  /** Containers (running and stopped when `all`) carrying every label in `labels` (`k` or `k=v`). */
  listContainers(opts: { all: boolean; labels: string[] }): Promise<DockerContainerSummary[]>;
  /** Throws {@link DockerNotFoundError} for an unknown container. */
  inspectContainer(id: string): Promise<DockerContainerDetails>;
  /** Creates a container and returns its ID. */
  createContainer(opts: Docker.ContainerCreateOptions): Promise<string>;
  startContainer(id: string): Promise<void>;
  /** SIGTERM then SIGKILL after `timeoutSeconds`; stopped or missing containers are fine. */
  stopContainer(id: string, timeoutSeconds: number): Promise<void>;
  /** Force-removes a container; missing is fine. */
  removeContainer(id: string): Promise<void>;
  /** The image's ID, tags and size in bytes (`Size` of docker's image inspect), or undefined when it is not present locally. */
  inspectImage(ref: string): Promise<{ Id: string; RepoTags?: string[]; Size?: number } | undefined>;
  /** Pulls an image from its registry (resolves when the pull finished). */
  pullImage(ref: string): Promise<void>;
  /** Every image (`docker images -a` without dangling filters). */
  listImages(): Promise<{ Id: string; RepoTags: string[]; Size: number }[]>;
  /** Removes an image or one tag of it (no force); missing is fine, in use throws (409). */
  removeImage(ref: string): Promise<void>;
  /** The engine's data root (`DockerRootDir` of `docker info`). */
  dataRoot(): Promise<string>;
}

export interface DockerContainerSummary {
  Id: string;
  Names: string[];
  Image: string;
  ImageID: string;
  /** Seconds since the epoch. */
  Created: number;
  /** `created`, `running`, `exited`, `paused`, `restarting`, `removing`, `dead`. */
  State: string;
  Labels: Record<string, string>;
}

export interface DockerContainerDetails {
  Id: string;
  Name: string;
  Created: string;
  Image: string;
  State: { Status: string; Running: boolean; ExitCode: number; Error: string; OOMKilled: boolean; StartedAt: string; FinishedAt: string };
  Config: { Image: string; Labels: Record<string, string> | null };
  NetworkSettings: { IPAddress?: string; Networks?: Record<string, { IPAddress?: string }> };
  HostConfig: { NetworkMode?: string };
}

export class DockerNotFoundError extends Error {
  override name = 'DockerNotFoundError';
}

function statusCodeOf(err: unknown): number | undefined {
  const c = (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof c === 'number' ? c : undefined;
}

/**
 * Docker connection options from `DOCKER_HOST` (`unix:///path`, `tcp://host:port`) or the
 * default socket. Parsed here, not only by docker-modem, so the effective endpoint can be logged.
 */
export function dockerOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): Docker.DockerOptions & { endpoint: string } {
  const host = env['DOCKER_HOST'];
  if (!host) return { socketPath: '/var/run/docker.sock', endpoint: 'unix:///var/run/docker.sock' };
  if (host.startsWith('unix://')) {
    const socketPath = host.slice('unix://'.length) || '/var/run/docker.sock';
    return { socketPath, endpoint: `unix://${socketPath}` };
  }
  const u = new URL(host.includes('://') ? host.replace(/^tcp:/, 'http:') : `http://${host}`);
  return { host: u.hostname, port: Number(u.port || 2375), protocol: 'http', endpoint: host };
}

/** {@link DockerClient} over dockerode. */
export class DockerodeClient implements DockerClient {
  private readonly docker: Docker;
  constructor(opts: Docker.DockerOptions = dockerOptionsFromEnv()) {
    this.docker = new Docker(opts);
  }

  async version(): Promise<{ Version: string; ApiVersion: string }> {
    const v = await this.docker.version();
    return { Version: v.Version, ApiVersion: v.ApiVersion };
  }

  async listContainers(opts: { all: boolean; labels: string[] }): Promise<DockerContainerSummary[]> {
    const list = await this.docker.listContainers({ all: opts.all, filters: JSON.stringify({ label: opts.labels }) });
    return list.map((c) => ({ Id: c.Id, Names: c.Names, Image: c.Image, ImageID: c.ImageID, Created: c.Created, State: c.State, Labels: c.Labels ?? {} }));
  }

  async inspectContainer(id: string): Promise<DockerContainerDetails> {
    try {
      const d: unknown = await this.docker.getContainer(id).inspect();
      return d as DockerContainerDetails;
    } catch (err) {
      if (statusCodeOf(err) === 404) throw new DockerNotFoundError(`container ${id} not found`, { cause: err });
      throw err;
    }
  }

  async createContainer(opts: Docker.ContainerCreateOptions): Promise<string> {
    const c = await this.docker.createContainer(opts);
    return c.id;
  }

  async startContainer(id: string): Promise<void> {
    await this.docker.getContainer(id).start();
  }

  async stopContainer(id: string, timeoutSeconds: number): Promise<void> {
    try {
      await this.docker.getContainer(id).stop({ t: Math.max(0, Math.floor(timeoutSeconds)) });
    } catch (err) {
      const code = statusCodeOf(err);
      if (code === 304 || code === 404) return; // already stopped / gone
      throw err;
    }
  }

  async removeContainer(id: string): Promise<void> {
    try {
      await this.docker.getContainer(id).remove({ force: true, v: true });
    } catch (err) {
      const code = statusCodeOf(err);
      if (code === 404) return;
      if (code === 409 && /already in progress/i.test(String(err))) return;
      throw err;
    }
  }

  async inspectImage(ref: string): Promise<{ Id: string; RepoTags?: string[]; Size?: number } | undefined> {
    try {
      const i = await this.docker.getImage(ref).inspect();
      return { Id: i.Id, RepoTags: i.RepoTags, Size: i.Size };
    } catch (err) {
      if (statusCodeOf(err) === 404) return undefined;
      throw err;
    }
  }

  async listImages(): Promise<{ Id: string; RepoTags: string[]; Size: number }[]> {
    const list = await this.docker.listImages({ all: false });
    return list.map((i) => ({ Id: i.Id, RepoTags: (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>'), Size: i.Size }));
  }

  async removeImage(ref: string): Promise<void> {
    try {
      await this.docker.getImage(ref).remove({ force: false, noprune: false });
    } catch (err) {
      if (statusCodeOf(err) === 404) return;
      throw err;
    }
  }

  async dataRoot(): Promise<string> {
    const info = (await this.docker.info()) as { DockerRootDir?: string };
    return info.DockerRootDir || '/var/lib/docker';
  }

  async pullImage(ref: string): Promise<void> {
    const stream = await this.docker.pull(ref);
    await new Promise<void>((resolve, reject) => {
      this.docker.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve()));
    });
  }
}
