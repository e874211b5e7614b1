import type { ParsedUrlQuery } from 'node:querystring';
import { BadRequestError } from '../errors/api-errors';

/** First value of a query parameter. */
export function q(query: ParsedUrlQuery, name: string): string | undefined {
  const v = query[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Spellings Go's strconv.ParseBool takes as true (python's client sends `watch=True`). */
const TRUE_VALUES = new Set(['1', 't', 'T', 'true', 'TRUE', 'True']);

/** Boolean parameter with upstream's (strconv.ParseBool) spellings; absent or other → false. */
export function qBool(query: ParsedUrlQuery, name: string): boolean {
  const v = q(query, name);
  return v !== undefined && TRUE_VALUES.has(v);
}

/** Non-negative integer parameter; 400 on garbage. */
export function qInt(query: ParsedUrlQuery, name: string): number | undefined {
  const v = q(query, name);
  if (v === undefined || v === '') return undefined;
  if (!/^-?\d+$/.test(v)) throw new BadRequestError(`invalid value for ${name}: "${v}": must be an integer`);
  return Number(v);
}

/** `dryRun=All` → true; absent → false; anything else → 400 as upstream. */
export function qDryRun(query: ParsedUrlQuery): boolean {
  const raw = query['dryRun'];
  const vals = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  for (const v of vals) if (v !== 'All') throw new BadRequestError(`Invalid dry run value: "${v}": supported values: "All"`);
  return vals.length > 0;
}
