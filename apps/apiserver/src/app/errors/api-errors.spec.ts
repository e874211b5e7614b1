import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RESOURCES } from '@tskube/api-types';
import { AlreadyExistsError, ConflictError, ForbiddenError, InvalidError, MethodNotSupportedError, NotFoundError, OBJECT_MODIFIED, qualifiedKind, qualifiedResource } from './api-errors';
import { fieldErr } from './field-errors';

// Expected texts are upstream apimachinery's (k8s.io/apimachinery/pkg/api/errors): NewNotFound,
// NewAlreadyExists and NewConflict print the GroupResource, NewInvalid the GroupKind.
void describe('API errors worded as upstream', () => {
  it('qualifies resources and kinds with their group, core ones bare', () => {
    assert.equal(qualifiedResource(RESOURCES.deployments), 'deployments.apps');
    assert.equal(qualifiedResource(RESOURCES.pods), 'pods');
    assert.equal(qualifiedKind(RESOURCES.deployments), 'Deployment.apps');
    assert.equal(qualifiedKind(RESOURCES.pods), 'Pod');
  });

  it('Invalid names the group-qualified kind and carries group and kind in details', () => {
    const e = new InvalidError(RESOURCES.deployments, 'x', [fieldErr.required('spec.selector')]);
    assert.equal(e.message, 'Deployment.apps "x" is invalid: spec.selector: Required value');
    assert.deepEqual(e.toStatus(), {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Deployment.apps "x" is invalid: spec.selector: Required value',
      reason: 'Invalid',
      code: 422,
      details: { name: 'x', group: 'apps', kind: 'Deployment', causes: [{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.selector' }] },
    });
  });

  it('Invalid for a core kind has no suffix and no group in details (omitempty)', () => {
    const e = new InvalidError(RESOURCES.pods, 'Bad_Name', [fieldErr.invalid('metadata.name', 'Bad_Name', 'a lowercase RFC 1123 subdomain')]);
    assert.equal(e.message, 'Pod "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain');
    assert.equal(e.toStatus().details?.kind, 'Pod');
    assert.equal('group' in (e.toStatus().details ?? {}), false);
  });

  it('Invalid lists several errors in brackets, each distinct message once, every cause kept', () => {
    const errs = [fieldErr.required('spec.template'), fieldErr.required('spec.selector'), fieldErr.required('spec.template')];
    const e = new InvalidError(RESOURCES.replicasets, 'rs', errs);
    assert.equal(e.message, 'ReplicaSet.apps "rs" is invalid: [spec.template: Required value, spec.selector: Required value]');
    assert.equal(e.toStatus().details?.causes?.length, 3);
  });

  it('Invalid without field errors stops after "is invalid"; an empty name is left out of details (omitempty)', () => {
    const e = new InvalidError({ group: 'meta.k8s.io', kind: 'ListOptions' }, '', []);
    assert.equal(e.message, 'ListOptions.meta.k8s.io "" is invalid');
    assert.deepEqual(e.toStatus().details, { group: 'meta.k8s.io', kind: 'ListOptions', causes: [] });
  });

  it('Forbidden quotes the name only when there is one', () => {
    const why = 'unable to create new content in namespace gone because it is being terminated';
    assert.equal(new ForbiddenError(RESOURCES.pods, 'p', why).message, `pods "p" is forbidden: ${why}`);
    const unnamed = new ForbiddenError(RESOURCES.deployments, '', why);
    assert.equal(unnamed.message, `deployments.apps is forbidden: ${why}`);
    assert.deepEqual([unnamed.code, unnamed.reason, unnamed.toStatus().details], [403, 'Forbidden', { group: 'apps', kind: 'deployments' }]);
  });

  it('NotFound, AlreadyExists and Conflict print the group-qualified resource; details.kind is the resource', () => {
    const nf = new NotFoundError(RESOURCES.deployments, 'x');
    assert.equal(nf.message, 'deployments.apps "x" not found');
    assert.deepEqual(nf.toStatus().details, { name: 'x', group: 'apps', kind: 'deployments' });
    assert.equal(nf.code, 404);
    const core = new NotFoundError(RESOURCES.pods, 'p');
    assert.equal(core.message, 'pods "p" not found');
    assert.deepEqual(core.toStatus().details, { name: 'p', kind: 'pods' });
    const ae = new AlreadyExistsError(RESOURCES.replicasets, 'rs');
    assert.deepEqual([ae.code, ae.reason, ae.message], [409, 'AlreadyExists', 'replicasets.apps "rs" already exists']);
    const cf = new ConflictError(RESOURCES.deployments, 'x', OBJECT_MODIFIED);
    assert.deepEqual([cf.code, cf.reason, cf.message], [409, 'Conflict', `Operation cannot be fulfilled on deployments.apps "x": ${OBJECT_MODIFIED}`]);
  });

  void it('405 names the group-qualified resource, bare for the core group (NewMethodNotSupported)', () => {
    const apps = new MethodNotSupportedError('deployments', 'PATCH', 'apps');
    assert.deepEqual([apps.code, apps.reason, apps.message], [405, 'MethodNotAllowed', 'PATCH is not supported on resources of kind "deployments.apps"']);
    assert.deepEqual(apps.toStatus().details, { group: 'apps', kind: 'deployments' });
    const core = new MethodNotSupportedError('namespaces', 'deletecollection');
    assert.equal(core.message, 'deletecollection is not supported on resources of kind "namespaces"');
    assert.deepEqual(core.toStatus().details, { kind: 'namespaces' });
  });
});
