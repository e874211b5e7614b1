import { findResource } from '@tskube/api-types';
import type { ResourceInfo } from '@tskube/api-types';

/** A resource request decoded from its URL path (upstream RequestInfo). */
export interface ResourceRequest {
  info: ResourceInfo;
  namespace?: string | undefined;
  name?: string | undefined;
  subresource?: string | undefined;
  /** Legacy `/watch/` path prefix. */
  legacyWatch: boolean;
}

/**
 * Parses `/api/v1/...` and `/apis/<group>/<version>/...` resource paths (with optional
 * `namespaces/<ns>/` and legacy `watch/`). Returns undefined for anything that is not a
 * served resource (the caller answers 404). `/api/v1/namespaces/<name>/<x>` is a namespaced
 * collection when `<x>` is a namespaced resource, else the namespace's subresource.
 */
export function parseResourcePath(pathname: string): ResourceRequest | undefined {
  let segs: string[];
  try {
    // Only a segment with an escape needs decoding (decodeURIComponent returns any other as it is).
    segs = [];
    for (const s of pathname.split('/')) if (s !== '') segs.push(s.includes('%') ? decodeURIComponent(s) : s);
  } catch {
    return undefined;
  }
  let group: string;
  let version: string;
  let rest: string[];
  if (segs[0] === 'api' && segs.length >= 3) {
    group = '';
    version = segs[1]!;
    rest = segs.slice(2);
  } else if (segs[0] === 'apis' && segs.length >= 4) {
    group = segs[1]!;
    version = segs[2]!;
    rest = segs.slice(3);
  } else return undefined;
  let legacyWatch = false;
  if (rest[0] === 'watch') {
    legacyWatch = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  let inner: ResourceInfo | undefined; // the namespaced resource found below namespaces/<ns>/, looked up once
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    inner = findResource(group, version, rest[2]!);
    if (inner?.namespaced) {
      namespace = rest[1];
      rest = rest.slice(2);
    } else inner = undefined;
  }
  const [resource, name, subresource, ...extra] = rest;
  if (!resource || extra.length) return undefined;
  const info = inner ?? findResource(group, version, resource);
  if (!info) return undefined;
  if (subresource && !info.subresources?.some((s) => s.name === subresource) && !(info.resource === 'namespaces' && subresource === 'finalize')) return undefined;
  return { info, namespace, name, subresource, legacyWatch };
}
