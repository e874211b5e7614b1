/** Manifests shared by the e2e specs: a Pod, a Deployment and a ReplicationController of tskube/web. */

/** The pod template body of every e2e workload: one `web` container of tskube/web (stops at once on SIGTERM). */
function webPodSpec(indent: string, opts: { image?: string; port?: boolean } = {}): string {
  const lines = [
    'terminationGracePeriodSeconds: 2',
    'containers:',
    '- name: web',
    `  image: ${opts.image ?? 'tskube/web:latest'}`,
    '  imagePullPolicy: Never',
    ...(opts.port === false ? [] : ['  ports:', '  - containerPort: 80']),
  ];
  return lines.map((l) => indent + l).join('\n') + '\n';
}

/** A minimal Pod running tskube/web (stops at once on SIGTERM). */
export function podManifest(name: string, labels: Record<string, string> = { app: name }): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels: ${JSON.stringify(labels)}
spec:
${webPodSpec('  ', { port: false }).replace('- name: web', '- name: main')}`;
}

export interface WorkloadOptions {
  /** Extra `key: value` label on the workload itself (not the pods). */
  extraLabel?: string;
  namespace?: string;
  image?: string;
  /** Deployment only: RollingUpdate parameters. */
  rollingUpdate?: { maxUnavailable: number; maxSurge: number };
}

function workloadMeta(name: string, labels: string, opts: WorkloadOptions): string {
  return `metadata:
  name: ${name}
${opts.namespace ? `  namespace: ${opts.namespace}\n` : ''}  labels: { ${labels}${opts.extraLabel ? `, ${opts.extraLabel}` : ''} }
`;
}

/** A Deployment of tskube/web with `replicas` pods, labelled app=<name>; a string third argument is `extraLabel`. */
export function deploymentManifest(name: string, replicas: number, options: string | WorkloadOptions = {}): string {
  const opts = typeof options === 'string' ? { extraLabel: options } : options;
  const strategy = opts.rollingUpdate
    ? `  strategy:
    type: RollingUpdate
    rollingUpdate: { maxUnavailable: ${opts.rollingUpdate.maxUnavailable}, maxSurge: ${opts.rollingUpdate.maxSurge} }
`
    : '';
  return `apiVersion: apps/v1
kind: Deployment
${workloadMeta(name, `app: ${name}`, opts)}spec:
  replicas: ${replicas}
${strategy}  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
${webPodSpec('      ', opts)}`;
}

/** A ReplicationController of tskube/web with `replicas` pods; pods and selector use `<labelKey>=<name>` (seed 002 uses `name`). */
export function replicationControllerManifest(name: string, replicas: number, labelKey = 'app', opts: WorkloadOptions = {}): string {
  return `apiVersion: v1
kind: ReplicationController
${workloadMeta(name, `${labelKey}: ${name}`, opts)}spec:
  replicas: ${replicas}
  selector: { ${labelKey}: ${name} }
  template:
    metadata:
      labels: { ${labelKey}: ${name} }
    spec:
${webPodSpec('      ', opts)}`;
}
