import type http from 'node:http';
import Docker from 'dockerode';
import type { Node, Pod, Service } from '@tskube/api-types';
import { RESOURCES } from '@tskube/api-types';
import { loadClientConfig, RestClient } from '@tskube/client';
import { DeletedFinalStateUnknown, InformerFactory } from '@tskube/client-cache';
import type { SharedIndexInformer } from '@tskube/client-cache';
import type { Logger } from '@tskube/component-base';
import { createLogger, createMetricsRegistry, serveHealth, sleep } from '@tskube/component-base';
import type { KubeletConfig } from './config';
import { collectHostInfo } from './host-info';
import { chooseNodeIP } from './node-ip';
import { KubeletLoop } from './kubelet';
import { renewNodeLease } from './node-lease';
import { KUBELET_VERSION, NodeStatusReporter } from './node-status';
import { GenericPleg } from './pleg';
import { KubeletPodSyncer } from './pod-syncer';
import { PodWorkers } from './pod-workers';
import type { DockerClient } from './runtime/docker-client';
import { DockerodeClient, dockerOptionsFromEnv } from './runtime/docker-client';
import { DockerRuntime } from './runtime/docker-runtime';
import { HollowRuntime } from './runtime/hollow-runtime';
import { defaultHollowPodCidr } from './runtime/ip-pool';
import type { Runtime } from './runtime/runtime';
import { serveKubeletApi } from './server';
import { StatusManager } from './status-manager';
import { ProbeManager, containerInfoFromStatus } from './probes/probe-manager';
import type { ProbeEventSink } from './probes/probe-manager';
import { DockerStreaming } from './streaming/docker-streaming';
import type { StreamingRuntime } from './streaming/streaming-runtime';
import { TargetResolver } from './streaming/targets';
import { LocalStatusStore } from './local-status';
import { apiObjectSource, watchedObjectSource } from './api-objects';
import { KubeletPodSetup } from './pod-setup';
import { VolumeManager } from './volumes/volume-manager';
import { serveReadOnlyApi } from './read-only-server';
import { MirrorPods } from './sources/mirror-pods';
import { CONFIG_MIRROR_ANNOTATION, isMirrorPod } from './sources/static-pod';
import { runStaticSources, StaticPodSet } from './sources/static-pods';
import { ContainerGC } from './gc/container-gc';
import { runGarbageCollection } from './gc/gc-loop';
import { ImageGC } from './gc/image-gc';
import { evaluatePressure, observe, parseEvictionHard, PressureTracker } from './node-pressure';
import { kubeletEventRecorder, nodeRef } from './events';
import { podRef } from './container-events';

export interface RunDeps {
  logger?: Logger;
  docker?: DockerClient;
  /** A runtime to use instead of Docker (tests, hollow nodes). */
  runtime?: Runtime;
  /** Logs/exec/attach implementation (default: Docker at DOCKER_HOST). */
  streaming?: StreamingRuntime;
}

const errMsg = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Retries `fn` with capped exponential backoff until it succeeds or `signal` aborts. */
async function retry<T>(what: string, fn: () => Promise<T>, logger: Logger, signal: AbortSignal): Promise<T | undefined> {
  for (let delay = 1000; !signal.aborted; delay = Math.min(delay * 2, 10_000)) {
    try {
      return await fn();
    } catch (err) {
      logger.warn(`${what} failed; retrying`, { err: errMsg(err), retryMs: delay });
      await sleep(delay, signal);
    }
  }
  return undefined;
}

/** Registers the node, then posts its status and renews its lease every period. */
async function nodeLoop(cfg: KubeletConfig, client: RestClient, reporter: NodeStatusReporter, nodeName: string, logger: Logger, signal: AbortSignal): Promise<void> {
  if ((await retry('node registration', () => reporter.register(), logger, signal)) === undefined && signal.aborted) return;
  let leases = true;
  let nodeUid: string | undefined;
  while (!signal.aborted) {
    await sleep(cfg.nodeStatusUpdateFrequencyMs, signal);
    if (signal.aborted) break;
    try {
      await reporter.heartbeat();
    } catch (err) {
      logger.warn('node status update failed', { err: errMsg(err) });
    }
    try {
      nodeUid ??= (await client.get<Node>(RESOURCES.nodes, nodeName)).metadata?.uid;
      const ok = await renewNodeLease(client, nodeName, nodeUid);
      if (ok !== leases) logger.info(ok ? 'node lease renewed' : 'node leases not served (or kube-node-lease missing); will retry');
      leases = ok;
    } catch (err) {
      logger.warn('node lease renewal failed', { err: errMsg(err) });
    }
  }
}

