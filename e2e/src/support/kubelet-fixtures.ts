/**
 * Manifests for the kubelet e2e (static-pods.spec.ts): objects a pod's env and volumes refer
 * to, a pod using init containers, volumes, env and securityContext, a pod with an unsupported
 * volume type, and hostPort / hostNetwork pods.
 */
export const objects = `apiVersion: v1
kind: ConfigMap
metadata: { name: app-config }
data: { greeting: hello, app.conf: mode=fast }
---
apiVersion: v1
kind: Secret
metadata: { name: app-secret }
data: { token: czNjcmV0 }
---
apiVersion: v1
kind: Service
metadata: { name: backend }
spec:
  selector: { app: nothing }
  ports: [{ name: http, port: 8080 }]
`;

export const featuresPod = `apiVersion: v1
kind: Pod
metadata:
  name: features
  labels: { app: features, tier: demo }
spec:
  terminationGracePeriodSeconds: 0
  initContainers:
  - name: prepare
    image: tskube/busybox:latest
    imagePullPolicy: Never
    command: ["sh", "-c", "sleep 5; echo prepared > /work/state"]
    volumeMounts: [{ name: work, mountPath: /work }]
  containers:
  - name: main
    image: tskube/busybox:latest
    imagePullPolicy: Never
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
    securityContext: { runAsUser: 1000 }
    env:
    - { name: GREETING, valueFrom: { configMapKeyRef: { name: app-config, key: greeting } } }
    - { name: TOKEN, valueFrom: { secretKeyRef: { name: app-secret, key: token } } }
    - { name: MY_POD, valueFrom: { fieldRef: { fieldPath: metadata.name } } }
    envFrom: [{ configMapRef: { name: app-config }, prefix: CFG_ }]
    volumeMounts:
    - { name: work, mountPath: /work }
    - { name: info, mountPath: /etc/podinfo }
    - { name: config, mountPath: /etc/config }
  volumes:
  - { name: work, emptyDir: {} }
  - { name: info, downwardAPI: { items: [{ path: labels, fieldRef: { fieldPath: metadata.labels } }] } }
  - { name: config, configMap: { name: app-config } }
`;

export const badVolumePod = `apiVersion: v1
kind: Pod
metadata: { name: bad-volume }
spec:
  containers:
  - { name: c, image: tskube/busybox:latest, imagePullPolicy: Never, command: ["sleep", "3600"], volumeMounts: [{ name: v, mountPath: /v }] }
  volumes:
  - { name: v, nfs: { server: nfs.example, path: / } }
`;

export const hostPods = `apiVersion: v1
kind: Pod
metadata: { name: hostport }
spec:
  terminationGracePeriodSeconds: 0
  containers:
  - name: web
    image: tskube/web:latest
    imagePullPolicy: Never
    ports: [{ containerPort: 80, hostPort: 18080 }]
---
apiVersion: v1
kind: Pod
metadata: { name: hostnet }
spec:
  terminationGracePeriodSeconds: 0
  hostNetwork: true
  containers:
  - name: web
    image: tskube/web:latest
    imagePullPolicy: Never
    command: ["sh", "-c", "echo on-the-host-network > /www/index.html; exec httpd -f -p 18081 -h /www"]
`;
