import { BadRequestError } from '../errors/api-errors';

/** Deepest nesting accepted in a decoded body (real manifests stay far below; recursive merges stay safe). */
export const MAX_DEPTH = 1000;
/**
 * Most values a decoded body may expand to, counting every visit of a value shared through
 * YAML aliases (`*ref`) — the "billion laughs" defence, like go-yaml's alias-expansion limit.
 * A 3 MiB JSON body has at most ~1.5 M values, so honest bodies never hit it.
 */
export const MAX_VALUES = 2_000_000;

const tooBigError = (what: string): BadRequestError => new BadRequestError(`${what} could not be decoded: it expands to more than ${MAX_VALUES} values (YAML aliases?)`);
const tooDeepError = (what: string): BadRequestError => new BadRequestError(`${what} could not be decoded: exceeded max depth of ${MAX_DEPTH}`);

interface Frame {
  node: object;
  kids: unknown[];
  i: number;
  size: number;
  depth: number;
}

const frame = (node: object): Frame => ({ node, kids: Array.isArray(node) ? (node as unknown[]) : Object.values(node), i: 0, size: 1, depth: 0 });

/**
 * Measures a decoded body without recursion (no stack overflow) and throws a 400 when it
 * nests deeper than MAX_DEPTH or expands to more than MAX_VALUES values. Values shared
 * through YAML aliases count once per use, as serialising them would, but are measured
 * once (memoised by identity), so an alias bomb costs time linear in its text; alias
 * cycles are rejected.
 */
export function checkDecodedLimits(value: unknown, what = 'the body of the request'): void {
  if (typeof value !== 'object' || value === null) return;
  const tooBig = (): BadRequestError => tooBigError(what);
  const tooDeep = (): BadRequestError => tooDeepError(what);
  const memo = new Map<object, { size: number; depth: number }>();
  const onPath = new Set<object>([value]);
  const stack: Frame[] = [frame(value)];
  while (stack.length) {
    const f = stack[stack.length - 1]!;
    if (f.i < f.kids.length) {
      const c = f.kids[f.i++];
      if (typeof c !== 'object' || c === null) {
        f.size++;
        continue;
      }
      const m = memo.get(c);
      if (m) {
        f.size += m.size;
        f.depth = Math.max(f.depth, m.depth + 1);
        if (f.size > MAX_VALUES) throw tooBig();
        if (stack.length + m.depth >= MAX_DEPTH) throw tooDeep();
        continue;
      }
      if (onPath.has(c)) throw new BadRequestError(`${what} could not be decoded: recursive alias`);
      if (stack.length >= MAX_DEPTH) throw tooDeep();
      onPath.add(c);
      stack.push(frame(c));
      continue;
    }
    stack.pop();
    onPath.delete(f.node);
    memo.set(f.node, { size: f.size, depth: f.depth });
    if (f.size > MAX_VALUES) throw tooBig();
    const parent = stack[stack.length - 1];
    if (parent) {
      parent.size += f.size;
      parent.depth = Math.max(parent.depth, f.depth + 1);
    }
  }
}

/**
 * checkDecodedLimits for a value known to be a tree — JSON.parse's output, where no value is
 * shared and nothing is cyclic — with the same results (same error for the same input, found in
 * the same depth-first order) but without the alias bookkeeping: no frame, memo or path-set
 * allocation per container, which made the general walk ~5 µs of every JSON write. Recursion is
 * bounded by MAX_DEPTH.
 */
export function checkTreeLimits(value: unknown, what = 'the body of the request'): void {
  if (typeof value === 'object' && value !== null) treeSize(value, 1, what);
}

/** Values in the container `node` at depth `depth` (root 1), itself included; throws like checkDecodedLimits. */
function treeSize(node: object, depth: number, what: string): number {
  let size = 1;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) size += childSize(node[i] as unknown, depth, what);
  } else {
    const o = node as Record<string, unknown>;
    for (const k of Object.keys(o)) size += childSize(o[k], depth, what);
  }
  if (size > MAX_VALUES) throw tooBigError(what);
  return size;
}

function childSize(c: unknown, depth: number, what: string): number {
  if (typeof c !== 'object' || c === null) return 1;
  if (depth >= MAX_DEPTH) throw tooDeepError(what);
  return treeSize(c, depth + 1, what);
}
