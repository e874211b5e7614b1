import type { Container, Pod, PodStatus } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import { Backoff } from './backoff';
import { computePodActions, restartPolicyOf } from './pod-actions';
import type { WaitingReason } from './pod-status';
import { generatePodStatus } from './pod-status';
import type { Runtime, RuntimePodStatus } from './runtime/runtime';
import { ImageError, pullPolicyOf } from './runtime/runtime';
import { addProbeKills, runPostStart, runPreStop } from './probes/lifecycle';
import type { HookContext } from './probes/lifecycle';
import type { ProbeEventSink, ProbeManager } from './probes/probe-manager';
import type { StreamingRuntime } from './streaming/streaming-runtime';
import type { PodSetup, PreparedContainer } from './pod-setup';
import { ContainerConfigError } from './volumes/projection';
import { ContainerEvents, EVENT } from './container-events';

/** Result of one sync: whether the pod is done, and when to sync again at the latest. */
export interface SyncResult {
  terminal: boolean;
  requeueAfterMs?: number;
}

/** What the pod workers drive (upstream `podSyncer`); the kubelet's implementation is {@link KubeletPodSyncer}. */
export interface PodSyncer {
  /** Brings the runtime to the pod's spec and publishes its status. */
  syncPod(pod: Pod): Promise<SyncResult>;
  /** Stops every container and the sandbox of the pod (SIGTERM, grace period, SIGKILL). */
  syncTerminatingPod(pod: Pod, gracePeriodSeconds: number): Promise<void>;
  /** After termination: publishes the final status; for deleted pods removes containers and finishes the deletion. */
  syncTerminatedPod(pod: Pod, deleted: boolean): Promise<void>;
}

/** The part of the status manager the syncer uses. */
export interface PodStatusSink {
  setPodStatus(pod: Pod, status: PodStatus): void;
  /** Writes the final status and deletes the pod (gracePeriodSeconds=0, uid precondition). */
  finalizeDeletion(pod: Pod, status: PodStatus): Promise<void>;
}

export interface KubeletPodSyncerOptions {
  runtime: Runtime;
  status: PodStatusSink;
  logger: Logger;
  nodeName: string;
  hostIP?: string;
  now?: () => number;
  /** CrashLoopBackOff delays (upstream 10s doubling to 5m). */
  crashBackoff?: { initialMs: number; maxMs: number };
  /** ImagePullBackOff delays (upstream 10s doubling to 5m). */
  imageBackoff?: { initialMs: number; maxMs: number };
  /** Liveness/readiness/startup probes (absent: running containers are ready). */
  probes?: ProbeManager;
  /** Container events (see container-events.ts), `Killing`, hook failures. */
  recorder?: ProbeEventSink;
  /** Runs exec lifecycle hooks (absent: hooks are skipped). */
  streaming?: StreamingRuntime;
  /** Volumes, /etc/hosts and env resolution (absent: no volumes, env values and field refs only). */
  setup?: PodSetup;
}

