/**
 * Resource quantities (upstream `resource.Quantity`) as plain numbers in base units:
 * cpu in cores ("100m" → 0.1, "2" → 2), memory in bytes ("128Mi" → 134217728, "1G" → 1e9).
 * Numbers are IEEE doubles: exact for integers up to 2^53 and for milli values in practice.
 */

/** upstream's format error message. */
export const QUANTITY_FORMAT_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

/** Thrown by {@link parseQuantity} for malformed input. */
export class QuantityParseError extends Error {
  override readonly name = 'QuantityParseError';
}

/**
 * Parses a quantity string (or passes a number through) into base units.
 * @throws QuantityParseError with upstream's message for malformed input.
 * @example parseQuantity('250m') // 0.25
 * @example parseQuantity('1Ki')  // 1024
 */
export function parseQuantity(s: string | number): number {
  if (typeof s === 'number') {
    if (!Number.isFinite(s)) throw new QuantityParseError(QUANTITY_FORMAT_ERROR);
    return s;
  }
  const m = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/.exec(s.trim());
  if (!m) throw new QuantityParseError(QUANTITY_FORMAT_ERROR);
  const num = m[1] ?? '';
  const suffix = m[2] ?? '';
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(num)) throw new QuantityParseError(QUANTITY_FORMAT_ERROR);
  const base = Number(num);
  const bin = BINARY[suffix];
  if (bin !== undefined) return base * bin;
  const dec = DECIMAL[suffix];
  if (dec !== undefined) return scale(num, dec);
  const e = /^[eE]([-+]?\d+)$/.exec(suffix);
  if (e) return scale(num, Number(e[1]));
  throw new QuantityParseError(`unable to parse quantity's suffix`);
}

/** num * 10^exp via the decimal string, avoiding the float noise of `0.1 * 1000`-style products. */
function scale(num: string, exp: number): number {
  return Number(`${num}e${exp}`);
}

/** Quantity in thousandths, rounded up like upstream `MilliValue()` (cpu "100m" → 100). */
export function parseMilli(s: string | number): number {
  return Math.ceil(Math.round(parseQuantity(s) * 1e6) / 1e3);
}

/**
 * Canonical string of a number of base units.
 * - `DecimalSI` (default; cpu, decimal memory): the largest SI suffix (n, u, m, '', k, M, G, T, P, E)
 *   that keeps an integer: 0.1 → "100m", 1500 → "1500", 2000 → "2k", 1e9 → "1G".
 * - `BinarySI` (memory): integers divisible by 1024^k use Ki..Ei (134217728 → "128Mi"); anything
 *   else falls back to DecimalSI, as upstream does for values it cannot express in binary.
 */
export function formatQuantity(value: number, format: 'DecimalSI' | 'BinarySI' = 'DecimalSI'): string {
  if (!Number.isFinite(value)) throw new QuantityParseError(`cannot format non-finite quantity ${value}`);
  if (value === 0) return '0';
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  if (format === 'BinarySI' && Number.isInteger(abs) && abs >= 1024) {
    let best = '';
    let bestVal = abs;
    for (const [suf, mult] of Object.entries(BINARY)) {
      if (abs % mult === 0) {
        best = suf;
        bestVal = abs / mult;
      }
    }
    if (best) return `${sign}${bestVal}${best}`;
    return `${sign}${abs}`;
  }
  if (Number.isInteger(abs)) {
    // Integers: largest power of 1000 that divides the value exactly.
    let out = `${abs}`;
    for (const [suf, exp] of [['k', 3], ['M', 6], ['G', 9], ['T', 12], ['P', 15], ['E', 18]] as const) {
      const div = 10 ** exp;
      if (abs % div !== 0) break;
      out = `${abs / div}${suf}`;
    }
    return sign + out;
  }
  // Fractions: integer nano units avoid float noise; pick the coarsest of n, u, m that is exact.
  const nano = Math.round(abs * 1e9);
  let out = `${nano}n`;
  for (const [suf, div] of [['u', 1e3], ['m', 1e6]] as const) {
    if (nano % div !== 0) break;
    out = `${nano / div}${suf}`;
  }
  return sign + out;
}
