import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DaemonSet, Job } from '@tskube/api-types';
import { daemonSetPrinter } from './daemonset';
import { listWithMore } from './endpointslice';
import { jobCompletions, jobDuration, jobStatus } from './job';

const job = (spec: Job['spec'] & object, status: Job['status'] = {}, deleting = false): Job => ({ metadata: { name: 'j', ...(deleting ? { deletionTimestamp: '2024-01-01T00:00:00Z' } : {}) }, spec, status });
const tpl = { spec: { containers: [{ name: 'c', image: 'busybox' }] } };

void describe('job, daemonset and endpointslice cells (upstream printers)', () => {
  it('job STATUS precedence: Complete > Failed > Terminating > Suspended > Running', () => {
    const cond = (type: string) => ({ type, status: 'True' });
    assert.equal(jobStatus(job({ template: tpl }, { conditions: [cond('Failed'), cond('Complete')] })), 'Complete');
    assert.equal(jobStatus(job({ template: tpl }, { conditions: [cond('Failed')] }, true)), 'Failed');
    assert.equal(jobStatus(job({ template: tpl }, { conditions: [cond('Suspended')] }, true)), 'Terminating');
    assert.equal(jobStatus(job({ template: tpl }, { conditions: [cond('Suspended')] })), 'Suspended');
    assert.equal(jobStatus(job({ template: tpl }, { conditions: [{ type: 'Complete', status: 'False' }] })), 'Running');
  });
  it('job COMPLETIONS and DURATION', () => {
    assert.equal(jobCompletions(job({ template: tpl, completions: 3 }, { succeeded: 1 })), '1/3');
    assert.equal(jobCompletions(job({ template: tpl, parallelism: 4 }, { succeeded: 2 })), '2/1 of 4');
    assert.equal(jobCompletions(job({ template: tpl })), '0/1');
    assert.equal(jobDuration(job({ template: tpl }), 0), '');
    assert.equal(jobDuration(job({ template: tpl }, { startTime: '2024-01-01T00:00:00Z', completionTime: '2024-01-01T00:00:42Z' }), 0), '42s');
    assert.equal(jobDuration(job({ template: tpl }, { startTime: '2024-01-01T00:00:00Z' }), Date.parse('2024-01-01T00:03:00Z')), '3m');
  });
  it('endpointslice lists: three items, then "+ N more...", "<unset>" when empty', () => {
    assert.equal(listWithMore([]), '<unset>');
    assert.equal(listWithMore(['80', '443']), '80,443');
    assert.equal(listWithMore(['a', 'b', 'c', 'd', 'e']), 'a,b,c + 2 more...');
  });
  it('daemonset row with node selector', () => {
    const ds: DaemonSet = { metadata: { name: 'ds', creationTimestamp: '2024-01-01T00:00:00Z' }, spec: { selector: { matchLabels: { app: 'ds' } }, template: { spec: { nodeSelector: { 'kubernetes.io/os': 'linux' }, containers: [{ name: 'c', image: 'busybox' }] } } }, status: { desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 1, updatedNumberScheduled: 2, numberAvailable: 1, numberMisscheduled: 0 } };
    assert.deepEqual(daemonSetPrinter.cells(ds, Date.parse('2024-01-01T00:00:10Z')), ['ds', 2, 2, 1, 2, 1, 'kubernetes.io/os=linux', '10s', 'c', 'busybox', 'app=ds']);
  });
});
