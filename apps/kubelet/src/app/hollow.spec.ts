/**
 * A hollow kubelet (`--runtime=hollow`) runs static pods with no Docker and writes no files:
 * pods turn Running with IPs from `--hollow-pod-cidr`, and `--port=0`/`--healthz-port=0`
 * leave only the read-only port this test watches through.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaults } from './config';
import { run } from './run';
import { freePort, silentLogger, until } from './testing';

const manifest = `apiVersion: v1
kind: Pod
metadata: { name: web }
spec:
  terminationGracePeriodSeconds: 0
  containers:
  - name: web
    image: not/present:1.0
    command: [sh, -c, exit 3]
    livenessProbe: { httpGet: { path: /, port: 80 }, periodSeconds: 1 }
`;

interface PodList {
  items: { metadata: { name: string }; status: { phase?: string; podIP?: string; containerStatuses?: { restartCount: number; state: { running?: unknown } }[] } }[];
}

describe('hollow kubelet', () => {
  it('runs pods without Docker, with fake IPs from its pod CIDR, and writes nothing to its root dir', async () => {
    const home = mkdtempSync(join(tmpdir(), 'kubelet-hollow-'));
    const manifests = join(home, 'manifests');
    mkdirSync(manifests);
    const rootDir = join(home, 'kubelet');
    const ro = await freePort();
    const cfg = {
      ...defaults(),
      runtime: 'hollow' as const,
      hollowPodCidr: '10.250.7.0/24',
      hollowStartDelayMs: 20,
      hostnameOverride: 'hollow-1',
      nodeIP: '10.0.0.9',
      port: 0,
      healthzPort: 0,
      rootDir,
      podManifestPath: manifests,
      fileCheckFrequencyMs: 100,
      readOnlyPort: ro,
    };
    const ac = new AbortController();
    const running = run(cfg, ac.signal, { logger: silentLogger() });
    try {
      const base = `http://127.0.0.1:${ro}`;
      assert.equal(await until(async () => (await fetch(`${base}/healthz`)).text()), 'ok');
      writeFileSync(join(manifests, 'web.yaml'), manifest);
      const pod = await until(async () => {
        const l = (await (await fetch(`${base}/pods`)).json()) as PodList;
        return l.items[0]?.status.phase === 'Running' ? l.items[0] : undefined;
      });
      assert.equal(pod.metadata.name, 'web-hollow-1');
      assert.match(pod.status.podIP ?? '', /^10\.250\.7\.\d+$/);
      // The command's exit and the probe are not simulated: the container keeps running.
      await new Promise((r) => setTimeout(r, 1500));
      const again = ((await (await fetch(`${base}/pods`)).json()) as PodList).items[0];
      assert.equal(again?.status.containerStatuses?.[0]?.restartCount, 0);
      assert.ok(again?.status.containerStatuses?.[0]?.state.running);
      assert.equal(existsSync(rootDir), false);
      unlinkSync(join(manifests, 'web.yaml'));
      await until(async () => (((await (await fetch(`${base}/pods`)).json()) as PodList).items.length === 0 ? true : undefined));
    } finally {
      ac.abort();
      await running;
      rmSync(home, { recursive: true, force: true });
    }
  });
});
