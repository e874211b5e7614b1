/** Random corruption of valid bodies: the decoder returns an object or throws a 400/415 ApiError, nothing else. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ApiError } from '../../errors/api-errors';
import { decodeKubernetesProtobuf } from './decode';

function seedBodies(): Buffer[] {
  const src = readFileSync(new URL('./kubectl-bodies.spec.ts', `file://${__filename}`), 'utf8');
  return [...src.matchAll(/hex\('([0-9a-f]+)'\)/g)].map((m) => Buffer.from(m[1]!, 'hex'));
}

/** Deterministic PRNG (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

void describe('protobuf decoder under corrupted input', () => {
  it('3000 mutated bodies: object or 400/415, never another exception', () => {
    const seeds = seedBodies();
    assert.ok(seeds.length >= 3);
    const rand = rng(42);
    for (let i = 0; i < 3000; i++) {
      const buf = Buffer.from(seeds[i % seeds.length]!);
      const edits = 1 + Math.floor(rand() * 4);
      for (let e = 0; e < edits; e++) {
        const pos = 4 + Math.floor(rand() * (buf.length - 4));
        buf[pos] = Math.floor(rand() * 256);
      }
      const body = rand() < 0.2 ? buf.subarray(0, Math.floor(rand() * buf.length)) : buf;
      try {
        const obj = decodeKubernetesProtobuf(body);
        assert.equal(typeof obj, 'object');
        JSON.stringify(obj);
      } catch (err) {
        assert.ok(err instanceof ApiError && (err.code === 400 || err.code === 415), `case ${i}: ${String(err)}`);
      }
    }
  });
});
