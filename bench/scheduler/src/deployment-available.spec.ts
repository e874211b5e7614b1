import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { benchDeployment, isAvailable } from './deployment-available';

describe('deployment-available bench helpers', () => {
  it('builds a Deployment of the requested size whose selector matches its template', () => {
    const d = benchDeployment(500) as { spec: { replicas: number; selector: { matchLabels: Record<string, string> }; template: { metadata: { labels: Record<string, string> } } } };
    assert.equal(d.spec.replicas, 500);
    assert.deepEqual(d.spec.selector.matchLabels, d.spec.template.metadata.labels);
  });
  it('is Available only with every replica available and the Available condition True', () => {
    assert.equal(isAvailable({ status: { availableReplicas: 500, conditions: [{ type: 'Available', status: 'True' }] } }, 500), true);
    assert.equal(isAvailable({ status: { availableReplicas: 499, conditions: [{ type: 'Available', status: 'True' }] } }, 500), false);
    assert.equal(isAvailable({ status: { availableReplicas: 500, conditions: [{ type: 'Available', status: 'False' }] } }, 500), false);
  });
});
