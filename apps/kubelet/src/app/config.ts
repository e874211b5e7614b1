import { DEFAULT_EVICTION_HARD } from './node-pressure';

/** The kubelet's effective configuration (from flags; see main.ts). */
export interface KubeletConfig {
  kubeconfig: string;
  master: string;
  /** Node name; `--hostname-override` or the host name, lower-cased. */
  hostnameOverride: string;
  nodeIP: string;
  podInfraContainerImage: string;
  /** Kubelet API port (`/healthz`, `/pods`). */
  port: number;
  /** Address the kubelet API binds (tskube default 127.0.0.1; upstream 0.0.0.0). */
  address: string;
  healthzPort: number;
  healthzBindAddress: string;
  rootDir: string;
  maxPods: number;
  /** tskube-only: allow pulling missing images (off: no registry, no host network traffic). */
  allowImagePull: boolean;
  nodeStatusUpdateFrequencyMs: number;
  /** `--pod-manifest-path`: directory (or file) of static pod manifests; empty = none. */
  podManifestPath: string;
  /** `--file-check-frequency` (20s). */
  fileCheckFrequencyMs: number;
  /** `--manifest-url`: URL of a static pod manifest; empty = none. */
  manifestUrl: string;
  /** `--http-check-frequency` (20s). */
  httpCheckFrequencyMs: number;
  /** `--read-only-port` (upstream 10255 when on; default 0 = off). Binds `address`. */
  readOnlyPort: number;
  /** tskube `--runtime`: `docker` (default) or `hollow` (simulated containers, see HollowRuntime). */
  runtime: 'docker' | 'hollow';
  /** `--hollow-pod-cidr`: pod IP range of a hollow node; empty = a /24 derived from the node name. */
  hollowPodCidr: string;
  /** `--hollow-start-delay`: time a hollow container takes to turn running. */
  hollowStartDelayMs: number;
  /** `--minimum-container-ttl-duration` (0): dead containers younger than this are kept. */
  minimumContainerTtlMs: number;
  /** `--maximum-dead-containers-per-container` (1); < 0 = no limit. */
  maxDeadContainersPerContainer: number;
  /** `--maximum-dead-containers` (-1 = no limit). */
  maxDeadContainers: number;
  /** `--image-gc-high-threshold` (85, percent of the image filesystem). */
  imageGcHighThresholdPercent: number;
  /** `--image-gc-low-threshold` (80). */
  imageGcLowThresholdPercent: number;
  /** `--image-minimum-gc-age` (2m). */
  imageMinimumGcAgeMs: number;
  /** `--eviction-hard` thresholds (node pressure conditions only; tskube does not evict). */
  evictionHard: string;
  /** `--eviction-pressure-transition-period` (5m). */
  evictionPressureTransitionPeriodMs: number;
}

export function defaults(): KubeletConfig {
  return {
    kubeconfig: '',
    master: '',
    hostnameOverride: '',
    nodeIP: '',
    podInfraContainerImage: 'tskube/pause:latest',
    port: 10250,
    address: '127.0.0.1',
    healthzPort: 10248,
    healthzBindAddress: '127.0.0.1',
    rootDir: '/var/lib/kubelet',
    maxPods: 110,
    allowImagePull: false,
    nodeStatusUpdateFrequencyMs: 10_000,
    podManifestPath: '',
    fileCheckFrequencyMs: 20_000,
    manifestUrl: '',
    httpCheckFrequencyMs: 20_000,
    readOnlyPort: 0,
    runtime: 'docker',
    hollowPodCidr: '',
    hollowStartDelayMs: 100,
    minimumContainerTtlMs: 0,
    maxDeadContainersPerContainer: 1,
    maxDeadContainers: -1,
    imageGcHighThresholdPercent: 85,
    imageGcLowThresholdPercent: 80,
    imageMinimumGcAgeMs: 120_000,
    evictionHard: DEFAULT_EVICTION_HARD,
    evictionPressureTransitionPeriodMs: 300_000,
  };
}
