import { createLogger, FlagError, parseFlags, runMain } from '@tskube/component-base';
import { parseGoDuration } from '@tskube/leader-election';
import { defaults } from './app/config';
import type { ApiServerConfig } from './app/config';
import { run } from './app/run';

const d = defaults();
const logger = createLogger('apiserver');
try {
  const flags = parseFlags('kube-apiserver', {
    'etcd-servers': { type: 'list', default: d.etcdServers, help: 'etcd endpoints (comma-separated)' },
    'service-cluster-ip-range': { type: 'string', default: d.serviceClusterIPRange, help: 'CIDR from which ClusterIPs are allocated' },
    'insecure-port': { type: 'number', default: d.insecurePort, help: 'plain-HTTP port' },
    'insecure-bind-address': { type: 'string', default: d.insecureBindAddress, help: 'address for the plain-HTTP port' },
    'bind-address': { type: 'string', default: d.bindAddress, help: 'secure-port address (accepted; TLS not served yet)' },
    'kubelet-preferred-address-types': { type: 'list', default: d.kubeletPreferredAddressTypes, help: 'address types tried in order to reach a kubelet (Loopback = 127.0.0.1, tskube)' },
    'kubelet-port': { type: 'number', default: d.kubeletPort, help: "kubelet API port; 0 uses the Node's daemonEndpoints port" },
    'storage-backend': { type: 'string', default: d.storageBackend, help: 'etcd3 or memory (tests only)' },
    'watch-cache': { type: 'boolean', default: d.watchCache, help: 'serve watches and resourceVersion=0 lists from an in-memory cache' },
    'default-watch-cache-size': { type: 'number', default: d.watchCacheSize, help: 'recent events kept per resource for resuming watches' },
    'service-node-port-range': { type: 'string', default: d.serviceNodePortRange, help: 'port range reserved for NodePort services (inclusive, e.g. 30000-32767)' },
    'service-account-issuer': { type: 'string', default: d.serviceAccountIssuer, help: 'issuer (iss claim) of service account tokens' },
    'service-account-signing-key-file': { type: 'string', default: d.serviceAccountSigningKeyFile, help: 'PEM private key (RSA or EC) that signs service account tokens; unset: an in-memory key (tokens do not survive a restart)' },
    'service-account-key-file': { type: 'list', default: d.serviceAccountKeyFiles, help: 'PEM files with public/private keys or certificates that verify service account tokens (comma-separated)' },
    'service-account-jwks-uri': { type: 'string', default: d.serviceAccountJwksUri, help: 'jwks_uri in /.well-known/openid-configuration (default <issuer>/openid/v1/jwks)' },
    'service-account-max-token-expiration': { type: 'string', default: '0s', help: 'longest validity of issued tokens (Go duration, 1h to 2^32s); longer requests are shortened; 0s = no limit' },
    'api-audiences': { type: 'list', default: d.apiAudiences, help: 'default audiences of requested tokens (default: the issuer)' },
  });
  const backend = flags['storage-backend'];
  if (backend !== 'etcd3' && backend !== 'memory') throw new FlagError(`kube-apiserver: invalid --storage-backend "${backend}": want etcd3 or memory`);
  const maxTokenSeconds = parseGoDuration(flags['service-account-max-token-expiration']) / 1000;
  if (maxTokenSeconds !== 0 && (maxTokenSeconds < 3600 || maxTokenSeconds > 2 ** 32)) throw new FlagError('kube-apiserver: --service-account-max-token-expiration must be between 1 hour and 2^32 seconds');
  const config: ApiServerConfig = {
    etcdServers: flags['etcd-servers'],
    serviceClusterIPRange: flags['service-cluster-ip-range'],
    insecurePort: flags['insecure-port'],
    insecureBindAddress: flags['insecure-bind-address'],
    bindAddress: flags['bind-address'],
    storageBackend: backend,
    kubeletPreferredAddressTypes: flags['kubelet-preferred-address-types'],
    kubeletPort: flags['kubelet-port'],
    watchCache: flags['watch-cache'],
    watchCacheSize: flags['default-watch-cache-size'],
    serviceNodePortRange: flags['service-node-port-range'],
    serviceAccountIssuer: flags['service-account-issuer'],
    serviceAccountSigningKeyFile: flags['service-account-signing-key-file'],
    serviceAccountKeyFiles: flags['service-account-key-file'],
    serviceAccountJwksUri: flags['service-account-jwks-uri'],
    apiAudiences: flags['api-audiences'],
    serviceAccountMaxTokenExpirationSeconds: maxTokenSeconds,
  };
  runMain(logger, (signal) => run(config, signal));
} catch (err) {
  logger.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
