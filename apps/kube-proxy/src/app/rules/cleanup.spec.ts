import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FakeIptables } from '../iptables/fake-iptables';
import { parseIptablesSave } from '../iptables/save-parser';
import type { ExistingRules } from './generate';
import { generateRules } from './generate';
import { generateCleanup } from './cleanup';
import { makeEndpoints, makeService, stateOf } from './testdata';

const NOFLUSH = { noFlush: true, counters: true };

async function read(ipt: FakeIptables): Promise<ExistingRules> {
  return { nat: parseIptablesSave(await ipt.save('nat')).get('nat'), filter: parseIptablesSave(await ipt.save('filter')).get('filter') };
}

void describe('generateCleanup', () => {
  void it('generateCleanup removes every chain and jump a sync created, leaving others alone', async () => {
    const ipt = new FakeIptables();
    await ipt.restore('*nat\n:DOCKER - [0:0]\n-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER\nCOMMIT\n', NOFLUSH);
    const before = { nat: await ipt.save('nat'), filter: await ipt.save('filter') };
    const state = stateOf([makeService('ns1', 'svc1', '10.20.30.41', [{ name: 'p80', port: 80 }]), makeService('ns1', 'svc2', '10.20.30.42', [{ port: 81 }])], [makeEndpoints('ns1', 'svc1', ['10.180.0.1', '10.180.0.2'], [{ name: 'p80', port: 80 }])]);
    await ipt.restore(generateRules(state, { full: true, existing: await read(ipt) }, { clusterCIDR: '10.0.0.0/8', masqueradeAll: false }).text, NOFLUSH);
    assert.ok(ipt.chainNames('nat').length > 5);

    const buf = generateCleanup(await read(ipt));
    assert.match(buf, /^\*filter\n:KUBE-SERVICES - \[0:0\]\n:KUBE-EXTERNAL-SERVICES - \[0:0\]\n:KUBE-FORWARD - \[0:0\]\n/);
    assert.match(buf, /\n-D INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES\n/);
    await ipt.restore(buf, NOFLUSH);
    assert.deepEqual(ipt.chainNames('nat'), ['DOCKER']);
    assert.deepEqual({ nat: await ipt.save('nat'), filter: await ipt.save('filter') }, before);
  });
  void it('generateCleanup returns nothing when there is nothing to remove', () => {
    assert.equal(generateCleanup({}), '');
    assert.equal(generateCleanup({ nat: parseIptablesSave('*nat\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n').get('nat') }), '');
  });
});