/**
 * Runs the kubelet until `signal` aborts: registers the node, watches the pods bound to it,
 * runs them in Docker through per-pod workers, reports their status, and serves its APIs.
 */
export async function run(cfg: KubeletConfig, signal: AbortSignal, deps: RunDeps = {}): Promise<void> {
  const logger = deps.logger ?? createLogger('kubelet');
  const host = collectHostInfo(cfg.rootDir);
  const nodeName = (cfg.hostnameOverride || host.hostname).toLowerCase();
  const standalone = !cfg.kubeconfig && !cfg.master;
  const client = standalone ? undefined : new RestClient(loadClientConfig({ kubeconfig: cfg.kubeconfig || undefined, master: cfg.master || undefined, userAgent: `kubelet/${KUBELET_VERSION}` }));
  const dockerOpts = dockerOptionsFromEnv();
  const hollow = cfg.runtime === 'hollow' && !deps.runtime;
  const runtime: Runtime =
    deps.runtime ??
    (hollow
      ? new HollowRuntime({ podCidr: cfg.hollowPodCidr || defaultHollowPodCidr(nodeName), startDelayMs: cfg.hollowStartDelayMs })
      : new DockerRuntime(deps.docker ?? new DockerodeClient(dockerOpts), { podInfraImage: cfg.podInfraContainerImage, allowPull: cfg.allowImagePull, nodeName }));
  // A hollow node has no processes: no logs/exec, no probes or hooks (they would reach fake pod IPs).
  const streaming: StreamingRuntime | undefined = deps.streaming ?? (hollow ? undefined : new DockerStreaming(new Docker(dockerOpts)));
  logger.info('starting kubelet', { node: nodeName, runtime: runtime.type, ...(hollow ? {} : { docker: dockerOpts.endpoint }), podInfraImage: cfg.podInfraContainerImage, version: KUBELET_VERSION, standalone });

  const runtimeVersion = await retry('connecting to docker', () => runtime.version(), logger, signal);
  if (runtimeVersion === undefined) return;
  // Choose the node IP only now: a Docker engine that just started may add its bridge late,
  // and on a namespaced node that bridge is the only non-loopback interface. Hollow nodes do
  // not resolve their (made-up) names: hundreds of DNS queries would go out for nothing.
  const { ip: nodeIP, source: nodeIPSource } = await chooseNodeIP({ nodeIP: cfg.nodeIP, nodeName, lookup: !hollow });
  if (!nodeIP) logger.warn('no node IP found (no --node-ip, the node name does not resolve to a local address, no usable interface): the Node gets no InternalIP');
  logger.info('container runtime ready', { runtimeVersion, nodeIP, nodeIPSource });

  // Pod sources: the API server (pods bound to this node; mirror pods are the API's view of
  // static pods, not pods to run) and the static sources (manifest path, manifest URL).
  const factory = client ? new InformerFactory(client, { logger }) : undefined;
  const podInformer: SharedIndexInformer<Pod> | undefined = factory?.informerFor<Pod>(RESOURCES.pods, { fieldSelector: `spec.nodeName=${nodeName}` });
  const apiPods = (): Pod[] => (podInformer?.getIndexer().list() ?? []).filter((p) => !isMirrorPod(p));
  // eslint-disable-next-line prefer-const -- assigned below; the static set calls it only after start
  let loop: KubeletLoop;
  let mirrors: MirrorPods | undefined;
  const staticPods = new StaticPodSet({
    logger,
    onAdd: (pod) => {
      logger.info('static pod added', { pod: `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`, uid: pod.metadata?.uid });
      loop.dispatch(pod);
      mirrors?.kick();
    },
    onRemove: (pod) => {
      logger.info('static pod removed', { pod: `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`, uid: pod.metadata?.uid });
      const grace = pod.spec?.terminationGracePeriodSeconds ?? 30;
      loop.dispatch({ ...pod, metadata: { ...pod.metadata, deletionTimestamp: new Date().toISOString(), deletionGracePeriodSeconds: grace } });
      mirrors?.kick();
    },
  });
  const cachedPod = (ns: string, name: string): Pod | undefined => podInformer?.getIndexer().get(`${ns}/${name}`);
  const statusManager = client
    ? new StatusManager({
        client,
        logger,
        getCachedPod: cachedPod,
        // A static pod's status goes to its mirror pod (same name, mirror annotation = its UID).
        isPodFor: (uid, p) => p.metadata?.uid === uid || (staticPods.get(uid) !== undefined && p.metadata?.annotations?.[CONFIG_MIRROR_ANNOTATION] === uid),
      })
    : new LocalStatusStore();
  const serviceInformer = factory?.informerFor<Service>(RESOURCES.services);
  // ConfigMaps/Secrets of pods come from one shared watch per object (upstream's Watch strategy).
  const watched = client && !hollow ? watchedObjectSource(client, logger, signal) : undefined;
  const objects = watched ?? apiObjectSource(client);
  // Hollow nodes write no files: no volumes, no hosts file, env not resolved.
  const allocatable = { cpu: host.cpuCores, memory: host.memoryBytes, ...(host.ephemeralStorageBytes !== undefined ? { 'ephemeral-storage': host.ephemeralStorageBytes } : {}) };
  const volumes = new VolumeManager({ rootDir: cfg.rootDir, objects, logger, warn: (pod, reason, message) => recorder?.event(podRef(pod), 'Warning', reason, message) });
  const setup = hollow ? undefined : new KubeletPodSetup({ volumes, objects, ...(watched ? { references: watched } : {}), services: () => serviceInformer?.getIndexer().list() ?? [], allocatable });
  // Probes read container instances from the last generated status; results re-sync the pod.
  const probeEvents: ProbeEventSink = { event: (obj, type, reason, message, fieldPath) => recorder?.event(obj, type, reason, message, fieldPath) };
  const probes = streaming && new ProbeManager({
    streaming,
    logger,
    recorder: probeEvents,
    container: (uid, name) => containerInfoFromStatus(statusManager.getPodStatus(uid), name),
    podIP: (uid) => statusManager.getPodStatus(uid)?.podIP,
    onChange: (uid) => {
      const p = listPods().find((x) => x.metadata?.uid === uid);
      if (p) loop.dispatch(p);
    },
  });
  const syncer = new KubeletPodSyncer({ runtime, status: statusManager, logger, nodeName, ...(probes ? { probes } : {}), recorder: probeEvents, ...(streaming ? { streaming } : {}), ...(setup ? { setup } : {}), ...(nodeIP ? { hostIP: nodeIP } : {}) });
  const workers = new PodWorkers({ syncer, logger });
  const listPods = (): readonly Pod[] => [...apiPods(), ...staticPods.list()];
  const pleg = new GenericPleg({ runtime, logger, onEvent: (e) => loop.onPlegEvent(e) });
  loop = new KubeletLoop({
    workers,
    logger,
    listPods,
    podsSynced: () => (podInformer?.hasSynced() ?? true) && staticPods.hasSynced(),
    runtimePods: () => ({ relisted: pleg.hasRelisted(), pods: pleg.runtimePods() }),
    onForget: (uid) => {
      statusManager.removePod(uid);
      watched?.unregisterPod(uid);
    },
  });
  if (client && podInformer) {
    mirrors = new MirrorPods({
      client,
      nodeName,
      logger,
      staticPods: () => staticPods.list(),
      staticSynced: () => staticPods.hasSynced(),
      mirrorPods: () => podInformer.getIndexer().list().filter(isMirrorPod),
      apiSynced: () => podInformer.hasSynced(),
    });
    const m = mirrors;
    const onPod = (pod: Readonly<Pod>): void => (isMirrorPod(pod) ? m.kick() : loop.dispatch(pod));
    podInformer.addEventHandler({
      onAdd: onPod,
      onUpdate: (_old, pod) => onPod(pod),
      onDelete: (obj) => {
        const pod = obj instanceof DeletedFinalStateUnknown ? obj.obj : obj;
        if (isMirrorPod(pod)) m.kick();
        else loop.handleDeleted(pod);
      },
    });
  }
  const events = client ? kubeletEventRecorder(client, nodeName, logger) : undefined;
  const recorder = events?.recorder;
  // Node events (bad manifests, status transitions) reference the Node as upstream: uid = node name.
  const nodeEvent = (type: 'Normal' | 'Warning', reason: string, message: string): void => recorder?.event(nodeRef(nodeName), type, reason, message);
  const onInvalidManifest = (where: string, message: string): void => nodeEvent('Warning', 'FailedToParseManifest', `skipping ${where}: ${message}`);

  const registry = createMetricsRegistry('kubelet');
  const checks = [{ name: 'ping', check: () => undefined }, { name: 'pleg', check: () => pleg.healthy() }];
  const podsWithStatus = (): Pod[] => listPods().map((p) => ({ ...p, status: statusManager.getPodStatus(p.metadata?.uid ?? '') ?? p.status ?? {} }));
  const servers: http.Server[] = [];
  if (cfg.healthzPort > 0) servers.push(await serveHealth({ port: cfg.healthzPort, host: cfg.healthzBindAddress, logger, livez: checks, registry }));
  if (cfg.port > 0) {
    servers.push(
      await serveKubeletApi({
        port: cfg.port,
        host: cfg.address,
        logger,
        registry,
        checks,
        pods: podsWithStatus,
        ...(streaming ? { streams: { resolver: new TargetResolver(runtime, listPods), streaming } } : {}),
      }),
    );
  }
  if (cfg.readOnlyPort > 0) servers.push(await serveReadOnlyApi({ port: cfg.readOnlyPort, host: cfg.address, logger, checks, hostInfo: host, pods: podsWithStatus }));

  const loops: Promise<void>[] = [pleg.run(signal), loop.run(signal), runStaticSources(cfg, staticPods, { nodeName, logger, onInvalid: onInvalidManifest }, signal)];
  const containerGC = new ContainerGC({
    runtime,
    logger,
    policy: { minAgeMs: cfg.minimumContainerTtlMs, maxPerPodContainer: cfg.maxDeadContainersPerContainer, maxContainers: cfg.maxDeadContainers },
    sourcesReady: () => (podInformer?.hasSynced() ?? true) && staticPods.hasSynced(),
    isPodKnown: (uid) => listPods().some((p) => p.metadata?.uid === uid) || ['syncing', 'terminating'].includes(workers.state(uid) ?? ''),
  });
  const imageGC = hollow
    ? undefined
    : new ImageGC({ runtime, logger, pinnedImages: [cfg.podInfraContainerImage], onFreeSpaceFailed: (m) => nodeEvent('Warning', 'FreeDiskSpaceFailed', m), policy: { highThresholdPercent: cfg.imageGcHighThresholdPercent, lowThresholdPercent: cfg.imageGcLowThresholdPercent, minAgeMs: cfg.imageMinimumGcAgeMs } });
  loops.push(runGarbageCollection({ containers: containerGC, ...(imageGC ? { images: imageGC } : {}), logger }, signal));
  if (client && factory && statusManager instanceof StatusManager) {
    const thresholds = parseEvictionHard(cfg.evictionHard);
    const tracker = new PressureTracker(cfg.evictionPressureTransitionPeriodMs);
    // Hollow nodes report no pressure: their readings would be this host's, shared by hundreds of them.
    const readPressure = hollow ? undefined : async () => tracker.update(evaluatePressure(thresholds, await observe(cfg.rootDir, () => runtime.imageFsStats())));
    const reporter = new NodeStatusReporter(client, { nodeName, host, ...(nodeIP ? { nodeIP } : {}), maxPods: cfg.maxPods, kubeletPort: cfg.port, runtimeVersion, nodeEvent: (reason, message) => nodeEvent('Normal', reason, message) }, logger, readPressure);
    factory.start(signal);
    loops.push(nodeLoop(cfg, client, reporter, nodeName, logger, signal), statusManager.run(signal));
    if (mirrors) loops.push(mirrors.run(signal));
  }
  try {
    await Promise.all(loops);
  } finally {
    workers.stop();
    probes?.stopAll();
    events?.broadcaster.shutDown();
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}
