/**
 * Brings up a single-node tskube cluster from local processes and keeps it up until SIGINT
 * or SIGTERM, then stops everything it started. Run by `npm start` after the build.
 *
 * Environment: TSKUBE_HOME (state, default ./.tskube), TSKUBE_API_PORT (host port of the
 * apiserver, default 8080), TSKUBE_NETNS (network namespace for the node, default `tskube`
 * when root; `off` runs in the host namespace with the Docker engine at DOCKER_HOST).
 */
import { resolve } from 'node:path';
import { LocalCluster } from '@tskube/local-cluster';

const repoRoot = resolve(__dirname, '..');
const home = resolve(process.env['TSKUBE_HOME'] ?? '.tskube');
const hostApiPort = Number(process.env['TSKUBE_API_PORT'] ?? 8080);
const isRoot = process.getuid?.() === 0;
const netnsSetting = process.env['TSKUBE_NETNS'] ?? (isRoot ? 'tskube' : 'off');
const netns = netnsSetting === 'off' ? undefined : netnsSetting;
const dockerHost = netns ? undefined : (process.env['DOCKER_HOST'] ?? 'unix:///var/run/docker.sock');

const cluster = new LocalCluster({
  repoRoot,
  home,
  ...(netns ? { netns } : {}),
  ...(dockerHost ? { dockerHost } : {}),
  apiPort: 8080,
  hostApiPort,
  log: (m) => console.log(`tskube: ${m}`),
});

let stopping = false;
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log('\ntskube: stopping the cluster');
  await cluster.stop();
  console.log('tskube: stopped');
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

cluster.start().then(
  () => {
    console.log(`
tskube is up: node ${cluster.nodeName} is Ready.

  export KUBECONFIG=${cluster.kubeconfig}
  kubectl get nodes
  kubectl apply -f deploy/examples/web.yaml
  kubectl expose deployment web --port 80
  kubectl get deploy,rs,pods,svc,ep

Static pods: drop a pod manifest into ${cluster.manifestsDir} (the kubelet's --pod-manifest-path);
it runs at once and shows in kubectl get pods as a mirror pod. Kubelet read-only port:
127.0.0.1:10255 (/healthz, /pods, /spec/) inside the cluster's network namespace.

Logs: ${home}/logs/<component>.log${netns ? `
Pods, Services and the Docker engine live in the network namespace "${netns}"; reach them with
  nsenter --net=/var/run/netns/${netns} curl http://<cluster-ip>/` : ''}
Press Ctrl-C to stop everything.`);
  },
  (err: unknown) => {
    console.error(`tskube: failed to start: ${err instanceof Error ? err.message : String(err)}`);
    void stop(1);
  },
);
