/**
 * Label selectors, as upstream `k8s.io/apimachinery/pkg/labels`: parse the string form used by
 * `kubectl -l` and the `labelSelector` query parameter, convert `LabelSelector` objects from
 * specs, and print the canonical string (requirements sorted by key, set values sorted).
 *
 * Semantics match upstream: `!=` and `notin` also match objects that lack the key; an empty
 * selector matches every object.
 */
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { validateLabelValue, validateQualifiedName } from '../validation/names';

/** Thrown for a malformed selector string or an invalid `LabelSelector` object. */
export class SelectorParseError extends Error {
  override readonly name = 'SelectorParseError';
}

/** Requirement operators, named as upstream's `selection.Operator`. */
export type LabelOperator = 'Equals' | 'DoubleEquals' | 'NotEquals' | 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

/** One parsed requirement; `values` is sorted and empty for Exists/DoesNotExist. */
export interface LabelRequirement {
  readonly key: string;
  readonly operator: LabelOperator;
  readonly values: readonly string[];
}

/**
 * A compiled label selector. Immutable; safe to share between callers.
 * @example parseLabelSelector('app=web,tier notin (db)').matches({ app: 'web' }) // true
 */
export interface LabelSelectorPredicate {
  /** True when the labels satisfy every requirement (`undefined` labels = no labels). */
  matches(labels: Readonly<Record<string, string>> | undefined): boolean;
  /** Canonical string form (upstream `Selector.String()`), `''` for the empty selector. */
  toString(): string;
  /** True when there are no requirements (matches everything). */
  readonly empty: boolean;
  /** The requirements, sorted by key. */
  readonly requirements: readonly LabelRequirement[];
}

function requirementMatches(r: LabelRequirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = has ? labels[r.key] : undefined;
  switch (r.operator) {
    case 'Equals':
    case 'DoubleEquals':
    case 'In':
      return v !== undefined && r.values.includes(v);
    case 'NotEquals':
    case 'NotIn':
      return v === undefined || !r.values.includes(v);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
  }
}

function requirementString(r: LabelRequirement): string {
  const one = r.values[0] ?? '';
  switch (r.operator) {
    case 'Equals':
      return `${r.key}=${one}`;
    case 'DoubleEquals':
      return `${r.key}==${one}`;
    case 'NotEquals':
      return `${r.key}!=${one}`;
    case 'In':
      return `${r.key} in (${r.values.join(',')})`;
    case 'NotIn':
      return `${r.key} notin (${r.values.join(',')})`;
    case 'Exists':
      return r.key;
    case 'DoesNotExist':
      return `!${r.key}`;
  }
}

/** Validates and builds one requirement (upstream `NewRequirement`); throws SelectorParseError. */
export function newRequirement(key: string, operator: LabelOperator, values: readonly string[]): LabelRequirement {
  const keyErrs = validateQualifiedName(key);
  if (keyErrs.length > 0) throw new SelectorParseError(`key: Invalid value: "${key}": ${keyErrs.join('; ')}`);
  switch (operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) throw new SelectorParseError("values: Invalid value: []: for 'in', 'notin' operators, values set can't be empty");
      break;
    case 'Equals':
    case 'DoubleEquals':
    case 'NotEquals':
      if (values.length !== 1) throw new SelectorParseError("values: Invalid value: exact-match compatibility requires one single value");
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length !== 0) throw new SelectorParseError("values: Invalid value: values set must be empty for exists and does not exist");
      break;
  }
  for (const v of values) {
    const errs = validateLabelValue(v);
    if (errs.length > 0) throw new SelectorParseError(`values[0][${key}]: Invalid value: "${v}": ${errs.join('; ')}`);
  }
  return { key, operator, values: [...new Set(values)].sort() };
}

/** Builds a predicate from requirements (sorted by key, stable). */
export function selectorFromRequirements(reqs: readonly LabelRequirement[]): LabelSelectorPredicate {
  const sorted = [...reqs].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const str = sorted.map(requirementString).join(',');
  return {
    requirements: sorted,
    empty: sorted.length === 0,
    matches: (labels) => sorted.every((r) => requirementMatches(r, labels ?? {})),
    toString: () => str,
  };
}

/** A selector that matches every object (upstream `labels.Everything()`). */
export const EVERYTHING_SELECTOR: LabelSelectorPredicate = selectorFromRequirements([]);

/** A selector that matches no object (upstream `labels.Nothing()`). */
export const NOTHING_SELECTOR: LabelSelectorPredicate = {
  requirements: [],
  empty: false,
  matches: () => false,
  toString: () => '',
};

type Token = { kind: 'id'; text: string } | { kind: 'sym'; text: string } | { kind: 'eof'; text: '' };
const SYMBOLS = ['==', '!=', '=', '!', '(', ')', ','];

