import type { E2ECluster } from './e2e-cluster';

/**
 * Wraps each test body of a suite so that the first failure is remembered: the suite's
 * `after` hook then dumps the component logs (`dumpIfFailed`) before stopping the cluster.
 */
export function failureTracker(e2e: E2ECluster): { step: <T>(fn: () => Promise<T>) => () => Promise<T>; dumpIfFailed: () => Promise<void> } {
  let failed = false;
  return {
    step:
      <T>(fn: () => Promise<T>) =>
      async (): Promise<T> => {
        try {
          return await fn();
        } catch (err) {
          failed = true;
          throw err;
        }
      },
    dumpIfFailed: async () => {
      if (failed) await e2e.dumpLogs();
    },
  };
}

/** A minimal Pod running tskube/web (stops at once on SIGTERM). */
export function podManifest(name: string, labels: Record<string, string> = { app: name }): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels: ${JSON.stringify(labels)}
spec:
  terminationGracePeriodSeconds: 2
  containers:
  - name: main
    image: tskube/web:latest
    imagePullPolicy: Never
`;
}

/** A Deployment of tskube/web with `replicas` pods, labelled app=<name>. */
export function deploymentManifest(name: string, replicas: number, extraLabel = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels: { app: ${name}${extraLabel ? `, ${extraLabel}` : ''} }
spec:
  replicas: ${replicas}
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
      terminationGracePeriodSeconds: 2
      containers:
      - name: web
        image: tskube/web:latest
        imagePullPolicy: Never
        ports:
        - containerPort: 80
`;
}
