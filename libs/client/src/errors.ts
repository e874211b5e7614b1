/**
 * Errors from the API server. Every non-2xx response becomes an {@link ApiError} carrying a
 * `Status`: the server's own when the body is one, otherwise one synthesised from the HTTP
 * code the way client-go's `NewGenericServerResponse` does (so kubectl-style messages such
 * as "the server could not find the requested resource" come out the same).
 */
import type { Status } from '@tskube/api-types';

/** Error from the server: carries the Status. `code` is the HTTP status, `reason` the Status reason. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly code: number;
  readonly reason: string;
  readonly status: Status;

  constructor(status: Status, options?: { cause?: unknown }) {
    super(status.message ?? `${status.code ?? 0} ${status.reason ?? 'Unknown'}`, options);
    this.status = status;
    this.code = status.code ?? 0;
    this.reason = status.reason ?? '';
  }
}

const GENERIC: Record<number, [reason: string, message: string]> = {
  400: ['BadRequest', 'the server rejected our request for an unknown reason'],
  401: ['Unauthorized', 'the server has asked for the client to provide credentials'],
  403: ['Forbidden', 'the server does not allow access to the requested resource'],
  404: ['NotFound', 'the server could not find the requested resource'],
  405: ['MethodNotAllowed', 'the server does not allow this method on the requested resource'],
  406: ['NotAcceptable', 'the server was unable to respond with a content type that the client supports'],
  409: ['Conflict', 'the server reported a conflict'],
  410: ['Expired', 'the requested resource has expired'],
  413: ['RequestEntityTooLarge', 'the server has rejected the request because the request body is too large'],
  415: ['UnsupportedMediaType', 'the server was unable to respond with a content type that the client supports'],
  422: ['Invalid', 'the server rejected our request due to an error in our request'],
  429: ['TooManyRequests', 'the server has received too many requests and has asked us to try again later'],
  500: ['InternalError', 'an error on the server has prevented the request from succeeding'],
  503: ['ServiceUnavailable', 'the server is currently unable to handle the request'],
  504: ['Timeout', 'the server was unable to return a response in the time allotted, but may still be processing the request'],
};

function isStatus(v: unknown): v is Status {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'Status';
}

/**
 * Builds the ApiError for a failed response. `body` is the raw response text. A `Status`
 * body is used as is (its code defaulting to the HTTP code); anything else is wrapped, with
 * a short body appended to the generic message like client-go (500: `an error on the server
 * ("<body>") has prevented ...`).
 */
export function apiErrorFromResponse(httpCode: number, body: string): ApiError {
  let parsed: unknown;
  try {
    parsed = body ? JSON.parse(body) : undefined;
  } catch {
    parsed = undefined;
  }
  if (isStatus(parsed)) return new ApiError({ ...parsed, code: parsed.code || httpCode });
  const [reason, generic] = GENERIC[httpCode] ?? ['Unknown', `the server responded with the status code ${httpCode} but did not return more information`];
  const trimmed = body.trim();
  let message = generic;
  if (httpCode === 500 && trimmed) message = `an error on the server (${JSON.stringify(trimmed.slice(0, 200))}) has prevented the request from succeeding`;
  else if (trimmed && httpCode !== 404) message = `${generic} (${trimmed.slice(0, 200)})`;
  return new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: httpCode, reason, message });
}

function codeOf(e: unknown): number | undefined {
  return e instanceof ApiError ? e.code : undefined;
}

/** True for 404 NotFound. */
export function isNotFound(e: unknown): boolean {
  return codeOf(e) === 404;
}
/** True for 409 with reason Conflict (resourceVersion mismatch), or any 409 that is not AlreadyExists. */
export function isConflict(e: unknown): boolean {
  return codeOf(e) === 409 && (e as ApiError).reason !== 'AlreadyExists';
}
/** True for 409 with reason AlreadyExists. */
export function isAlreadyExists(e: unknown): boolean {
  return codeOf(e) === 409 && (e as ApiError).reason === 'AlreadyExists';
}
/** True for 410 Gone / Expired (resourceVersion too old: relist). */
export function isGone(e: unknown): boolean {
  return codeOf(e) === 410;
}
/** True for 422 Invalid. */
export function isInvalid(e: unknown): boolean {
  return codeOf(e) === 422;
}
