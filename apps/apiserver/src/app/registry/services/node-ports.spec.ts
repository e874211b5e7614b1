import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RESOURCES } from '@tskube/api-types';
import type { KubeObject, Service } from '@tskube/api-types';
import { InvalidError } from '../../errors/api-errors';
import { forEachStorageBackend } from '../../storage/storage-backends';
import type { OpenStorage } from '../../storage/storage-backends';
import { Registry } from '../registry';

const ns = { namespace: 'default' };
const svc = (name: string, type: string, ports: Array<{ port: number; nodePort?: number; name?: string }>): KubeObject =>
  ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { type, selector: { app: name }, ports } }) as KubeObject;
const nodePorts = (s: KubeObject): number[] => ((s as Service).spec?.ports ?? []).map((p) => p.nodePort ?? 0);

/** NodePort behaviour against one storage backend (range 30000-30009: 10 ports). */
function nodePortSuite(name: string, open: OpenStorage): void {
  void describe(`NodePort allocation (${name})`, () => {
    async function withRegistry(fn: (reg: Registry) => Promise<void>): Promise<void> {
      const { storage, close } = await open();
      try {
        const reg = new Registry(storage, { serviceClusterIPRange: '10.0.0.0/24', serviceNodePortRange: '30000-30009' });
        await reg.bootstrap();
        await fn(reg);
      } finally {
        await close();
      }
    }

    void it('allocates a port per service port, honours a free requested one, 422 when taken', () =>
      withRegistry(async (reg) => {
        const st = reg.mustStore(RESOURCES.services);
        const a = await st.create(ns, svc('a', 'NodePort', [{ name: 'http', port: 80 }, { name: 'https', port: 443, nodePort: 30005 }]));
        const [p0, p1] = nodePorts(a);
        assert.ok(p0! >= 30000 && p0! <= 30009 && p0 !== 30005);
        assert.equal(p1, 30005);
        const lb = await st.create(ns, svc('lb', 'LoadBalancer', [{ port: 80 }]));
        assert.ok(nodePorts(lb)[0]! >= 30000);
        await assert.rejects(st.create(ns, svc('b', 'NodePort', [{ port: 80, nodePort: 30005 }])), (e: unknown) => {
          assert.ok(e instanceof InvalidError, String(e));
          assert.equal(e.message, 'Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30005: provided port is already allocated');
          return true;
        });
        await assert.rejects(st.create(ns, svc('c', 'NodePort', [{ port: 80, nodePort: 31000 }])), /provided port is not in the valid range. The range of valid ports is 30000-30009/);
        await assert.rejects(st.create(ns, svc('d', 'ClusterIP', [{ port: 80, nodePort: 30001 }])), /may not be used when `type` is 'ClusterIP'/);
        // failed creates leaked nothing: 3 ports held, all by a and lb
        assert.deepEqual([...(await reg.nodePortAllocator.allocated()).values()].sort(), ['default/a', 'default/a', 'default/lb']);
        assert.equal((await reg.storage.list('/registry/clusterips/')).items.length, 2); // no ClusterIP leaked either
      }));

    void it('never double-allocates under concurrent creates, and releases on delete', () =>
      withRegistry(async (reg) => {
        const st = reg.mustStore(RESOURCES.services);
        const results = await Promise.allSettled(Array.from({ length: 14 }, (_, i) => st.create(ns, svc(`s${i}`, 'NodePort', [{ port: 80 }]))));
        const ok = results.filter((r): r is PromiseFulfilledResult<KubeObject> => r.status === 'fulfilled').map((r) => r.value);
        assert.equal(ok.length, 10);
        const ports = ok.map((s) => nodePorts(s)[0]);
        assert.equal(new Set(ports).size, 10, `duplicates in ${ports.join(',')}`);
        for (const r of results) if (r.status === 'rejected') assert.match(String(r.reason), /range is full/);
        // racing for the same requested port: exactly one wins
        await st.delete(ns, ok[0]!.metadata!.name!);
        const free = nodePorts(ok[0]!)[0]!;
        const race = await Promise.allSettled([1, 2, 3].map((i) => st.create(ns, svc(`r${i}`, 'NodePort', [{ port: 80, nodePort: free }]))));
        assert.equal(race.filter((r) => r.status === 'fulfilled').length, 1);
      }));

    void it('allocates and releases on type changes; updates keep omitted node ports', () =>
      withRegistry(async (reg) => {
        const st = reg.mustStore(RESOURCES.services);
        const created = await st.create(ns, svc('t', 'ClusterIP', [{ port: 80 }]));
        assert.equal(nodePorts(created)[0], 0);
        const np = (await st.update(ns, 't', (cur) => ({ ...cur!, spec: { ...(cur as Service).spec, type: 'NodePort' } }) as KubeObject)).object;
        const port = nodePorts(np)[0]!;
        assert.ok(port >= 30000);
        // an update (e.g. kubectl apply) without nodePort keeps the allocated one
        const kept = (await st.update(ns, 't', (cur) => ({ ...cur!, spec: { ...(cur as Service).spec, ports: [{ port: 80 }] } }) as KubeObject)).object;
        assert.equal(nodePorts(kept)[0], port);
        // moving to another requested port releases the old one
        const moved = (await st.update(ns, 't', (cur) => ({ ...cur!, spec: { ...(cur as Service).spec, ports: [{ port: 80, nodePort: 30009 === port ? 30008 : 30009 }] } }) as KubeObject)).object;
        assert.deepEqual([...(await reg.nodePortAllocator.allocated()).keys()], nodePorts(moved));
        const back = (await st.update(ns, 't', (cur) => ({ ...cur!, spec: { ...(cur as Service).spec, type: 'ClusterIP' } }) as KubeObject)).object;
        assert.equal(nodePorts(back)[0], 0);
        assert.equal((await reg.nodePortAllocator.allocated()).size, 0);
        await st.update(ns, 't', (cur) => ({ ...cur!, spec: { ...(cur as Service).spec, type: 'NodePort' } }) as KubeObject);
        assert.equal((await reg.nodePortAllocator.allocated()).size, 1);
        await st.delete(ns, 't');
        assert.equal((await reg.nodePortAllocator.allocated()).size, 0);
      }));
  });
}

forEachStorageBackend(nodePortSuite);
