import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseFlags } from '@tskube/component-base';
import { configFromFlags, defaults, FLAGS, splitHostPort } from './config';

const parse = (argv: string[]): ReturnType<typeof configFromFlags> => configFromFlags(parseFlags('kube-proxy', FLAGS, argv));

void describe('configFromFlags', () => {
  void it('configFromFlags defaults as upstream', () => {
    assert.deepEqual(parse([]), defaults());
  });
  void it('configFromFlags reads every flag', () => {
    const cfg = parse([
      '--master=http://127.0.0.1:8080', '--kubeconfig', '/tmp/kc', '--hostname-override=node-1', '--cluster-cidr=10.244.0.0/16',
      '--masquerade-all', '--healthz-bind-address=127.0.0.1:0', '--metrics-bind-address=', '--iptables-sync-period=1m',
      '--iptables-min-sync-period=500ms', '--cleanup=true',
    ]);
    assert.deepEqual(cfg, {
      ...defaults(), master: 'http://127.0.0.1:8080', kubeconfig: '/tmp/kc', hostnameOverride: 'node-1', clusterCIDR: '10.244.0.0/16',
      masqueradeAll: true, healthzBindAddress: '127.0.0.1:0', metricsBindAddress: '', syncPeriodMs: 60_000, minSyncPeriodMs: 500, cleanup: true,
    });
  });
  void it('configFromFlags rejects bad values with the flag name', () => {
    assert.throws(() => parse(['--iptables-sync-period=30']), /--iptables-sync-period: invalid duration "30"/);
    assert.throws(() => parse(['--cluster-cidr=10.0.0.0']), /--cluster-cidr/);
    assert.throws(() => parse(['--healthz-bind-address=nope']), /--healthz-bind-address/);
  });
  void it('splitHostPort splits host and port', () => {
    assert.deepEqual(splitHostPort('0.0.0.0:10256', 'x'), { host: '0.0.0.0', port: 10256 });
    assert.deepEqual(splitHostPort(':10249', 'x'), { host: '0.0.0.0', port: 10249 });
  });
});
