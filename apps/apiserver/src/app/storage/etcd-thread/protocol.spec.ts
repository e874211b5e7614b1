import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MessageChannel } from 'node:worker_threads';
import type { IWatchResponse } from 'etcd3';
import { fromWireError, prefixEnd, toWireError } from './protocol';
import type { WireWatchResponse } from './protocol';
import { toWireKV, toWireWatchResponse } from './worker-side';

const kv = (key: string, value: string, mod: string, create: string) => ({ key: Buffer.from(key), value: Buffer.from(value), mod_revision: mod, create_revision: create, version: '1', lease: '0' });

describe('etcd thread protocol', () => {
  it('turns etcd3 key-values into strings and numbers (UTF-8 decoded)', () => {
    assert.deepEqual(toWireKV(kv('/registry/pods/a', '{"x":"é"}', '12', '7')), { key: '/registry/pods/a', value: '{"x":"é"}', mod: 12, create: 7 });
  });

  it('turns watch responses into wire events: puts, deletes with their last state, progress notifications', () => {
    const header = { cluster_id: '1', member_id: '2', revision: '13', raft_term: '3' };
    const res = {
      header,
      events: [
        { type: 'Put', kv: kv('/a', 'v2', '12', '7'), prev_kv: kv('/a', 'v1', '9', '7') },
        { type: 'Delete', kv: kv('/b', '', '13', '0'), prev_kv: kv('/b', 'old', '10', '10') },
        { type: 'Delete', kv: kv('/c', '', '13', '0'), prev_kv: null },
      ],
    } as unknown as IWatchResponse;
    assert.deepEqual(toWireWatchResponse(res), {
      revision: 13,
      events: [
        { type: 'put', kv: { key: '/a', value: 'v2', mod: 12, create: 7 }, prev: { key: '/a', value: 'v1', mod: 9, create: 7 } },
        { type: 'delete', kv: { key: '/b', value: '', mod: 13, create: 0 }, prev: { key: '/b', value: 'old', mod: 10, create: 10 } },
        { type: 'delete', kv: { key: '/c', value: '', mod: 13, create: 0 }, prev: undefined },
      ],
    });
    assert.deepEqual(toWireWatchResponse({ header, events: [] } as unknown as IWatchResponse), { revision: 13, events: [] });
  });

  it('wire messages hold no Buffers, so structured clone copies only their text', async () => {
    const msg: WireWatchResponse = toWireWatchResponse({ header: { revision: '5' }, events: [{ type: 'Put', kv: kv('/a', 'x'.repeat(1500), '5', '5'), prev_kv: null }] } as unknown as IWatchResponse);
    const { port1, port2 } = new MessageChannel();
    const got = new Promise<unknown>((resolve) => port2.once('message', resolve));
    port1.postMessage(msg);
    assert.deepEqual(await got, msg);
    port1.close();
    port2.close();
  });

  it('computes the range end of a prefix as etcd clients do', () => {
    assert.equal(prefixEnd('/registry/pods/').toString(), '/registry/pods0');
    assert.deepEqual([...prefixEnd('aé')], [0x61, 0xc3, 0xaa]); // the last byte of the UTF-8 encoding is bumped
    assert.deepEqual([...prefixEnd('')], [0]);
  });

  it('keeps an error\'s name and message across the boundary', () => {
    const e = new TypeError('etcdserver: mvcc: required revision has been compacted');
    const back = fromWireError(toWireError(e));
    assert.equal(back.name, 'TypeError');
    assert.equal(back.message, e.message);
    assert.deepEqual(toWireError('boom'), { name: 'Error', message: 'boom' });
  });
});