const specOf = (pod: Pod, name: string): Container | undefined => pod.spec?.containers?.find((c) => c.name === name);
const podKey = (pod: Pod): string => `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;

/**
 * The kubelet's pod sync logic over a {@link Runtime}: applies {@link computePodActions} with
 * restart and image-pull backoff, remembers why containers wait, and hands the resulting
 * status to the status manager.
 */
export class KubeletPodSyncer implements PodSyncer {
  private readonly crash: Backoff;
  private readonly image: Backoff;
  private readonly now: () => number;
  private readonly events: ContainerEvents;
  /** Waiting reasons by pod UID, then container name. */
  private readonly waiting = new Map<string, Map<string, WaitingReason>>();

  constructor(private readonly o: KubeletPodSyncerOptions) {
    this.now = o.now ?? Date.now;
    this.events = new ContainerEvents(o.recorder);
    this.crash = new Backoff({ ...(o.crashBackoff ?? { initialMs: 10_000, maxMs: 300_000 }), now: this.now });
    this.image = new Backoff({ ...(o.imageBackoff ?? { initialMs: 10_000, maxMs: 300_000 }), now: this.now });
  }

  private hooks(podIP: string | undefined): HookContext {
    return { logger: this.o.logger, ...(this.o.streaming ? { streaming: this.o.streaming } : {}), ...(this.o.recorder ? { recorder: this.o.recorder } : {}), ...(podIP ? { podIP } : {}) };
  }

  private runtimeStatus(pod: Pod): Promise<RuntimePodStatus> {
    const m = pod.metadata ?? {};
    return this.o.runtime.getPodStatus(m.uid ?? '', m.name ?? '', m.namespace ?? '');
  }

  private status(pod: Pod, rs: RuntimePodStatus, terminal: boolean): PodStatus {
    const uid = pod.metadata?.uid ?? '';
    return generatePodStatus(pod, rs, {
      runtimeType: this.o.runtime.type,
      ...(this.o.hostIP ? { hostIP: this.o.hostIP } : {}),
      waiting: this.waiting.get(pod.metadata?.uid ?? ''),
      terminal,
      now: () => new Date(this.now()),
      ...(this.o.probes ? { probes: { started: (n: string, id: string) => this.o.probes!.started(uid, n, id), ready: (n: string, id: string) => this.o.probes!.ready(uid, n, id) } } : {}),
    });
  }

  async syncPod(pod: Pod): Promise<SyncResult> {
    const uid = pod.metadata?.uid ?? '';
    const rt = this.o.runtime;
    let rs = await this.runtimeStatus(pod);
    const actions = computePodActions(pod, rs);
    this.o.probes?.addPod(pod);
    // kills planned so far get their Killing event below; addProbeKills records its own
    const planned = actions.containersToKill.length;
    addProbeKills(pod, rs, actions, this.o.probes, this.o.recorder);
    const waiting = new Map<string, WaitingReason>();
    let requeue: number | undefined;
    const later = (ms: number): void => {
      requeue = Math.min(requeue ?? Infinity, Math.max(ms, 100));
    };

    const grace = pod.spec?.terminationGracePeriodSeconds ?? 30;
    if (actions.createSandbox && rs.sandboxes.length > 0) this.events.recordPod(pod, 'Normal', EVENT.SandboxChanged, 'Pod sandbox changed, it will be killed and re-created.');
    await Promise.all(actions.containersToKill.map(async ({ container, reason }, i) => {
      this.o.logger.info('killing container', { pod: podKey(pod), container: container.name, reason });
      // with a kept sandbox the reason is upstream's message; a pod kill says "Stopping container c"
      if (i < planned) this.events.killing(pod, container.name, actions.sandbox ? reason : undefined);
      await rt.stopContainer(container.id, await runPreStop(pod, specOf(pod, container.name), container.id, grace, this.hooks(rs.ip)));
    }));
    for (const sb of actions.sandboxesToStop) await rt.stopPodSandbox(sb.id, 0);
    let sandboxId = actions.sandbox?.id;
    let podIP = rs.ip;
    if (actions.createSandbox) {
      this.o.logger.info('creating pod sandbox', { pod: podKey(pod), attempt: actions.createSandbox.attempt });
      sandboxId = await rt.startPodSandbox(pod, actions.createSandbox.attempt);
      podIP = (await this.runtimeStatus(pod)).ip;
    }
    for (const id of actions.idsToRemove) await rt.removeContainer(id);
    if (sandboxId && !actions.createSandbox) await this.refreshVolumes(pod, podIP);

    for (const start of sandboxId ? actions.containersToStart : []) {
      const c = start.container;
      const key = `${uid}/${c.name}`;
      if (start.lastExited) {
        const left = this.crash.remaining(key, start.lastExited.finishedAt ?? this.now());
        if (left > 0) {
          const delay = Math.round(this.crash.get(key) / 1000);
          waiting.set(c.name, { reason: 'CrashLoopBackOff', message: `back-off ${delay}s restarting failed container=${c.name} pod=${pod.metadata?.name ?? ''}_${pod.metadata?.namespace ?? ''}(${uid})` });
          this.events.crashLoopBackOff(pod, c.name);
          later(left);
          continue;
        }
        this.crash.next(key);
      }
      const imageKey = `${uid}/${c.name}/${c.image ?? ''}`;
      const imageLeft = this.image.remainingSinceLast(imageKey);
      if (imageLeft > 0) {
        waiting.set(c.name, { reason: 'ImagePullBackOff', message: `Back-off pulling image "${c.image ?? ''}"` });
        this.events.imagePullBackOff(pod, c);
        later(imageLeft);
        continue;
      }
      let imageRef: string;
      try {
        imageRef = await this.events.ensureImage(rt, pod, c, pullPolicyOf(c), this.now);
        this.image.reset(imageKey);
      } catch (err) {
        if (!(err instanceof ImageError)) throw err;
        this.image.next(imageKey);
        waiting.set(c.name, { reason: err.reason, message: err.message });
        this.o.logger.warn('image unavailable', { pod: podKey(pod), container: c.name, image: c.image, reason: err.reason, message: err.message });
        later(this.image.get(imageKey));
        continue;
      }
      let prepared: PreparedContainer | undefined;
      try {
        prepared = await this.o.setup?.prepareContainer(pod, c, { nodeName: this.o.nodeName, ...(podIP ? { podIP } : {}), ...(this.o.hostIP ? { hostIP: this.o.hostIP } : {}) });
      } catch (err) {
        if (!(err instanceof ContainerConfigError)) throw err;
        this.o.logger.warn('container config error', { pod: podKey(pod), container: c.name, err: err.message });
        waiting.set(c.name, { reason: 'CreateContainerConfigError', message: err.message });
        this.events.failed(pod, c.name, err.message);
        later(10_000);
        continue;
      }
      try {
        this.o.logger.info('starting container', { pod: podKey(pod), container: c.name, attempt: start.attempt });
        const startedId = await rt.startContainer(pod, c, { sandboxId: sandboxId!, attempt: start.attempt, imageRef, nodeName: this.o.nodeName, ...(podIP ? { podIP } : {}), ...(this.o.hostIP ? { hostIP: this.o.hostIP } : {}), ...(prepared ? { env: prepared.env, binds: prepared.binds } : {}) });
        this.events.started(pod, c.name);
        const hookErr = await runPostStart(pod, c, startedId, this.hooks(podIP));
        if (hookErr) await rt.stopContainer(startedId, 0);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        this.o.logger.warn('container start failed', { pod: podKey(pod), container: c.name, err: message });
        waiting.set(c.name, { reason: 'RunContainerError', message });
        this.events.failed(pod, c.name, message);
        this.crash.next(key);
        later(this.crash.get(key));
      }
    }
    this.waiting.set(uid, waiting);

    rs = await this.runtimeStatus(pod);
    let status = this.status(pod, rs, false);
    const policy = restartPolicyOf(pod);
    const terminal = policy !== 'Always' && (status.phase === 'Succeeded' || status.phase === 'Failed');
    if (terminal) status = this.status(pod, rs, true);
    this.o.status.setPodStatus(pod, status);
    return { terminal, ...(requeue !== undefined ? { requeueAfterMs: requeue } : {}) };
  }

  /** Brings a running pod's configMap/secret/downwardAPI/projected files up to date; failures only log. */
  private async refreshVolumes(pod: Pod, podIP: string | undefined): Promise<void> {
    try {
      await this.o.setup?.refreshVolumes(pod, { nodeName: this.o.nodeName, ...(podIP ? { podIP } : {}), ...(this.o.hostIP ? { hostIP: this.o.hostIP } : {}) });
    } catch (err) {
      this.o.logger.warn('volume refresh failed; keeping the current files', { pod: podKey(pod), err: err instanceof Error ? err.message : String(err) });
    }
  }

  async syncTerminatingPod(pod: Pod, gracePeriodSeconds: number): Promise<void> {
    const rt = this.o.runtime;
    const rs = await this.runtimeStatus(pod);
    const running = rs.containers.filter((c) => c.state === 'running');
    if (running.length) this.o.logger.info('stopping pod containers', { pod: podKey(pod), gracePeriodSeconds, containers: running.map((c) => c.name) });
    for (const c of running) this.events.killing(pod, c.name);
    await Promise.all(running.map(async (c) => rt.stopContainer(c.id, await runPreStop(pod, specOf(pod, c.name), c.id, gracePeriodSeconds, this.hooks(rs.ip)))));
    for (const sb of rs.sandboxes) if (sb.state === 'ready') await rt.stopPodSandbox(sb.id, 0);
  }

  async syncTerminatedPod(pod: Pod, deleted: boolean): Promise<void> {
    const uid = pod.metadata?.uid ?? '';
    const rs = await this.runtimeStatus(pod);
    this.waiting.delete(uid);
    this.o.probes?.removePod(uid);
    const status = this.status(pod, rs, true);
    if (!deleted) {
      this.o.status.setPodStatus(pod, status);
      return;
    }
    for (const c of [...rs.containers, ...rs.sandboxes]) await this.o.runtime.removeContainer(c.id);
    await this.o.setup?.cleanupPod(uid);
    this.crash.resetPrefix(`${uid}/`);
    this.image.resetPrefix(`${uid}/`);
    await this.o.status.finalizeDeletion(pod, status);
  }
}