function tokenize(s: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i] ?? '';
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const sym = SYMBOLS.find((x) => s.startsWith(x, i));
    if (sym) {
      out.push({ kind: 'sym', text: sym });
      i += sym.length;
      continue;
    }
    let j = i;
    while (j < s.length && !/\s/.test(s[j] ?? '') && !'=!(),'.includes(s[j] ?? '')) j++;
    out.push({ kind: 'id', text: s.slice(i, j) });
    i = j;
  }
  out.push({ kind: 'eof', text: '' });
  return out;
}

/**
 * Parses a selector string such as `app=web,env!=prod,tier in (a,b),!canary`.
 * Whitespace around tokens is ignored; `''` yields the empty (match-all) selector.
 * @throws SelectorParseError with upstream-style messages (`unable to parse requirement: ...`).
 */
export function parseLabelSelector(s: string): LabelSelectorPredicate {
  const toks = tokenize(s);
  let pos = 0;
  const peek = (): Token => toks[pos] ?? { kind: 'eof', text: '' };
  const next = (): Token => toks[pos++] ?? { kind: 'eof', text: '' };
  const fail = (found: string, expected: string): never => {
    throw new SelectorParseError(`unable to parse requirement: found '${found}', expected: ${expected}`);
  };
  const build = (key: string, op: LabelOperator, values: string[]): LabelRequirement => {
    try {
      return newRequirement(key, op, values);
    } catch (e) {
      throw new SelectorParseError(`unable to parse requirement: ${(e as Error).message}`);
    }
  };
  const reqs: LabelRequirement[] = [];
  if (peek().kind === 'eof') return EVERYTHING_SELECTOR;
  for (;;) {
    let t = next();
    if (t.kind === 'sym' && t.text === '!') {
      t = next();
      if (t.kind !== 'id') fail(t.text, 'identifier');
      reqs.push(build(t.text, 'DoesNotExist', []));
    } else {
      if (t.kind !== 'id') fail(t.text, "'!', identifier");
      const key = t.text;
      const op = peek();
      if (op.kind === 'eof' || (op.kind === 'sym' && op.text === ',')) {
        reqs.push(build(key, 'Exists', []));
      } else if (op.kind === 'sym' && (op.text === '=' || op.text === '==' || op.text === '!=')) {
        next();
        const v = peek();
        let value = '';
        if (v.kind === 'id') value = next().text;
        else if (!(v.kind === 'eof' || (v.kind === 'sym' && v.text === ','))) fail(v.text, 'identifier');
        const opName: LabelOperator = op.text === '=' ? 'Equals' : op.text === '==' ? 'DoubleEquals' : 'NotEquals';
        reqs.push(build(key, opName, [value]));
      } else if (op.kind === 'id' && (op.text === 'in' || op.text === 'notin')) {
        next();
        const open = next();
        if (!(open.kind === 'sym' && open.text === '(')) fail(open.text, "'('");
        const values: string[] = [];
        if (peek().kind === 'sym' && peek().text === ')') {
          next();
        } else {
          for (;;) {
            // An empty slot between separators is the empty string value, as upstream.
            const v = peek();
            if (v.kind === 'id') values.push(next().text);
            else if (v.kind === 'sym' && (v.text === ',' || v.text === ')')) values.push('');
            else fail(v.text, "',', ')' or identifier");
            const sep = next();
            if (sep.kind === 'sym' && sep.text === ')') break;
            if (!(sep.kind === 'sym' && sep.text === ',')) fail(sep.text, "',' or ')'");
          }
        }
        reqs.push(build(key, op.text === 'in' ? 'In' : 'NotIn', values));
      } else {
        fail(op.text, "'=', '!=', '==', 'in', 'notin'");
      }
    }
    const sep = next();
    if (sep.kind === 'eof') break;
    if (!(sep.kind === 'sym' && sep.text === ',')) fail(sep.text, "','");
  }
  return selectorFromRequirements(reqs);
}

/**
 * Converts a `LabelSelector` object (spec.selector of Deployments, ReplicaSets, Services...)
 * into a predicate, like upstream `metav1.LabelSelectorAsSelector`.
 * An empty object `{}` matches everything. NOTE: `undefined` also matches everything here
 * (upstream returns Nothing for nil); callers that need "nil matches nothing" must check first.
 * @throws SelectorParseError for unknown operators or invalid keys/values.
 */
export function labelSelectorFromObject(sel: LabelSelector | undefined): LabelSelectorPredicate {
  if (!sel) return EVERYTHING_SELECTOR;
  const reqs: LabelRequirement[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push(newRequirement(k, 'Equals', [v]));
  for (const e of sel.matchExpressions ?? []) {
    const op = e.operator;
    if (op !== 'In' && op !== 'NotIn' && op !== 'Exists' && op !== 'DoesNotExist') {
      throw new SelectorParseError(`"${op}" is not a valid label selector operator`);
    }
    reqs.push(newRequirement(e.key, op, e.values ?? []));
  }
  return selectorFromRequirements(reqs);
}

/** Canonical string of a `LabelSelector` object, e.g. `app=web,tier in (a,b)` (for `-l` / query params). */
export function selectorToString(sel: LabelSelector): string {
  return labelSelectorFromObject(sel).toString();
}
