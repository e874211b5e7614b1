import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { allHealthy, composeCli, parseComposePs } from './compose';

describe('parseComposePs', () => {
  const out = ['etcd\trunning\tUp 2 minutes (healthy)', 'apiserver\trunning\tUp 3 seconds (health: starting)', 'kubelet\trestarting\tRestarting (1) 2 seconds ago', 'kube-proxy\trunning\tUp 1 second (unhealthy)', 'tool\trunning\tUp 4 seconds', ''].join('\n');

  it('reads service, state and health from the status text', () => {
    assert.deepEqual(parseComposePs(out), [
      { service: 'etcd', state: 'running', health: 'healthy' },
      { service: 'apiserver', state: 'running', health: 'starting' },
      { service: 'kubelet', state: 'restarting', health: 'none' },
      { service: 'kube-proxy', state: 'running', health: 'unhealthy' },
      { service: 'tool', state: 'running', health: 'none' },
    ]);
  });

  it('allHealthy wants every service running and healthy (or without a check)', () => {
    const cs = parseComposePs(out);
    assert.equal(allHealthy(cs, ['etcd', 'tool']), true);
    assert.equal(allHealthy(cs, ['etcd', 'apiserver']), false);
    assert.equal(allHealthy(cs, ['kubelet']), false);
    assert.equal(allHealthy(cs, ['kube-proxy']), false);
    assert.equal(allHealthy(cs, ['missing']), false);
  });
});

describe('composeCli', () => {
  it('TSKUBE_COMPOSE picks the CLI without probing', async () => {
    assert.deepEqual(await composeCli({ TSKUBE_COMPOSE: 'docker compose' }), ['docker', 'compose']);
    assert.deepEqual(await composeCli({ TSKUBE_COMPOSE: 'docker-compose' }), ['docker-compose']);
  });
});
