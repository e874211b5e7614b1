import type { ResourceInfo, Status, StatusDetails } from '@tskube/api-types';
import { formatFieldError, toCause } from './field-errors';
import type { FieldError } from './field-errors';

/**
 * Errors the apiserver throws anywhere below the HTTP layer. One koa middleware turns every
 * ApiError into its Status body (see toStatus); anything else becomes a 500 InternalError.
 */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }

  toStatus(): Status {
    const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: this.message, reason: this.reason, code: this.code };
    if (this.details) s.details = this.details;
    return s;
  }
}

/** `pods` or `deployments.apps`, as upstream's GroupResource prints. */
export function qualifiedResource(info: Pick<ResourceInfo, 'group' | 'resource'>): string {
  return info.group ? `${info.resource}.${info.group}` : info.resource;
}

/** `Pod` or `Deployment.apps`, as upstream's GroupKind prints (the kind Invalid errors name). */
export function qualifiedKind(info: Pick<ResourceInfo, 'group' | 'kind'>): string {
  return info.group ? `${info.kind}.${info.group}` : info.kind;
}

/** Details as upstream's StatusDetails: `name` and `group` are omitempty (absent when empty, e.g. the core group). */
function details(group: string, kind: string, name: string): StatusDetails {
  return { ...(name ? { name } : {}), ...(group ? { group } : {}), kind };
}

/** NotFound/AlreadyExists/Conflict/Forbidden details: upstream puts the *resource* in `kind`. */
function resDetails(info: Pick<ResourceInfo, 'group' | 'resource'>, name: string): StatusDetails {
  return details(info.group, info.resource, name);
}

export class NotFoundError extends ApiError {
  constructor(info: Pick<ResourceInfo, 'group' | 'resource'>, name: string) {
    super(404, 'NotFound', `${qualifiedResource(info)} "${name}" not found`, resDetails(info, name));
  }
}

export class AlreadyExistsError extends ApiError {
  constructor(info: Pick<ResourceInfo, 'group' | 'resource'>, name: string) {
    super(409, 'AlreadyExists', `${qualifiedResource(info)} "${name}" already exists`, resDetails(info, name));
  }
}

export class ConflictError extends ApiError {
  constructor(info: Pick<ResourceInfo, 'group' | 'resource'>, name: string, why: string) {
    super(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(info)} "${name}": ${why}`, resDetails(info, name));
  }
}

/** The message kubectl shows for a stale resourceVersion. */
export const OBJECT_MODIFIED = 'the object has been modified; please apply your changes to the latest version and try again';

/**
 * The field errors as upstream's `ErrorList.ToAggregate().Error()`: identical messages once, one
 * bare, several as `[a, b]`; undefined for none.
 */
function aggregate(errors: readonly FieldError[]): string | undefined {
  const list = [...new Set(errors.map(formatFieldError))];
  if (!list.length) return undefined;
  return list.length === 1 ? list[0] : `[${list.join(', ')}]`;
}

/**
 * 422 as upstream's NewInvalid: the message names the group-qualified kind
 * (`Deployment.apps "x" is invalid: spec.selector: Required value`, core kinds bare: `Pod "x" ...`;
 * kubectl prefixes `The `), details carry `group` (omitted for core), `kind` and one cause per field.
 */
export class InvalidError extends ApiError {
  constructor(
    info: Pick<ResourceInfo, 'group' | 'kind'>,
    name: string,
    readonly errors: FieldError[],
  ) {
    const body = aggregate(errors);
    const message = `${qualifiedKind(info)} "${name}" is invalid${body === undefined ? '' : `: ${body}`}`;
    super(422, 'Invalid', message, { ...details(info.group, info.kind, name), causes: errors.map(toCause) });
  }
}

export class BadRequestError extends ApiError {
  constructor(message: string) {
    super(400, 'BadRequest', message);
  }
}

export class ForbiddenError extends ApiError {
  constructor(info: Pick<ResourceInfo, 'group' | 'resource'>, name: string, why: string) {
    // As upstream's NewForbidden: no quoted name when there is none (a generateName create).
    super(403, 'Forbidden', `${qualifiedResource(info)}${name ? ` "${name}"` : ''} is forbidden: ${why}`, resDetails(info, name));
  }
}

/** 410 Gone, reason Expired: the requested resourceVersion was compacted. */
export class ExpiredApiError extends ApiError {
  constructor(message: string) {
    super(410, 'Expired', message);
  }
}

/**
 * 405 as upstream's NewMethodNotSupported: the message names the group-qualified resource
 * (`deployments.apps`, bare for the core group) and the details carry group and resource.
 */
export class MethodNotSupportedError extends ApiError {
  constructor(resource: string, verb: string, group = '') {
    super(405, 'MethodNotAllowed', `${verb} is not supported on resources of kind "${group ? `${resource}.${group}` : resource}"`, group ? { group, kind: resource } : { kind: resource });
  }
}

export class UnsupportedMediaTypeError extends ApiError {
  constructor(contentType: string, accepted: readonly string[]) {
    super(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`, { causes: [{ reason: 'UnexpectedServerResponse', message: contentType }] });
  }
}

export class RequestEntityTooLargeError extends ApiError {
  constructor(limit: number) {
    super(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${limit}`);
  }
}

export class InternalError extends ApiError {
  constructor(message: string, cause?: unknown) {
    super(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] }, { cause });
  }
}

export class PathNotFoundError extends ApiError {
  constructor() {
    super(404, 'NotFound', 'the server could not find the requested resource', {});
  }
}
