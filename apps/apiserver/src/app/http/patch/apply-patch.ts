import { BadRequestError, UnsupportedMediaTypeError } from '../../errors/api-errors';
import { parseJSON, parseYAML } from '../body';
import { applyJSONPatch, JSONPatchError } from './json-patch';
import { mergePatch } from './merge-patch';
import { strategicMerge } from './strategic-merge';

export const PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml'] as const;
export type PatchType = (typeof PATCH_TYPES)[number];

/** Decodes a PATCH body for its Content-Type; 415 listing the supported patch types otherwise. */
export function decodePatch(mt: string, body: Buffer): { type: PatchType; patch: unknown } {
  if (!(PATCH_TYPES as readonly string[]).includes(mt)) throw new UnsupportedMediaTypeError(mt, PATCH_TYPES);
  const type = mt as PatchType;
  return { type, patch: type === 'application/apply-patch+yaml' ? parseYAML(body) : parseJSON(body) };
}

/**
 * Applies a decoded patch to the current object. For apply-patch+yaml this is only the plain
 * strategic merge; real server-side apply (field managers, pruning, conflicts) is
 * http/patch/apply/serve-apply.ts, which the resource handler uses instead.
 */
export function applyPatch(type: PatchType, cur: unknown, patch: unknown): Record<string, unknown> {
  let out: unknown;
  try {
    switch (type) {
      case 'application/json-patch+json':
        out = applyJSONPatch(cur, patch);
        break;
      case 'application/merge-patch+json':
        out = mergePatch(cur, patch);
        break;
      case 'application/strategic-merge-patch+json':
      case 'application/apply-patch+yaml':
        out = strategicMerge(cur, patch);
        break;
    }
  } catch (err) {
    if (err instanceof JSONPatchError) throw new BadRequestError(`the server rejected our request due to an error in our request: ${err.message}`);
    throw err;
  }
  if (typeof out !== 'object' || out === null || Array.isArray(out)) throw new BadRequestError('the patch did not produce an object');
  return out as Record<string, unknown>;
}
