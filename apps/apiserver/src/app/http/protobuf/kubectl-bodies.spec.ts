/**
 * Regression fixtures: request bodies captured from the real kubectl 1.32 (protobuf typed
 * client) talking to tskube, decoded to what the JSON client would have sent.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeKubernetesProtobuf } from './decode';

const hex = (s: string): Buffer => Buffer.from(s, 'hex');

void describe('protobuf bodies captured from kubectl 1.32', () => {
  it('create deployment web --image=tskube/web:latest --replicas=2 --port=80', () => {
    assert.deepEqual(decodeKubernetesProtobuf(hex('6b3873000a150a07617070732f7631120a4465706c6f796d656e7412c5010a220a0377656212001a0370627422002a003200380042005a0a0a0361707012037765621290010802120c0a0a0a0361707012037765621a760a1c0a0012001a0022002a003200380042005a0a0a036170701203776562125612380a03776562121174736b7562652f7765623a6c61746573742a00320a0a001000185022002a0042006a007200800100880100900100a201001a00320042004a0052005800600068008201008a01009a0100c2010022020a00280038001a0c0800100018002000280038001a002200')), {
      apiVersion: 'apps/v1', kind: 'Deployment',
      metadata: { name: 'web', namespace: 'pbt', labels: { app: 'web' } },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'tskube/web:latest', ports: [{ containerPort: 80 }] }] } } },
    });
  });
  it('create service nodeport np --tcp=80:8080 --node-port=30080', () => {
    assert.deepEqual(decodeKubernetesProtobuf(hex('6b3873000a0d0a027631120753657276696365126a0a200a026e7012001a0370627422002a003200380042005a090a0361707012026e7012420a1d0a0738302d38303830120354435018502207080010903f1a002880eb0112090a0361707012026e701a0022084e6f6465506f72743a00420052005a00600068001a020a001a002200')), {
      apiVersion: 'v1', kind: 'Service',
      metadata: { name: 'np', namespace: 'pbt', labels: { app: 'np' } },
      spec: { ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080, nodePort: 30080 }], selector: { app: 'np' }, type: 'NodePort' },
    });
  });
  it("create cronjob cj --image=busybox --schedule='*/1 * * * *' -- date", () => {
    assert.deepEqual(decodeKubernetesProtobuf(hex('6b3873000a130a0862617463682f7631120743726f6e4a6f6212a7010a150a02636a12001a0370627422002a00320038004200128b010a0b2a2f31202a202a202a202a1a002a7a0a120a02636a12001a0022002a00320038004200126432620a100a0012001a0022002a00320038004200124e12270a02636a120762757379626f781a04646174652a0042006a007200800100880100900100a201001a094f6e4661696c757265320042004a0052005800600068008201008a01009a0100c201001a001a002200')), {
      apiVersion: 'batch/v1', kind: 'CronJob',
      metadata: { name: 'cj', namespace: 'pbt' },
      spec: { schedule: '*/1 * * * *', jobTemplate: { metadata: { name: 'cj' }, spec: { template: { spec: { containers: [{ name: 'cj', image: 'busybox', command: ['date'] }], restartPolicy: 'OnFailure' } } } } },
    });
  });
  // kubectl 1.32 `create token` against a body-capturing listener (127.0.0.1 in a private netns).
  it('create token default --duration=15m --audience=foo', () => {
    assert.deepEqual(decodeKubernetesProtobuf(hex('6b3873000a280a1861757468656e7469636174696f6e2e6b38732e696f2f7631120c546f6b656e5265717565737412220a100a0012001a0022002a0032003800420012080a03666f6f2084071a040a0012001a002200')), {
      apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { audiences: ['foo'], expirationSeconds: 900 },
    });
  });
  it('create token default (no flags: server defaults apply)', () => {
    assert.deepEqual(decodeKubernetesProtobuf(hex('6b3873000a280a1861757468656e7469636174696f6e2e6b38732e696f2f7631120c546f6b656e52657175657374121a0a100a0012001a0022002a0032003800420012001a040a0012001a002200')), {
      apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest',
    });
  });
  it('create token sa1 --bound-object-kind=Pod --bound-object-name=p1 --bound-object-uid=... --audience=a --audience=b', () => {
    assert.deepEqual(decodeKubernetesProtobuf(hex('6b3873000a280a1861757468656e7469636174696f6e2e6b38732e696f2f7631120c546f6b656e5265717565737412550a100a0012001a0022002a00320038004200123b0a01610a01621a330a03506f64120276311a027031222430623762366637652d313131312d323232322d333333332d3434343435353535363636361a040a0012001a002200')), {
      apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest',
      spec: { audiences: ['a', 'b'], boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'p1', uid: '0b7b6f7e-1111-2222-3333-444455556666' } },
    });
  });
  it('create token sa1 --bound-object-kind=Secret --bound-object-name=s1', () => {
    assert.deepEqual(decodeKubernetesProtobuf(hex('6b3873000a280a1861757468656e7469636174696f6e2e6b38732e696f2f7631120c546f6b656e52657175657374122e0a100a0012001a0022002a0032003800420012141a120a06536563726574120276311a02733122001a040a0012001a002200')), {
      apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest',
      spec: { boundObjectRef: { kind: 'Secret', apiVersion: 'v1', name: 's1' } },
    });
  });
});
