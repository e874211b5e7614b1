/**
 * A standalone kubelet (no --kubeconfig, no --master) runs the pods of its manifest directory
 * and serves them on the read-only port: the kubelet-alone walkthrough of seed 003, over the
 * fake runtime.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaults } from './config';
import { run } from './run';
import { FakeRuntime } from './runtime/fake-runtime';
import { freePort, silentLogger, until } from './testing';

const manifest = `apiVersion: v1
kind: Pod
metadata: { name: nginx }
spec:
  terminationGracePeriodSeconds: 0
  containers:
  - { name: web, image: tskube/web:latest }
  - { name: truncator, image: tskube/busybox:latest }
  volumes:
  - { name: logs, emptyDir: {} }
`;

describe('standalone kubelet', () => {
  it('runs static pods from the manifest directory with no API server', async () => {
    const home = mkdtempSync(join(tmpdir(), 'kubelet-alone-'));
    const manifests = join(home, 'manifests');
    const ac = new AbortController();
    const runtime = new FakeRuntime();
    runtime.images.set('tskube/web:latest', 'sha256:web');
    runtime.images.set('tskube/busybox:latest', 'sha256:bb');
    const ro = await freePort();
    const cfg = { ...defaults(), hostnameOverride: 'alone', nodeIP: '10.0.0.9', port: await freePort(), healthzPort: 0, rootDir: join(home, 'kubelet'), podManifestPath: manifests, fileCheckFrequencyMs: 200, readOnlyPort: ro };
    const running = run(cfg, ac.signal, { logger: silentLogger(), runtime });
    try {
      const base = `http://127.0.0.1:${ro}`;
      assert.equal(await until(async () => (await fetch(`${base}/healthz`)).text()), 'ok');
      mkdirSync(manifests);
      writeFileSync(join(manifests, 'nginx.yaml'), manifest);
      writeFileSync(join(manifests, 'broken.yaml'), 'kind: Pod\n  oops: [');
      await until(async () => (runtime.containers.size === 2 && runtime.sandboxes.size === 1 ? true : undefined));
      const list = await until(async () => {
        const l = (await (await fetch(`${base}/pods`)).json()) as { items: { metadata: { name: string; annotations: Record<string, string> }; status: { phase?: string } }[] };
        return l.items[0]?.status.phase === 'Running' ? l : undefined;
      });
      assert.equal(list.items.length, 1);
      assert.equal(list.items[0]?.metadata.name, 'nginx-alone');
      assert.equal(list.items[0]?.metadata.annotations['kubernetes.io/config.source'], 'file');
      unlinkSync(join(manifests, 'nginx.yaml'));
      await until(async () => (runtime.containers.size === 0 && runtime.sandboxes.size === 0 ? true : undefined));
      const after = (await (await fetch(`${base}/pods`)).json()) as { items: unknown[] };
      assert.equal(after.items.length, 0);
    } finally {
      ac.abort();
      await running;
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('adopts its static pods after a restart: same UID, same containers, no duplicates', async () => {
    const home = mkdtempSync(join(tmpdir(), 'kubelet-alone-'));
    const manifests = join(home, 'manifests');
    mkdirSync(manifests);
    writeFileSync(join(manifests, 'nginx.yaml'), manifest);
    const runtime = new FakeRuntime();
    runtime.images.set('tskube/web:latest', 'sha256:web');
    runtime.images.set('tskube/busybox:latest', 'sha256:bb');
    const cfg = { ...defaults(), hostnameOverride: 'alone', nodeIP: '10.0.0.9', port: await freePort(), healthzPort: 0, rootDir: join(home, 'kubelet'), podManifestPath: manifests, fileCheckFrequencyMs: 200 };
    try {
      for (let round = 0; round < 2; round++) {
        const ac = new AbortController();
        const running = run({ ...cfg, port: await freePort() }, ac.signal, { logger: silentLogger(), runtime });
        await until(async () => (runtime.containers.size === 2 && [...runtime.containers.values()].every((c) => c.state === 'running') ? true : undefined));
        await new Promise((r) => setTimeout(r, 2500)); // a housekeeping pass and a relist
        ac.abort();
        await running;
      }
      assert.equal(runtime.sandboxes.size, 1);
      assert.equal(runtime.containers.size, 2);
      assert.ok([...runtime.containers.values()].every((c) => c.attempt === 0), 'nothing was restarted');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
