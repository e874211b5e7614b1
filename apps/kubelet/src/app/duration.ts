/**
 * Parses a Go duration (`time.ParseDuration`): a sequence of decimal numbers with units
 * `ns`, `us`/`µs`, `ms`, `s`, `m`, `h`, e.g. `20s`, `1m30s`, `1.5h`, `0`. Returns milliseconds;
 * throws an Error naming the bad value.
 */
export function parseGoDuration(s: string): number {
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const str = s.trim();
  if (str === '0') return 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let pos = 0;
  for (let m = re.exec(str); m; m = re.exec(str)) {
    total += Number(m[1]) * units[m[2]!]!;
    pos = re.lastIndex;
  }
  if (str === '' || pos !== str.length) throw new Error(`time: invalid duration "${s}"`);
  return total;
}
