/** The apiserver's effective configuration (built from flags in main.ts). */
export interface ApiServerConfig {
  etcdServers: string[];
  serviceClusterIPRange: string;
  insecurePort: number;
  insecureBindAddress: string;
  /** Accepted for compatibility; TLS (secure port) is not served yet. */
  bindAddress: string;
  storageBackend: 'etcd3' | 'memory';
  /** `--kubelet-preferred-address-types`: how to reach kubelets (tskube adds `Loopback`, first by default). */
  kubeletPreferredAddressTypes: string[];
  /** `--kubelet-port`: overrides the Node's kubelet port when > 0 (tskube default 0 = use the Node's). */
  kubeletPort: number;
  /** `--watch-cache`: serve watches and resourceVersion=0 lists from memory. */
  watchCache: boolean;
  /** `--default-watch-cache-size`: recent events kept per resource for resuming watches. */
  watchCacheSize: number;
  /** `--service-node-port-range`, e.g. 30000-32767. */
  serviceNodePortRange: string;
  /** `--service-account-issuer`: the `iss` of issued tokens and of the discovery document. */
  serviceAccountIssuer: string;
  /** `--service-account-signing-key-file`: PEM private key tokens are signed with ('' = generate one in memory, with a warning). */
  serviceAccountSigningKeyFile: string;
  /** `--service-account-key-file`: PEM files with more verification keys (served in the JWKS). */
  serviceAccountKeyFiles: string[];
  /** `--service-account-jwks-uri`: jwks_uri of the discovery document ('' = `<issuer>/openid/v1/jwks`). */
  serviceAccountJwksUri: string;
  /** `--service-account-max-token-expiration` in seconds (0 = no limit; else 1 h to 2^32 s). */
  serviceAccountMaxTokenExpirationSeconds: number;
  /** `--api-audiences`: default audiences of requested tokens ([] = [issuer]). */
  apiAudiences: string[];
}

export function defaults(): ApiServerConfig {
  return {
    etcdServers: ['http://127.0.0.1:2379'],
    serviceClusterIPRange: '10.0.0.0/24',
    insecurePort: 8080,
    insecureBindAddress: '127.0.0.1',
    bindAddress: '0.0.0.0',
    storageBackend: 'etcd3',
    kubeletPreferredAddressTypes: ['Loopback', 'InternalIP', 'Hostname', 'ExternalIP'],
    kubeletPort: 0,
    watchCache: true,
    watchCacheSize: 1000,
    serviceNodePortRange: '30000-32767',
    serviceAccountIssuer: 'https://kubernetes.default.svc.cluster.local',
    serviceAccountSigningKeyFile: '',
    serviceAccountKeyFiles: [],
    serviceAccountJwksUri: '',
    apiAudiences: [],
    serviceAccountMaxTokenExpirationSeconds: 0,
  };
}
