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

/**
 * Go's `time.Duration.String()` of `ms` truncated to whole milliseconds (as the kubelet's
 * `Truncate(time.Millisecond)` before printing): `0s`, `250ms`, `1.5s`, `2s`, `1m0.25s`, `1h2m3s`.
 */
export function formatGoDuration(ms: number): string {
  const t = Math.max(0, Math.floor(ms));
  if (t === 0) return '0s';
  if (t < 1000) return `${t}ms`;
  const h = Math.floor(t / 3_600_000);
  const m = Math.floor((t % 3_600_000) / 60_000);
  const rest = t % 60_000;
  const frac = String(rest % 1000).padStart(3, '0').replace(/0+$/, '');
  const s = `${Math.floor(rest / 1000)}${frac ? `.${frac}` : ''}s`;
  return h ? `${h}h${m}m${s}` : m ? `${m}m${s}` : s;
}
