import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '@tskube/api-types';
import { containerCreateOptions, expandVars } from './container-config';

const pod: Pod = { metadata: { name: 'web', namespace: 'ns1', uid: 'u1' }, spec: { nodeName: 'n1', containers: [] } };

void describe('containerCreateOptions', () => {
  void it('maps command, args, env, workingDir, ports and joins the sandbox', () => {
    const o = containerCreateOptions(
      pod,
      {
        name: 'c',
        image: 'tskube/busybox',
        command: ['/bin/sh', '-c'],
        args: ['echo $(GREETING) $$(HOME)'],
        env: [
          { name: 'NAME', value: 'world' },
          { name: 'GREETING', value: 'hello-$(NAME)' },
          { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          { name: 'IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
        ],
        workingDir: '/tmp',
        ports: [{ containerPort: 80 }],
        resources: { limits: { memory: '64Mi', cpu: '500m' } },
      },
      { sandboxId: 'sb1', attempt: 0, imageRef: 'sha256:abc', podIP: '172.17.0.2', name: 'k8s_c', labels: { a: 'b' } },
    );
    assert.deepEqual(o.Entrypoint, ['/bin/sh', '-c']);
    assert.deepEqual(o.Cmd, ['echo hello-world $(HOME)']);
    assert.deepEqual(o.Env, ['NAME=world', 'GREETING=hello-world', 'POD=web', 'IP=172.17.0.2']);
    assert.equal(o.WorkingDir, '/tmp');
    assert.equal(o.ExposedPorts, undefined, 'Docker rejects exposed ports with a container: network mode');
    assert.equal(o.HostConfig?.NetworkMode, 'container:sb1');
    assert.equal(o.HostConfig?.IpcMode, 'container:sb1');
    assert.equal(o.HostConfig?.Memory, 64 * 1024 * 1024);
    assert.equal(o.HostConfig?.NanoCpus, 5e8);
    assert.equal(o.Image, 'sha256:abc');
  });
  void it('leaves image defaults when command/args are unset', () => {
    const o = containerCreateOptions(pod, { name: 'c', image: 'x' }, { sandboxId: 's', attempt: 0, imageRef: 'x', name: 'n', labels: {} });
    assert.equal(o.Entrypoint, undefined);
    assert.equal(o.Cmd, undefined);
  });
  void it('expandVars leaves unknown references alone', () => {
    assert.equal(expandVars('$(A)-$(B)', new Map([['A', '1']])), '1-$(B)');
  });
});
