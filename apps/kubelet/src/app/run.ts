import type http from 'node:http';
import Docker from 'dockerode';
import type { Node, Pod } from '@tskube/api-types';
import { RESOURCES } from '@tskube/api-types';
import { loadClientConfig, RestClient } from '@tskube/client';
import { DeletedFinalStateUnknown, InformerFactory } from '@tskube/client-cache';
import type { Logger } from '@tskube/component-base';
import { createLogger, createMetricsRegistry, serveHealth, sleep } from '@tskube/component-base';
import type { KubeletConfig } from './config';
import { collectHostInfo, discoverNodeIP } from './host-info';
import { KubeletLoop } from './kubelet';
import { renewNodeLease } from './node-lease';
import { KUBELET_VERSION, NodeStatusReporter } from './node-status';
import { GenericPleg } from './pleg';
import { KubeletPodSyncer } from './pod-syncer';
import { PodWorkers } from './pod-workers';
import type { DockerClient } from './runtime/docker-client';
import { DockerodeClient, dockerOptionsFromEnv } from './runtime/docker-client';
import { DockerRuntime } from './runtime/docker-runtime';
import type { Runtime } from './runtime/runtime';
import { serveKubeletApi } from './server';
import { StatusManager } from './status-manager';
import { ClientEventRecorder } from '@tskube/controller-utils';
import { ProbeManager, containerInfoFromStatus } from './probes/probe-manager';
import type { ProbeEventSink } from './probes/probe-manager';
import { DockerStreaming } from './streaming/docker-streaming';
import type { StreamingRuntime } from './streaming/streaming-runtime';
import { TargetResolver } from './streaming/targets';

export interface RunDeps {
  logger?: Logger;
  docker?: DockerClient;
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
  const client = new RestClient(loadClientConfig({ kubeconfig: cfg.kubeconfig || undefined, master: cfg.master || undefined, userAgent: `kubelet/${KUBELET_VERSION}` }));
  const dockerOpts = dockerOptionsFromEnv();
  const runtime: Runtime = new DockerRuntime(deps.docker ?? new DockerodeClient(dockerOpts), { podInfraImage: cfg.podInfraContainerImage, allowPull: cfg.allowImagePull, nodeName });
  const streaming: StreamingRuntime = deps.streaming ?? new DockerStreaming(new Docker(dockerOpts));
  logger.info('starting kubelet', { node: nodeName, docker: dockerOpts.endpoint, podInfraImage: cfg.podInfraContainerImage, version: KUBELET_VERSION });

  const runtimeVersion = await retry('connecting to docker', () => runtime.version(), logger, signal);
  if (runtimeVersion === undefined) return;
  // Read the node IP only now: a Docker engine that just started may add its bridge late,
  // and on a namespaced node that bridge is the only non-loopback interface.
  const nodeIP = cfg.nodeIP || discoverNodeIP();
  logger.info('container runtime ready', { runtimeVersion, nodeIP });

  const factory = new InformerFactory(client, { logger });
  const podInformer = factory.informerFor<Pod>(RESOURCES.pods, { fieldSelector: `spec.nodeName=${nodeName}` });
  const cachedPod = (ns: string, name: string): Pod | undefined => podInformer.getIndexer().get(`${ns}/${name}`);
  const statusManager = new StatusManager({ client, logger, getCachedPod: cachedPod });
  const recorder = new ClientEventRecorder({ client, component: 'kubelet', logger });
  // Probes read container instances from the last generated status; results re-sync the pod.
  const probeEvents: ProbeEventSink = { event: (obj, type, reason, message) => recorder.event(obj, type, reason, message) };
  const probes = new ProbeManager({
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
  const syncer = new KubeletPodSyncer({ runtime, status: statusManager, logger, nodeName, probes, recorder: probeEvents, streaming, ...(nodeIP ? { hostIP: nodeIP } : {}) });
  const workers = new PodWorkers({ syncer, logger });
  const listPods = (): readonly Pod[] => podInformer.getIndexer().list();
  // eslint-disable-next-line prefer-const -- assigned after the PLEG that references it
  let loop: KubeletLoop;
  const pleg = new GenericPleg({ runtime, logger, onEvent: (e) => loop.onPlegEvent(e) });
  loop = new KubeletLoop({
    workers,
    logger,
    listPods,
    podsSynced: () => podInformer.hasSynced(),
    runtimePods: () => ({ relisted: pleg.hasRelisted(), pods: pleg.runtimePods() }),
    onForget: (uid) => statusManager.removePod(uid),
  });
  podInformer.addEventHandler({
    onAdd: (pod) => loop.dispatch(pod),
    onUpdate: (_old, pod) => loop.dispatch(pod),
    onDelete: (obj) => loop.handleDeleted(obj instanceof DeletedFinalStateUnknown ? obj.obj : obj),
  });

  const registry = createMetricsRegistry('kubelet');
  const checks = [{ name: 'ping', check: () => undefined }, { name: 'pleg', check: () => pleg.healthy() }];
  const servers: http.Server[] = [];
  if (cfg.healthzPort > 0) servers.push(await serveHealth({ port: cfg.healthzPort, host: cfg.healthzBindAddress, logger, livez: checks, registry }));
  servers.push(
    await serveKubeletApi({
      port: cfg.port,
      host: cfg.address,
      logger,
      registry,
      checks,
      pods: () => listPods().map((p) => ({ ...p, status: statusManager.getPodStatus(p.metadata?.uid ?? '') ?? p.status ?? {} })),
      streams: { resolver: new TargetResolver(runtime, listPods), streaming },
    }),
  );

  const reporter = new NodeStatusReporter(client, { nodeName, host, ...(nodeIP ? { nodeIP } : {}), maxPods: cfg.maxPods, kubeletPort: cfg.port, runtimeVersion }, logger);
  factory.start(signal);
  try {
    await Promise.all([nodeLoop(cfg, client, reporter, nodeName, logger, signal), statusManager.run(signal), pleg.run(signal), loop.run(signal)]);
  } finally {
    workers.stop();
    probes.stopAll();
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}
