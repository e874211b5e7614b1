/**
 * OpenAPI v3 path items for one catalog resource: collection, object, cluster-wide list and
 * subresource paths, with upstream's operation ids, x-kubernetes-action and
 * x-kubernetes-group-version-kind. Every PATCH (and POST/PUT) lists the `fieldValidation`
 * query parameter: kubectl's create/apply/replace/edit probe looks exactly for that.
 */
import type { ResourceInfo, SubresourceInfo } from '@tskube/api-types';
import type { GVK } from './schemas/dsl';
import { metaName, REF_PREFIX } from './schemas/dsl';
import { schemaNameForKind } from './schemas/registry';

export interface Parameter { name: string; in: 'query' | 'path'; description: string; required?: boolean; schema: { type: string; uniqueItems?: boolean } }
export interface Operation {
  tags: string[];
  description: string;
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: unknown }>; required: boolean };
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
  'x-kubernetes-action': string;
  'x-kubernetes-group-version-kind': GVK;
}
export interface PathItem { parameters?: Parameter[]; get?: Operation; put?: Operation; post?: Operation; patch?: Operation; delete?: Operation }

const q = (name: string, description: string): Parameter => ({ name, in: 'query', description, schema: { type: 'string', uniqueItems: true } });
const qb = (name: string, description: string): Parameter => ({ name, in: 'query', description, schema: { type: 'boolean', uniqueItems: true } });
const qi = (name: string, description: string): Parameter => ({ name, in: 'query', description, schema: { type: 'integer', uniqueItems: true } });
const P = {
  name: { name: 'name', in: 'path', description: 'name of the resource', required: true, schema: { type: 'string', uniqueItems: true } } as Parameter,
  namespace: { name: 'namespace', in: 'path', description: 'object name and auth scope, such as for teams and projects', required: true, schema: { type: 'string', uniqueItems: true } } as Parameter,
  pretty: q('pretty', 'If \'true\', then the output is pretty printed.'),
  dryRun: q('dryRun', 'When present, indicates that modifications should not be persisted. Valid value: All.'),
  fieldManager: q('fieldManager', 'fieldManager is a name associated with the actor or entity that is making these changes.'),
  fieldValidation: q('fieldValidation', 'fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields: Ignore, Warn (default) or Strict.'),
  force: qb('force', 'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people.'),
};
const LIST_PARAMS: Parameter[] = [
  qb('allowWatchBookmarks', 'allowWatchBookmarks requests watch events with type "BOOKMARK".'),
  q('continue', 'The continue option should be set when retrieving more results from the server.'),
  q('fieldSelector', 'A selector to restrict the list of returned objects by their fields. Defaults to everything.'),
  q('labelSelector', 'A selector to restrict the list of returned objects by their labels. Defaults to everything.'),
  qi('limit', 'limit is a maximum number of responses to return for a list call.'),
  q('resourceVersion', 'resourceVersion sets a constraint on what resource versions a request may be served from.'),
  q('resourceVersionMatch', 'resourceVersionMatch determines how resourceVersion is applied to list calls.'),
  qb('sendInitialEvents', 'sendInitialEvents=true may be set together with watch=true.'),
  qi('timeoutSeconds', 'Timeout for the list/watch call.'),
  qb('watch', 'Watch for changes to the described resources and return them as a stream of add, update, and remove notifications.'),
];
const PATCH_TYPES = ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json'];

const schemaRef = (name: string | undefined): unknown => (name ? { $ref: `${REF_PREFIX}${name}` } : { type: 'object' });
const json = (schema: unknown) => ({ 'application/json': { schema }, 'application/yaml': { schema }, 'application/vnd.kubernetes.protobuf': { schema } });

function groupCamel(group: string): string {
  const first = group.split('.')[0] ?? '';
  return group === '' ? 'Core' : first.charAt(0).toUpperCase() + first.slice(1);
}

