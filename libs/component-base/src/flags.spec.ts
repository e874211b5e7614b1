import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FlagError, parseFlags } from './flags';

const spec = {
  'etcd-servers': { type: 'list', default: ['http://127.0.0.1:2379'], help: 'etcd' },
  'insecure-port': { type: 'number', default: 8080, help: 'port' },
  'bind-address': { type: 'string', default: '127.0.0.1', help: 'addr' },
  'leader-elect': { type: 'boolean', default: true, help: 'le' },
  cleanup: { type: 'boolean', help: 'cleanup' },
} as const;

describe('parseFlags', () => {
  it('applies defaults when flags are absent', () => {
    const f = parseFlags('x', spec, []);
    assert.deepEqual(f, { 'etcd-servers': ['http://127.0.0.1:2379'], 'insecure-port': 8080, 'bind-address': '127.0.0.1', 'leader-elect': true, cleanup: false });
  });

  it('accepts --name=value and --name value, lists split on commas', () => {
    const f = parseFlags('x', spec, ['--etcd-servers=http://a:2379,http://b:2379', '--insecure-port', '18080', '--bind-address=0.0.0.0', '--cleanup']);
    assert.deepEqual(f['etcd-servers'], ['http://a:2379', 'http://b:2379']);
    assert.equal(f['insecure-port'], 18080);
    assert.equal(f['bind-address'], '0.0.0.0');
    assert.equal(f.cleanup, true);
  });

  it('accepts Go-style --bool=false and --bool=true', () => {
    assert.equal(parseFlags('x', spec, ['--leader-elect=false'])['leader-elect'], false);
    assert.equal(parseFlags('x', spec, ['--cleanup=true']).cleanup, true);
  });

  it('rejects unknown flags and bad numbers with a one-line reason naming the flag', () => {
    assert.throws(() => parseFlags('apiserver', spec, ['--nope=1']), (e: unknown) => e instanceof FlagError && /apiserver: .*nope/.test(e.message));
    assert.throws(() => parseFlags('apiserver', spec, ['--insecure-port=abc']), /invalid value "abc" for flag --insecure-port/);
  });
});
