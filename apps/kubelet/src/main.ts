import { createLogger, FlagError, parseFlags, runMain } from '@tskube/component-base';
import { defaults } from './app/config';
import type { KubeletConfig } from './app/config';
import { parseGoDuration } from './app/duration';
import { parseEvictionHard } from './app/node-pressure';
import { run } from './app/run';

function duration(flag: string, value: string): number {
  try {
    return parseGoDuration(value);
  } catch (err) {
    throw new FlagError(`kubelet: invalid value "${value}" for flag --${flag}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

const d = defaults();
const logger = createLogger('kubelet');
try {
  const f = parseFlags('kubelet', {
    kubeconfig: { type: 'string', default: d.kubeconfig, help: 'Path to a kubeconfig file for the API server' },
    master: { type: 'string', default: d.master, help: 'API server URL (tskube convenience; overrides the kubeconfig server)' },
    'hostname-override': { type: 'string', default: d.hostnameOverride, help: 'Node name to use instead of the host name' },
    'node-ip': { type: 'string', default: d.nodeIP, help: "The node's InternalIP (default: what the node name resolves to if local, else the default route's interface address, else the first non-loopback IPv4)" },
    'pod-infra-container-image': { type: 'string', default: d.podInfraContainerImage, help: 'Image of the per-pod sandbox (pause) container' },
    port: { type: 'number', default: d.port, help: 'Port of the kubelet API (/healthz, /pods)' },
    address: { type: 'string', default: d.address, help: 'Address the kubelet API binds (tskube default 127.0.0.1)' },
    'healthz-port': { type: 'number', default: d.healthzPort, help: 'Port of the localhost healthz endpoint (0 disables)' },
    'healthz-bind-address': { type: 'string', default: d.healthzBindAddress, help: 'Address of the healthz endpoint' },
    'root-dir': { type: 'string', default: d.rootDir, help: 'Directory for kubelet files' },
    'max-pods': { type: 'number', default: d.maxPods, help: 'Number of pods this kubelet can run (node capacity "pods")' },
    'node-status-update-frequency': { type: 'string', default: '10s', help: 'How often the node status and lease are posted' },
    'pod-manifest-path': { type: 'string', default: d.podManifestPath, help: 'Directory (or file) of static pod manifests, rechecked every --file-check-frequency and on change' },
    'file-check-frequency': { type: 'string', default: '20s', help: 'How often the manifest path is rechecked' },
    'manifest-url': { type: 'string', default: d.manifestUrl, help: 'URL of a static pod manifest (Pod or PodList), polled every --http-check-frequency' },
    'http-check-frequency': { type: 'string', default: '20s', help: 'How often the manifest URL is polled' },
    'read-only-port': { type: 'number', default: d.readOnlyPort, help: 'Read-only kubelet API port (/healthz, /pods, /spec/) on --address; 0 disables' },
    runtime: { type: 'string', default: d.runtime, help: 'tskube: container runtime, docker or hollow (simulated containers, no Docker; for scale tests)' },
    'hollow-pod-cidr': { type: 'string', default: d.hollowPodCidr, help: 'tskube: pod IP range of a hollow node (default: a /24 in 10.128.0.0/9 derived from the node name)' },
    'hollow-start-delay': { type: 'string', default: `${d.hollowStartDelayMs}ms`, help: 'tskube: time a hollow container takes to start' },
    'minimum-container-ttl-duration': { type: 'string', default: '0s', help: 'Minimum age of a finished container before it is garbage collected' },
    'maximum-dead-containers-per-container': { type: 'number', default: d.maxDeadContainersPerContainer, help: 'Dead instances of each container to keep (< 0: no limit)' },
    'maximum-dead-containers': { type: 'number', default: d.maxDeadContainers, help: 'Dead containers to keep on the node in total (< 0: no limit)' },
    'image-gc-high-threshold': { type: 'number', default: d.imageGcHighThresholdPercent, help: 'Image filesystem usage percent at which image GC runs (100 disables)' },
    'image-gc-low-threshold': { type: 'number', default: d.imageGcLowThresholdPercent, help: 'Image filesystem usage percent image GC frees down to' },
    'image-minimum-gc-age': { type: 'string', default: '2m', help: 'Minimum age of an unused image before it is garbage collected' },
    'eviction-hard': { type: 'string', default: d.evictionHard, help: 'Thresholds (signal<value) that set MemoryPressure, DiskPressure and PIDPressure' },
    'eviction-pressure-transition-period': { type: 'string', default: '5m', help: 'How long a pressure condition stays True after the last crossing' },
    'allow-image-pull': { type: 'boolean', default: d.allowImagePull, help: 'tskube: allow pulling images that are not present locally' },
  });
  const freq = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(f['node-status-update-frequency']);
  if (!freq) throw new FlagError(`kubelet: invalid value "${f['node-status-update-frequency']}" for flag --node-status-update-frequency: want a duration like 10s`);
  const mult = freq[2] === 'ms' ? 1 : freq[2] === 's' ? 1000 : 60_000;
  const runtime = f.runtime;
  if (runtime !== 'docker' && runtime !== 'hollow') throw new FlagError(`kubelet: invalid value "${runtime}" for flag --runtime: want docker or hollow`);
  const cfg: KubeletConfig = {
    kubeconfig: f.kubeconfig,
    master: f.master,
    hostnameOverride: f['hostname-override'],
    nodeIP: f['node-ip'],
    podInfraContainerImage: f['pod-infra-container-image'],
    port: f.port,
    address: f.address,
    healthzPort: f['healthz-port'],
    healthzBindAddress: f['healthz-bind-address'],
    rootDir: f['root-dir'],
    maxPods: f['max-pods'],
    allowImagePull: f['allow-image-pull'],
    nodeStatusUpdateFrequencyMs: Number(freq[1]) * mult,
    podManifestPath: f['pod-manifest-path'],
    fileCheckFrequencyMs: duration('file-check-frequency', f['file-check-frequency']),
    manifestUrl: f['manifest-url'],
    httpCheckFrequencyMs: duration('http-check-frequency', f['http-check-frequency']),
    readOnlyPort: f['read-only-port'],
    runtime,
    hollowPodCidr: f['hollow-pod-cidr'],
    hollowStartDelayMs: duration('hollow-start-delay', f['hollow-start-delay']),
    minimumContainerTtlMs: duration('minimum-container-ttl-duration', f['minimum-container-ttl-duration']),
    maxDeadContainersPerContainer: f['maximum-dead-containers-per-container'],
    maxDeadContainers: f['maximum-dead-containers'],
    imageGcHighThresholdPercent: f['image-gc-high-threshold'],
    imageGcLowThresholdPercent: f['image-gc-low-threshold'],
    imageMinimumGcAgeMs: duration('image-minimum-gc-age', f['image-minimum-gc-age']),
    evictionHard: f['eviction-hard'],
    evictionPressureTransitionPeriodMs: duration('eviction-pressure-transition-period', f['eviction-pressure-transition-period']),
  };
  try {
    parseEvictionHard(cfg.evictionHard);
  } catch (err) {
    throw new FlagError(`kubelet: invalid value "${cfg.evictionHard}" for flag --eviction-hard: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (cfg.imageGcLowThresholdPercent > cfg.imageGcHighThresholdPercent || cfg.imageGcHighThresholdPercent > 100 || cfg.imageGcLowThresholdPercent < 0) {
    throw new FlagError(`kubelet: --image-gc-low-threshold (${cfg.imageGcLowThresholdPercent}) must be <= --image-gc-high-threshold (${cfg.imageGcHighThresholdPercent}), both within [0, 100]`);
  }
  if (!cfg.kubeconfig && !cfg.master) {
    if (!cfg.podManifestPath && !cfg.manifestUrl) throw new FlagError('kubelet: give --kubeconfig or --master, or run standalone with --pod-manifest-path or --manifest-url');
    logger.info('no API server configured: standalone mode, running static pods only');
  }
  logger.info('effective configuration', { ...cfg });
  runMain(logger, (signal) => run(cfg, signal, { logger }));
} catch (err) {
  if (!(err instanceof FlagError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
}
