import type { ResourceInfo } from '@tskube/api-types';
import { AlreadyExistsError, BadRequestError, ConflictError, ExpiredApiError, NotFoundError } from '../errors/api-errors';
import { ExpiredError, InvalidContinueError, KeyExistsError, KeyNotFoundError, PreconditionError } from '../storage/errors';

/**
 * The one place storage errors become API errors (with the resource and name for the
 * message); unknown errors pass through unchanged for the HTTP layer's 500.
 */
export function toApiError(err: unknown, info: ResourceInfo, name: string): unknown {
  if (err instanceof KeyExistsError) return new AlreadyExistsError(info, name);
  if (err instanceof KeyNotFoundError) return new NotFoundError(info, name);
  if (err instanceof PreconditionError) {
    const why = err.field === 'uid' ? `Precondition failed: UID in precondition: ${err.expected}, UID in object meta: ${err.actual}` : `the ResourceVersion in the precondition (${err.expected}) does not match the ResourceVersion in record (${err.actual}). The object might have been modified`;
    return new ConflictError(info, name, why);
  }
  if (err instanceof ExpiredError) return new ExpiredApiError(err.message);
  if (err instanceof InvalidContinueError) return new BadRequestError(err.message);
  return err;
}
