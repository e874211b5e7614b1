import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '@tskube/api-types';
import { ApplyConflictError } from './apply';
import { applyWithLastApplied, LAST_APPLIED_ANNOTATION } from './last-applied';
import { recordUpdate } from './managed';

const cm = (data: Record<string, string>, lastApplied?: Record<string, string>): KubeObject =>
  ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', ...(lastApplied ? { annotations: { [LAST_APPLIED_ANNOTATION]: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', annotations: {} }, data: lastApplied }) } } : {}) }, data }) as KubeObject;
/** A ConfigMap written by client-side apply (Update by kubectl-client-side-apply) with the given annotation. */
const csa = (data: Record<string, string>, lastApplied?: Record<string, string>): KubeObject => {
  const o = cm(data, lastApplied);
  recordUpdate(undefined, o, { manager: 'kubectl-client-side-apply', apiVersion: 'v1' });
  return o;
};
const conflicts = (fn: () => unknown): string[] => {
  try {
    fn();
    return [];
  } catch (e) {
    if (e instanceof ApplyConflictError) return e.conflicts.map((c) => c.field);
    throw e;
  }
};
const W = (manager: string) => ({ manager, apiVersion: 'v1' });

void describe('apply over client-side apply (upstream lastAppliedManager)', () => {
  const cases: { name: string; live: KubeObject; manager: string; want: string[] }[] = [
    { name: 'kubectl takes the fields of an up-to-date last-applied without conflict', live: csa({ k: '1' }, { k: '1' }), manager: 'kubectl', want: [] },
    { name: 'only for the manager "kubectl"', live: csa({ k: '1' }, { k: '1' }), manager: 'other', want: ['.data.k'] },
    { name: 'not when the annotation is stale', live: csa({ k: '9' }, { k: '1' }), manager: 'kubectl', want: ['.data.k'] },
    { name: 'fields outside the annotation still conflict', live: csa({ k: '1', x: '1' }, { k: '1' }), manager: 'kubectl', want: ['.data.x'] },
    { name: 'no annotation: plain conflicts', live: csa({ k: '1' }), manager: 'kubectl', want: ['.data.k'] },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(conflicts(() => applyWithLastApplied(c.live, cm({ k: '2', x: '2' }), W(c.manager), false)), c.want));
  }

  it('the forced apply moves the fields to kubectl', () => {
    const out = applyWithLastApplied(csa({ k: '1' }, { k: '1' }), cm({ k: '2' }), W('kubectl'), false);
    assert.deepEqual((out as { data: unknown }).data, { k: '2' });
    const entries = (out.metadata as { managedFields: { manager: string; fieldsV1: unknown }[] }).managedFields;
    assert.deepEqual(entries.find((e) => e.manager === 'kubectl')?.fieldsV1, { 'f:data': { 'f:k': {} } });
  });
});
