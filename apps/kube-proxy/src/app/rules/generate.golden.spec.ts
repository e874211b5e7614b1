import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeIptables } from '../iptables/fake-iptables';
import { parseIptablesSave } from '../iptables/save-parser';
import type { ExistingRules, GeneratedRules, RulesConfig, SyncMode } from './generate';
import { generateRules } from './generate';
import { goldenCluster } from './golden.testutil';
import { stateOf } from './testdata';

/**
 * Golden restore texts: the exact bytes the generator wrote for fixed inputs when these files
 * were recorded. Any change to the text (a rule, its order, a chain declaration) fails here;
 * rewrite the files (TSKUBE_UPDATE_GOLDEN=1) only for an intended change of the rules.
 */
const CFG: RulesConfig = { clusterCIDR: '10.244.0.0/16', masqueradeAll: false };
const NOFLUSH = { noFlush: true, counters: true };
const update = process.env.TSKUBE_UPDATE_GOLDEN === '1';

function state(n: number, gen = 0): ReturnType<typeof stateOf> {
  const c = goldenCluster(n, gen);
  return stateOf(c.services, c.endpoints);
}

async function read(ipt: FakeIptables): Promise<ExistingRules> {
  return { nat: parseIptablesSave(await ipt.save('nat')).get('nat'), filter: parseIptablesSave(await ipt.save('filter')).get('filter') };
}

/** `-A` lines per table of a restore text, whatever the order of its sections (what ruleCounts must say). */
function countRules(text: string): { filter: number; nat: number } {
  const counts = { filter: 0, nat: 0 };
  let table: 'filter' | 'nat' | undefined;
  for (const l of text.split('\n')) {
    if (l === '*filter' || l === '*nat') table = l === '*nat' ? 'nat' : 'filter';
    else if (table && l.startsWith('-A ')) counts[table]++;
  }
  return counts;
}

/** Compares with golden/<name>.txt; on a difference the actual text is left in the temp dir for diffing. */
function assertGolden(name: string, got: GeneratedRules): void {
  assert.deepEqual(got.ruleCounts, countRules(got.text));
  const file = join(import.meta.dirname, 'golden', `${name}.txt`);
  if (update) writeFileSync(file, got.text);
  const want = readFileSync(file, 'utf8');
  if (got.text !== want) writeFileSync(join(tmpdir(), `kube-proxy-golden-${name}.txt`), got.text);
  assert.equal(got.text, want, `restore text differs from ${file} (actual in ${tmpdir()}/kube-proxy-golden-${name}.txt)`);
}

void describe('generateRules golden texts', () => {
  void it('full sync into an empty namespace', () => {
    assertGolden('full', generateRules(state(24), { full: true, existing: {} }, CFG));
  });

  void it('full resync over the previous rules, a leftover chain and fewer services', async () => {
    const ipt = new FakeIptables();
    await ipt.restore(generateRules(state(24), { full: true, existing: {} }, CFG).text, NOFLUSH);
    await ipt.restore('*nat\n:KUBE-SEP-LEFTOVERLEFTOVER - [0:0]\nCOMMIT\n', NOFLUSH);
    const got = generateRules(state(20, 1), { full: true, existing: await read(ipt) }, CFG);
    assertGolden('resync', got);
    await ipt.restore(got.text, NOFLUSH); // and it applies
  });

  void it('partial sync after endpoint changes', () => {
    const first = generateRules(state(24), { full: true, existing: {} }, CFG);
    const mode: SyncMode = { full: false, changedServices: new Set(['ns0/svc-0', 'ns0/svc-3', 'ns1/svc-4', 'ns2/svc-5']), knownChains: first.activeChains };
    assertGolden('partial', generateRules(state(24, 1), mode, CFG));
  });

  void it('--masquerade-all and --nodeport-addresses', () => {
    assertGolden('masquerade-all', generateRules(state(12), { full: true, existing: {} }, { clusterCIDR: '', masqueradeAll: true, nodePortAddresses: ['192.168.1.0/24', '127.0.0.0/8'] }));
  });

  void it('large-cluster mode (over 1,000 endpoints): same digest as recorded', () => {
    const got = generateRules(state(450), { full: true, existing: {} }, CFG);
    assert.match(got.text, /^-A KUBE-SEP-\S+ -s /m); // no comments in KUBE-SEP- rules
    assert.deepEqual(got.ruleCounts, countRules(got.text));
    const digest = createHash('sha256').update(got.text).digest('hex');
    if (update) process.stderr.write(`large-cluster golden: ${digest} ${got.text.length}\n`);
    if (digest !== LARGE_DIGEST) writeFileSync(join(tmpdir(), 'kube-proxy-golden-large.txt'), got.text);
    assert.equal(digest, LARGE_DIGEST, `large-cluster text changed (actual in ${tmpdir()}/kube-proxy-golden-large.txt)`);
  });
});

const LARGE_DIGEST = '60162afed9c0f5651244a6a28b625d93e058d2df3940a026ea2882de80f43359';
