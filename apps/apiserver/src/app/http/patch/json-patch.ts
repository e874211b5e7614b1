import { isDeepStrictEqual } from 'node:util';

/** Thrown for a malformed or failing JSON patch (the HTTP layer answers 422/400). */
export class JSONPatchError extends Error {}

interface Op {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

function parsePointer(p: string): string[] {
  if (p === '') return [];
  if (!p.startsWith('/')) throw new JSONPatchError(`invalid JSON pointer "${p}"`);
  return p.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

type Container = Record<string, unknown> | unknown[];

function resolveParent(doc: unknown, parts: string[], path: string): { parent: Container; key: string } {
  let cur = doc;
  for (const part of parts.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[Number(part)];
    else if (typeof cur === 'object' && cur !== null) cur = (cur as Record<string, unknown>)[part];
    else cur = undefined;
    if (cur === undefined) throw new JSONPatchError(`doc is missing path: "${path}": missing value`);
  }
  if (typeof cur !== 'object' || cur === null) throw new JSONPatchError(`doc is missing path: "${path}": missing value`);
  return { parent: cur as Container, key: parts[parts.length - 1]! };
}

function arrayIndex(arr: unknown[], key: string, forAdd: boolean, path: string): number {
  if (forAdd && key === '-') return arr.length;
  const i = Number(key);
  if (!/^\d+$/.test(key) || i > arr.length || (!forAdd && i === arr.length)) throw new JSONPatchError(`Unable to access invalid index: ${key} (path "${path}")`);
  return i;
}

function get(doc: unknown, path: string): unknown {
  const parts = parsePointer(path);
  if (!parts.length) return doc;
  const { parent, key } = resolveParent(doc, parts, path);
  const v = Array.isArray(parent) ? parent[arrayIndex(parent, key, false, path)] : parent[key];
  if (v === undefined) throw new JSONPatchError(`doc is missing path: "${path}": missing value`);
  return v;
}

function remove(doc: unknown, path: string): unknown {
  const { parent, key } = resolveParent(doc, parsePointer(path), path);
  if (Array.isArray(parent)) return parent.splice(arrayIndex(parent, key, false, path), 1)[0];
  if (!(key in parent)) throw new JSONPatchError(`doc is missing path: "${path}": missing value`);
  const v = parent[key];
  delete parent[key];
  return v;
}

function add(doc: unknown, path: string, value: unknown, replace: boolean): unknown {
  const parts = parsePointer(path);
  if (!parts.length) return structuredClone(value);
  const { parent, key } = resolveParent(doc, parts, path);
  if (Array.isArray(parent)) {
    const i = arrayIndex(parent, key, !replace, path);
    parent.splice(i, replace ? 1 : 0, structuredClone(value));
  } else {
    if (replace && !(key in parent)) throw new JSONPatchError(`replace operation does not apply: doc is missing key: ${path}: missing value`);
    parent[key] = structuredClone(value);
  }
  return doc;
}

/** Applies an RFC 6902 patch to a copy of `doc`. */
export function applyJSONPatch(doc: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw new JSONPatchError('json patch must be an array of operations');
  let out = structuredClone(doc);
  for (const raw of ops as Op[]) {
    if (typeof raw !== 'object' || typeof raw.path !== 'string') throw new JSONPatchError('invalid JSON patch operation');
    switch (raw.op) {
      case 'add':
        out = add(out, raw.path, raw.value, false);
        break;
      case 'replace':
        out = add(out, raw.path, raw.value, true);
        break;
      case 'remove':
        remove(out, raw.path);
        break;
      case 'move': {
        const v = remove(out, raw.from ?? '');
        out = add(out, raw.path, v, false);
        break;
      }
      case 'copy':
        out = add(out, raw.path, get(out, raw.from ?? ''), false);
        break;
      case 'test':
        if (!isDeepStrictEqual(get(out, raw.path), raw.value)) throw new JSONPatchError(`testing value ${raw.path} failed: test failed`);
        break;
      default:
        throw new JSONPatchError(`Unexpected kind: ${String(raw.op)}`);
    }
  }
  return out;
}
