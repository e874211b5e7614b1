/**
 * Field selectors, as upstream `k8s.io/apimachinery/pkg/fields`: `a=b,c!=d`, `a==b`.
 * Only equality and inequality exist. A backslash escapes `,`, `=`, `!` and `\` in values.
 * A missing field compares as `''` (upstream's `fields.Set` lookup), so `spec.nodeName=`
 * matches unscheduled pods.
 */
import { SelectorParseError } from './label-selector';

/** One `field op value` term. `==` is normalised to `=`. */
export interface FieldRequirement {
  readonly field: string;
  readonly op: '=' | '!=';
  readonly value: string;
}

/** A parsed field selector. Immutable. */
export interface FieldSelector {
  readonly requirements: readonly FieldRequirement[];
  /** True when every requirement holds; `get` returns the field's value or undefined (= ''). */
  matches(get: (field: string) => string | undefined): boolean;
  /** Canonical string (`a=b,c!=d`), `''` when empty. */
  toString(): string;
  readonly empty: boolean;
}

function escapeValue(v: string): string {
  return v.replace(/[\\,=!]/g, (c) => `\\${c}`);
}

/** Splits on unescaped commas. */
function splitTerms(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? '';
    if (c === '\\' && i + 1 < s.length) {
      cur += c + (s[i + 1] ?? '');
      i++;
    } else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function unescape(v: string): string {
  let out = '';
  for (let i = 0; i < v.length; i++) {
    const c = v[i] ?? '';
    if (c === '\\') {
      const n = v[i + 1];
      if (n === undefined || !'\\,=!'.includes(n)) throw new SelectorParseError(`invalid escape sequence '\\${n ?? ''}' in field selector value "${v}"`);
      out += n;
      i++;
    } else if (c === ',' || c === '=') {
      throw new SelectorParseError(`invalid field selector value "${v}": '${c}' must be escaped`);
    } else out += c;
  }
  return out;
}

/** Builds a selector from requirements (kept in the given order). */
export function fieldSelectorFromRequirements(reqs: readonly FieldRequirement[]): FieldSelector {
  const str = reqs.map((r) => `${r.field}${r.op}${escapeValue(r.value)}`).join(',');
  return {
    requirements: reqs,
    empty: reqs.length === 0,
    matches: (get) => reqs.every((r) => ((get(r.field) ?? '') === r.value) === (r.op === '=')),
    toString: () => str,
  };
}

/**
 * Parses `metadata.name=web,spec.nodeName!=n1`. `''` yields the empty (match-all) selector.
 * @throws SelectorParseError `invalid selector: '<term>'; can't understand '<term>'` like upstream.
 */
export function parseFieldSelector(s: string): FieldSelector {
  const reqs: FieldRequirement[] = [];
  if (s.trim() === '') return fieldSelectorFromRequirements(reqs);
  for (const term of splitTerms(s)) {
    const m = /^([^=!\\]*?)(!=|==|=)(.*)$/s.exec(term);
    if (!m) throw new SelectorParseError(`invalid selector: '${s}'; can't understand '${term}'`);
    const field = (m[1] ?? '').trim();
    if (field === '') throw new SelectorParseError(`invalid selector: '${s}'; can't understand '${term}'`);
    reqs.push({ field, op: m[2] === '!=' ? '!=' : '=', value: unescape(m[3] ?? '') });
  }
  return fieldSelectorFromRequirements(reqs);
}
