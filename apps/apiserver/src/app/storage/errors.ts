/**
 * Storage-layer errors: typed so the registry can map each to one API error (policy: storage
 * never builds HTTP Status objects, the registry never inspects backend error messages).
 */
export class StorageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** create() on an existing key. */
export class KeyExistsError extends StorageError {
  constructor(readonly key: string) {
    super(`key ${key} already exists`);
  }
}

/** get-for-update/delete of a missing key. */
export class KeyNotFoundError extends StorageError {
  constructor(readonly key: string) {
    super(`key ${key} not found`);
  }
}

/** A uid/resourceVersion precondition did not match the stored object. */
export class PreconditionError extends StorageError {
  constructor(
    readonly key: string,
    readonly field: 'uid' | 'resourceVersion',
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`Precondition failed: ${field}: expected ${expected}, actual ${actual}`);
  }
}

/** The requested revision has been compacted (HTTP 410 Gone, reason Expired). */
export class ExpiredError extends StorageError {
  constructor(
    readonly requested: number,
    readonly compacted: number,
  ) {
    super(`too old resource version: ${requested} (${compacted})`);
  }
}

/** A continue token that cannot be decoded. */
export class InvalidContinueError extends StorageError {}

/** A list/watch asked for a revision the store has not reached (upstream 504 "Too large resource version"). */
export class TooLargeResourceVersionError extends StorageError {
  constructor(
    readonly requested: number,
    readonly current: number,
  ) {
    super(`Too large resource version: ${requested}, current: ${current}`);
  }
}
