import { InvalidContinueError } from './errors';

/**
 * Continue tokens as upstream encodes them: base64 of
 * `{"v":"meta.k8s.io/v1","rv":<list revision>,"start":"<key suffix to resume at>"}`.
 * `start` is relative to the listed prefix so a token cannot escape its collection.
 */
export interface ContinuePoint {
  rv: number;
  start: string;
}

export function encodeContinue(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start })).toString('base64url');
}

export function decodeContinue(token: string): ContinuePoint {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidContinueError('continue key is not valid: illegal base64 or JSON');
  }
  const p = parsed as { v?: unknown; rv?: unknown; start?: unknown };
  if (p.v !== 'meta.k8s.io/v1' || typeof p.rv !== 'number' || typeof p.start !== 'string' || p.start.includes('..')) {
    throw new InvalidContinueError('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
  return { rv: p.rv, start: p.start };
}

/** The smallest key strictly greater than `key` (used to resume after the last item). */
export function keyAfter(key: string): string {
  return key + '\x00';
}