/** Path items of `info`, keyed by URL template. */
export function resourcePaths(info: ResourceInfo): Record<string, PathItem> {
  const base = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
  const tag = `${info.group ? (info.group.split('.')[0] ?? info.group) : 'core'}_${info.version}`;
  const gv = `${groupCamel(info.group)}${info.version.charAt(0).toUpperCase()}${info.version.slice(1)}`;
  const ns = info.namespaced ? 'Namespaced' : '';
  const gvk: GVK = { group: info.group, version: info.version, kind: info.kind };
  const self = schemaRef(schemaNameForKind(gvk));
  const list = schemaRef(schemaNameForKind({ ...gvk, kind: info.listKind }));
  const status = schemaRef(metaName('Status'));
  const has = (v: string) => info.verbs.includes(v);
  const op = (action: string, verb: string, desc: string, suffix: string, extra: Partial<Operation>, k: GVK = gvk): Operation => ({
    tags: [tag], description: desc, operationId: `${verb}${gv}${suffix}`, responses: { '401': { description: 'Unauthorized' } },
    'x-kubernetes-action': action, 'x-kubernetes-group-version-kind': k, ...extra,
  });
  const ok = (schema: unknown, created = false) => ({ '200': { description: 'OK', content: json(schema) }, ...(created ? { '201': { description: 'Created', content: json(schema) } } : {}), '401': { description: 'Unauthorized' } });
  const writeParams = [P.dryRun, P.fieldManager, P.fieldValidation];

  const coll: PathItem = { parameters: [...(info.namespaced ? [P.namespace] : []), P.pretty] };
  const collName = `${ns}${info.kind}`;
  if (has('list')) coll.get = op('list', 'list', `list or watch objects of kind ${info.kind}`, collName, { parameters: LIST_PARAMS, responses: ok(list) });
  if (has('create')) coll.post = op('post', 'create', `create a ${info.kind}`, collName, { parameters: writeParams, requestBody: { content: { '*/*': { schema: self } }, required: true }, responses: { ...ok(self, true), '202': { description: 'Accepted', content: json(self) } } });
  if (has('deletecollection')) coll.delete = op('deletecollection', 'deletecollection', `delete collection of ${info.kind}`, collName, { parameters: [...LIST_PARAMS, P.dryRun], responses: ok(status) });

  const item: PathItem = { parameters: [P.name, ...(info.namespaced ? [P.namespace] : []), P.pretty] };
  if (has('get')) item.get = op('get', 'read', `read the specified ${info.kind}`, collName, { responses: ok(self) });
  if (has('update')) item.put = op('put', 'replace', `replace the specified ${info.kind}`, collName, { parameters: writeParams, requestBody: { content: { '*/*': { schema: self } }, required: true }, responses: ok(self, true) });
  if (has('patch')) item.patch = op('patch', 'patch', `partially update the specified ${info.kind}`, collName, { parameters: [...writeParams, P.force], requestBody: { content: Object.fromEntries(PATCH_TYPES.map((t) => [t, { schema: schemaRef(metaName('Patch')) }])), required: true }, responses: ok(self, true) });
  if (has('delete')) item.delete = op('delete', 'delete', `delete a ${info.kind}`, collName, { parameters: [P.dryRun, qi('gracePeriodSeconds', 'The duration in seconds before the object should be deleted.'), q('propagationPolicy', 'Whether and how garbage collection will be performed.')], requestBody: { content: { '*/*': { schema: schemaRef(metaName('DeleteOptions')) } }, required: false }, responses: { ...ok(self), '202': { description: 'Accepted', content: json(self) } } });

  const prefix = `${base}${info.namespaced ? '/namespaces/{namespace}' : ''}/${info.resource}`;
  const paths: Record<string, PathItem> = { [prefix]: coll, [`${prefix}/{name}`]: item };
  if (info.namespaced && has('list')) {
    paths[`${base}/${info.resource}`] = { parameters: [P.pretty], get: op('list', 'list', `list or watch objects of kind ${info.kind}`, `${info.kind}ForAllNamespaces`, { parameters: LIST_PARAMS, responses: ok(list) }) };
  }
  for (const sub of info.subresources ?? []) paths[`${prefix}/{name}/${sub.name}`] = subresourcePath(info, sub, { op, ok, item, collName, writeParams });
  return paths;
}

interface SubCtx {
  op: (action: string, verb: string, desc: string, suffix: string, extra: Partial<Operation>, k?: GVK) => Operation;
  ok: (schema: unknown, created?: boolean) => Operation['responses'];
  item: PathItem;
  collName: string;
  writeParams: Parameter[];
}

function subresourcePath(info: ResourceInfo, sub: SubresourceInfo, c: SubCtx): PathItem {
  const k: GVK = { group: sub.group ?? info.group, version: sub.version ?? info.version, kind: sub.kind ?? info.kind };
  const self = schemaRef(schemaNameForKind(k));
  const suffix = `${c.collName}${sub.name.charAt(0).toUpperCase()}${sub.name.slice(1)}`;
  const what = `${sub.name} of the specified ${info.kind}`;
  const p: PathItem = { parameters: c.item.parameters ?? [] };
  if (sub.verbs.includes('get')) p.get = c.op('get', 'read', `read ${what}`, suffix, { responses: c.ok(self) }, k);
  if (sub.verbs.includes('update')) p.put = c.op('put', 'replace', `replace ${what}`, suffix, { parameters: c.writeParams, requestBody: { content: { '*/*': { schema: self } }, required: true }, responses: c.ok(self, true) }, k);
  if (sub.verbs.includes('patch')) p.patch = c.op('patch', 'patch', `partially update ${what}`, suffix, { parameters: [...c.writeParams, P.force], requestBody: { content: Object.fromEntries(PATCH_TYPES.map((t) => [t, { schema: schemaRef(metaName('Patch')) }])), required: true }, responses: c.ok(self, true) }, k);
  if (sub.verbs.includes('create')) p.post = c.op('post', 'create', `create ${what}`, suffix, { parameters: c.writeParams, requestBody: { content: { '*/*': { schema: self } }, required: true }, responses: c.ok(self, true) }, k);
  return p;
}
