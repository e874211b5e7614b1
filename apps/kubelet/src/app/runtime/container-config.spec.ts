import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '@tskube/api-types';
import { containerCreateOptions, expandVars } from './container-config';
import { sandboxPortBindings } from './docker-runtime';

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

describe('container options from kubelet-resolved parts', () => {
  it('uses the resolved env and binds, runAsUser, readOnlyRootFilesystem; hostPorts go on the sandbox', () => {
    const pod = { apiVersion: 'v1' as const, kind: 'Pod' as const, metadata: { name: 'p', namespace: 'default', uid: 'u' }, spec: { securityContext: { runAsUser: 1000 }, containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 80, hostPort: 8080 }], securityContext: { readOnlyRootFilesystem: true, runAsGroup: 2000 } }] } };
    const c = pod.spec.containers[0]!;
    const o = containerCreateOptions(pod, c, { sandboxId: 's', attempt: 0, imageRef: 'sha', name: 'n', labels: {}, env: new Map([['A', '1']]), binds: ['/h:/c:ro'] });
    assert.deepEqual(o.Env, ['A=1']);
    assert.deepEqual(o.HostConfig?.Binds, ['/h:/c:ro']);
    assert.equal(o.HostConfig?.ReadonlyRootfs, true);
    assert.equal(o.User, '1000:2000');
    assert.deepEqual(sandboxPortBindings(pod)?.bindings, { '80/tcp': [{ HostIp: '', HostPort: '8080' }] });
  });
});
