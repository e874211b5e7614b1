import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RESOURCES } from '@tskube/api-types';
import type { Service } from '@tskube/api-types';
import { MemoryStorage } from '../../storage/memory-storage';
import { Registry } from '../registry';
import { ensureKubernetesService } from './kubernetes-service';

void describe('default/kubernetes service', () => {
  void it('is created once with the first IP of the range, port 443 -> 6443', async () => {
    const reg = new Registry(new MemoryStorage(), { serviceClusterIPRange: '10.96.0.0/12' });
    await reg.bootstrap();
    assert.equal(await ensureKubernetesService(reg), 'created');
    assert.equal(await ensureKubernetesService(reg), 'exists');
    const svc = (await reg.mustStore(RESOURCES.services).get({ namespace: 'default' }, 'kubernetes')) as Service;
    assert.equal(svc.spec?.clusterIP, '10.96.0.1');
    assert.deepEqual(svc.spec?.ports?.map((p) => [p.name, p.port, p.targetPort, p.protocol]), [['https', 443, 6443, 'TCP']]);
    assert.deepEqual(svc.metadata?.labels, { component: 'apiserver', provider: 'kubernetes' });
  });
});
