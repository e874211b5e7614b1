import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RESOURCES } from '@tskube/api-types';
import { parseIncludeObject, toTable, wantsTable } from './table';

const KUBECTL_TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
const NOW = Date.parse('2024-05-01T12:00:00Z');
const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default', uid: 'u1', resourceVersion: '5', creationTimestamp: '2024-05-01T11:59:00Z' }, status: { phase: 'Active' } };

void describe('wantsTable', () => {
  void it('true for kubectl get Accept, false for plain JSON / yaml output', () => {
    assert.equal(wantsTable(KUBECTL_TABLE), true);
    assert.equal(wantsTable('application/json;as=Table;v=v1beta1;g=meta.k8s.io'), true);
    assert.equal(wantsTable('application/json'), false);
    assert.equal(wantsTable('application/vnd.kubernetes.protobuf,application/json'), false);
    assert.equal(wantsTable(undefined), false);
    assert.equal(wantsTable('application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io'), false);
  });

  void it('matches parameter names in any case and quoted values, the value itself only as `Table`', () => {
    assert.equal(wantsTable('application/json; AS="Table" ; G=meta.k8s.io;V=v1, application/json'), true);
    assert.equal(wantsTable('*/*;as=Table;g=meta.k8s.io;v=v1'), true);
    assert.equal(wantsTable('application/json;as=table;g=meta.k8s.io;v=v1'), false);
    assert.equal(wantsTable('application/json;as=Table;g=meta.k8s.io;v=v1;q=0'), false);
    assert.equal(wantsTable(''), false);
  });
});

void describe('toTable', () => {
  void it('builds a meta.k8s.io/v1 Table with PartialObjectMetadata rows and list metadata', () => {
    const t = toTable(RESOURCES.namespaces, [ns], { listMeta: { resourceVersion: '9', continue: 'abc' }, now: NOW });
    assert.equal(t.kind, 'Table');
    assert.equal(t.apiVersion, 'meta.k8s.io/v1');
    assert.deepEqual(t.metadata, { resourceVersion: '9', continue: 'abc' });
    assert.deepEqual(t.columnDefinitions.map((c) => c.name), ['Name', 'Status', 'Age']);
    assert.deepEqual(t.rows, [{ cells: ['default', 'Active', '60s'], object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: ns.metadata } }]);
  });
  void it('includeObject None/Object and omitHeaders', () => {
    assert.equal(toTable(RESOURCES.namespaces, [ns], { includeObject: 'None', now: NOW }).rows[0]!.object, undefined);
    assert.equal(toTable(RESOURCES.namespaces, [ns], { includeObject: 'Object', now: NOW }).rows[0]!.object, ns);
    assert.deepEqual(toTable(RESOURCES.namespaces, [ns], { omitHeaders: true }).columnDefinitions, []);
  });
  void it('empty lists have rows: [] and unknown resources get Name/Created At', () => {
    assert.deepEqual(toTable(RESOURCES.pods, []).rows, []);
    const t = toTable({ ...RESOURCES.leases, resource: 'widgets' }, [ns]);
    assert.deepEqual(t.columnDefinitions.map((c) => `${c.name}:${c.type}`), ['Name:string', 'Created At:date']);
    assert.deepEqual(t.rows[0]!.cells, ['default', '2024-05-01T11:59:00Z']);
  });
  void it('every row has one cell per column', () => {
    for (const info of Object.values(RESOURCES)) {
      const t = toTable(info, [{ metadata: { name: 'x' }, involvedObject: {} } as never]);
      assert.equal(t.rows[0]!.cells.length, t.columnDefinitions.length, info.resource);
    }
  });
  void it('parseIncludeObject', () => {
    assert.equal(parseIncludeObject('Object'), 'Object');
    assert.equal(parseIncludeObject(['None']), 'None');
    assert.equal(parseIncludeObject('bogus'), undefined);
  });
});
