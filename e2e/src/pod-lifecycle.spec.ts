/**
 * Pods behave like Kubernetes pods (issue 4), with the real kubectl 1.32 inside the cluster's
 * netns: `logs` (--tail, -f), `exec` (stdin, exit codes; WebSocket, and SPDY with kubectl 1.29),
 * `port-forward` + curl, a crashing
 * container in CrashLoopBackOff with growing back-off, termination (grace period, SIGKILL, preStop), a failing liveness probe restarting its
 * container, and a failing readiness probe taking the pod out of its service's endpoints and back.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { e2eUnavailable, eventually } from './support/e2e-cluster';
import { useE2ECluster } from './support/use-e2e-cluster';

const crashPod = `apiVersion: v1
kind: Pod
metadata: { name: crash }
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - { name: main, image: tskube/busybox:latest, imagePullPolicy: Never, command: [sh, -c, 'echo boom; exit 1'] }
`;

const manifest = `apiVersion: v1
kind: Pod
metadata: { name: talker }
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - { name: main, image: tskube/busybox:latest, imagePullPolicy: Never, command: [sh, -c, 'i=0; while true; do echo line $i; i=$((i+1)); sleep 0.5; done'] }
---
apiVersion: v1
kind: Pod
metadata: { name: live }
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: tskube/busybox:latest
    imagePullPolicy: Never
    command: [sh, -c, 'touch /tmp/healthy; exec sleep 3600']
    livenessProbe: { exec: { command: [test, -e, /tmp/healthy] }, periodSeconds: 1, failureThreshold: 2 }
---
apiVersion: v1
kind: Pod
metadata: { name: web, labels: { app: web } }
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: web
    image: tskube/web:latest
    imagePullPolicy: Never
    ports: [{ containerPort: 80, name: http }]
    readinessProbe: { httpGet: { path: /index.html, port: http }, periodSeconds: 1, failureThreshold: 1 }
---
apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  selector: { app: web }
  ports: [{ port: 80, targetPort: 80 }]
`;

const termPods = `apiVersion: v1
kind: Pod
metadata: { name: stubborn }
spec:
  terminationGracePeriodSeconds: 3
  containers:
  - { name: main, image: tskube/busybox:latest, imagePullPolicy: Never, command: [sleep, '3600'] }
---
apiVersion: v1
kind: Pod
metadata: { name: hooked }
spec:
  terminationGracePeriodSeconds: 20
  containers:
  - name: main
    image: tskube/busybox:latest
    imagePullPolicy: Never
    command: [sh, -c, "trap 'exit 0' TERM; while :; do sleep 0.1; done"]
    lifecycle: { preStop: { exec: { command: [sleep, '3'] } } }
`;

describe('pod lifecycle and streaming with the real kubectl', { skip: e2eUnavailable(), timeout: 240_000 }, () => {
  const { e2e, kubectl: k, step } = useE2ECluster('podlife', {
    setup: async (c) => {
      await c.kubectl(['apply', '-f', '-'], { input: manifest });
      await c.kubectl(['apply', '-f', '-'], { input: termPods });
      await c.kubectl(['wait', '--for=condition=Ready', 'pod/talker', 'pod/live', 'pod/web', 'pod/stubborn', 'pod/hooked', '--timeout=60s']);
    },
  });
  const jsonpath = async (what: string, path: string): Promise<string> => (await k(['get', what, '-o', `jsonpath=${path}`])).stdout.trim();

  it('kubectl logs --tail and -f', step(async () => {
    await eventually('a few log lines', async () => ((await k(['logs', 'talker'])).stdout.split('\n').length > 4 ? true : undefined), 20_000);
    const tail = (await k(['logs', 'talker', '--tail=2'])).stdout.trim().split('\n');
    assert.equal(tail.length, 2);
    for (const l of tail) assert.match(l, /^line \d+$/);
    const n = Number(/\d+/.exec(tail[1]!)![0]);
    // -f keeps the stream open: new lines keep arriving after the --tail=1 line.
    const followed = (await e2e.kubectlUntil(['logs', '-f', 'talker', '--tail=1'], /^line \d+\n(line \d+\n){3}/, { timeoutMs: 20_000 })).split('\n').slice(0, -1); // complete lines only
    const nums = followed.map((l) => Number(/^line (\d+)$/.exec(l)?.[1]));
    assert.ok(nums[0]! >= n, `starts at the tail (${nums[0]} >= ${n})`);
    nums.forEach((x, i) => i > 0 && assert.equal(x, nums[i - 1]! + 1, 'consecutive lines'));
    const ts = (await k(['logs', 'talker', '--tail=1', '--timestamps'])).stdout;
    assert.match(ts, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z line \d+$/m);
    const missing = await k(['logs', 'nope'], { allowFail: true });
    assert.match(missing.stderr, /error from server \(NotFound\): pods "nope" not found in namespace "default"/);
  }));

  it('kubectl exec: output, stdin (-i) and exit codes', step(async () => {
    assert.match((await k(['exec', 'web', '--', 'cat', '/www/index.html'])).stdout, /Welcome to tskube!/);
    assert.equal((await k(['exec', '-i', 'talker', '--', 'cat'], { input: 'hello through stdin\n' })).stdout, 'hello through stdin\n');
    const failed = await k(['exec', 'talker', '--', 'sh', '-c', 'echo oops >&2; exit 3'], { allowFail: true });
    assert.equal(failed.code, 3);
    assert.match(failed.stderr, /oops/);
    assert.match(failed.stderr, /command terminated with exit code 3/);
    // kubectl 1.29 speaks SPDY for exec (WebSocket came in 1.30): stdin, output and exit code too.
    const old = await e2e.kubectl(['exec', '-i', 'talker', '--', 'sh', '-c', 'cat; exit 4'], { binary: '/usr/lib/google-cloud-sdk/bin/kubectl.1.29', input: 'over spdy\n', allowFail: true });
    assert.equal(old.stdout, 'over spdy\n');
    assert.equal(old.code, 4, old.stderr);
  }));

  it('kubectl port-forward then curl through it', step(async () => {
    await e2e.kubectlUntil(['port-forward', 'pod/web', '18080:80'], /Forwarding from 127\.0\.0\.1:18080/, {
      timeoutMs: 30_000,
      during: async (output) => {
        await eventually('port-forward to listen', async () => (/Forwarding from/.test(output()) ? true : undefined), 20_000);
        const page = await eventually('the forwarded port', () => e2e.curl('http://127.0.0.1:18080/'), 20_000);
        assert.match(page, /Welcome to tskube!/);
        assert.match(await e2e.curl('http://127.0.0.1:18080/'), /served by web/);
      },
    });
  }));

  it('a failing readiness probe takes the pod out of the endpoints, and back', step(async () => {
    const ip = await jsonpath('pod/web', '{.status.podIP}');
    await eventually('web in the ready addresses', async () => ((await jsonpath('ep/web', '{.subsets[*].addresses[*].ip}')) === ip ? true : undefined), 20_000);
    await k(['exec', 'web', '--', 'mv', '/www/index.html', '/www/away.html']);
    await eventually('web not ready', async () => ((await jsonpath('pod/web', '{.status.conditions[?(@.type=="Ready")].status}')) === 'False' ? true : undefined), 20_000);
    await eventually('web in notReadyAddresses', async () => ((await jsonpath('ep/web', '{.subsets[*].notReadyAddresses[*].ip}')) === ip ? true : undefined), 20_000);
    assert.equal(await jsonpath('pod/web', '{.status.containerStatuses[0].ready}'), 'false');
    await k(['exec', 'web', '--', 'mv', '/www/away.html', '/www/index.html']);
    await eventually('web ready again', async () => ((await jsonpath('ep/web', '{.subsets[*].addresses[*].ip}')) === ip ? true : undefined), 20_000);
    assert.equal(await jsonpath('pod/web', '{.status.containerStatuses[0].restartCount}'), '0', 'readiness never restarts');
  }));

  it('a failing liveness probe restarts the container', step(async () => {
    const before = await jsonpath('pod/live', '{.status.containerStatuses[0].containerID}');
    await k(['exec', 'live', '--', 'rm', '/tmp/healthy']);
    await eventually('live restarted', async () => ((await jsonpath('pod/live', '{.status.containerStatuses[0].restartCount}')) === '1' ? true : undefined), 30_000);
    const st = JSON.parse((await k(['get', 'pod', 'live', '-o', 'jsonpath={.status.containerStatuses[0]}'])).stdout) as { containerID: string; lastState: { terminated?: { exitCode: number; containerID: string } } };
    assert.notEqual(st.containerID, before);
    assert.equal(st.lastState.terminated?.containerID, before);
    assert.equal(st.lastState.terminated?.exitCode, 137);
    const events = (await k(['get', 'events', '--field-selector', 'involvedObject.name=live', '-o', 'jsonpath={range .items[*]}{.reason}{"\\n"}{end}'])).stdout;
    assert.match(events, /Unhealthy/);
    assert.match(events, /Killing/);
    await k(['wait', '--for=condition=Ready', 'pod/live', '--timeout=30s']);
  }));

  it('termination: SIGTERM, the grace period, then SIGKILL; preStop runs first', step(async () => {
    const timed = async (pod: string): Promise<number> => {
      const t0 = Date.now();
      await k(['delete', 'pod', pod, '--wait=true', '--timeout=60s']);
      return (Date.now() - t0) / 1000;
    };
    // sleep as PID 1 ignores SIGTERM: it goes when the 3 s grace period ends (SIGKILL).
    const stubborn = await timed('stubborn');
    assert.ok(stubborn >= 3 && stubborn < 12, `stubborn took ${stubborn}s`);
    // exits at once on SIGTERM, but its 3 s preStop hook runs before the signal.
    const hooked = await timed('hooked');
    assert.ok(hooked >= 3 && hooked < 12, `hooked took ${hooked}s`);
    assert.equal((await e2e.docker(['ps', '-a', '-q', '--filter', 'label=io.kubernetes.pod.name=hooked'])).stdout.trim(), '', 'containers removed');
  }));

  it('a crashing container goes CrashLoopBackOff with growing back-off', step(async () => {
    const waiting = async (): Promise<{ reason: string; message: string; restarts: number }> => {
      const st = JSON.parse((await k(['get', 'pod', 'crash', '-o', 'jsonpath={.status.containerStatuses[0]}'])).stdout) as { restartCount: number; state: { waiting?: { reason: string; message?: string } } };
      return { reason: st.state.waiting?.reason ?? '', message: st.state.waiting?.message ?? '', restarts: st.restartCount };
    };
    await k(['apply', '-f', '-'], { input: crashPod });
    const first = await eventually('back-off 10s', async () => {
      const w = await waiting();
      return w.reason === 'CrashLoopBackOff' && /back-off 10s/.test(w.message) ? w : undefined;
    }, 40_000);
    assert.match((await k(['get', 'pod', 'crash'])).stdout, /^crash\s+0\/1\s+CrashLoopBackOff\s+\d+/m);
    const second = await eventually('back-off 20s', async () => {
      const w = await waiting();
      return w.reason === 'CrashLoopBackOff' && /back-off 20s/.test(w.message) ? w : undefined;
    }, 40_000);
    assert.equal(second.restarts, first.restarts + 1);
    assert.equal(await jsonpath('pod/crash', '{.status.containerStatuses[0].lastState.terminated.exitCode}'), '1');
    assert.match((await k(['logs', 'crash', '--previous'])).stdout, /boom/);
  }));
});
