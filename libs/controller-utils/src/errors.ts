/**
 * Error policy for controllers (one per layer): a thrown error from a sync means "requeue with
 * rate-limited backoff"; `TerminalError` means the object cannot be handled whatever we retry
 * (bad selector, ...) and is logged once and dropped until it changes.
 */
export class TerminalError extends Error {
  override readonly name = 'TerminalError';
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
