import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DockerDemuxer, dockerFrame } from './demux';

describe('DockerDemuxer', () => {
  it('reassembles frames split at any byte', () => {
    const all = Buffer.concat([dockerFrame(1, 'hello\n'), dockerFrame(2, 'oops\n'), dockerFrame(1, 'bye')]);
    for (let cut = 1; cut < all.length; cut++) {
      const got: string[] = [];
      const d = new DockerDemuxer((s, p) => got.push(`${s}:${p.toString()}`));
      d.push(all.subarray(0, cut));
      d.push(all.subarray(cut));
      assert.deepEqual(got, ['1:hello\n', '2:oops\n', '1:bye']);
      assert.equal(d.pending(), 0);
    }
  });
});
