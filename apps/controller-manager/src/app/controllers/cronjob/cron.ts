/**
 * A small standard-cron schedule (upstream uses robfig/cron's standard parser): five fields
 * `minute hour day-of-month month day-of-week` with `*`, `?`, lists, ranges `a-b`, steps `/n`
 * and JAN-DEC / SUN-SAT names (7 = Sunday); descriptors `@yearly|@annually|@monthly|@weekly|
 * @daily|@midnight|@hourly` and `@every <duration>`. When both day fields are restricted a day
 * matches either (cron's OR rule). Times are UTC unless an IANA `timeZone` is given (the CronJob
 * field): then the fields are wall-clock times in that zone (`inZone`).
 */
export interface Schedule {
  /** The first activation strictly after `t` (ms since epoch), or undefined within ~5 years. */
  next(t: number): number | undefined;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const DESCRIPTORS: Record<string, string> = { '@yearly': '0 0 1 1 *', '@annually': '0 0 1 1 *', '@monthly': '0 0 1 * *', '@weekly': '0 0 * * 0', '@daily': '0 0 * * *', '@midnight': '0 0 * * *', '@hourly': '0 * * * *' };
const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

function value(s: string, names: readonly string[] | undefined, offset: number): number {
  const i = names?.indexOf(s.toUpperCase()) ?? -1;
  if (i >= 0) return i + offset;
  if (!/^\d+$/.test(s)) throw new Error(`failed to parse int from ${s}`);
  return Number(s);
}

/** The set of allowed values of one field; `star` is true when the field starts with `*` or `?`. */
function field(expr: string, min: number, max: number, names?: readonly string[], offset = 0): { set: Set<number>; star: boolean } {
  const set = new Set<number>();
  for (const part of expr.split(',')) {
    const [range = '', stepS] = part.split('/');
    const step = stepS === undefined ? 1 : value(stepS, undefined, 0);
    if (step <= 0) throw new Error(`step of range should be a positive number: ${part}`);
    let lo: number;
    let hi: number;
    if (range === '*' || range === '?') [lo, hi] = [min, max];
    else {
      const [a = '', b] = range.split('-');
      lo = value(a, names, offset);
      hi = b === undefined ? (stepS === undefined ? lo : max) : value(b, names, offset);
    }
    if (lo < min || hi > max || lo > hi) throw new Error(`end of range (${hi}) above maximum (${max}) or beginning (${lo}) below minimum (${min}): ${part}`);
    for (let v = lo; v <= hi; v += step) set.add(v);
  }
  return { set, star: expr.startsWith('*') || expr.startsWith('?') };
}

/** Parses a schedule; throws an Error with an upstream-like message when it is invalid. */
export function parseSchedule(spec: string): Schedule {
  const s = spec.trim();
  if (s.startsWith('@every ')) {
    const d = s.slice(7).trim();
    let ms = 0;
    const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
    let m: RegExpExecArray | null;
    let seen = 0;
    while ((m = re.exec(d))) {
      ms += Number(m[1]) * (UNITS[m[2]!] ?? 0);
      seen = re.lastIndex;
    }
    if (!d || seen !== d.length) throw new Error(`failed to parse duration ${s}`);
    const every = Math.max(1000, Math.floor(ms / 1000) * 1000); // robfig: at least 1 s, whole seconds
    return { next: (t) => Math.floor(t / 1000) * 1000 + every };
  }
  const expanded = s.startsWith('@') ? DESCRIPTORS[s] : s;
  if (!expanded) throw new Error(`unrecognized descriptor: ${s}`);
  const parts = expanded.split(/\s+/);
  if (parts.length !== 5) throw new Error(`expected exactly 5 fields, found ${parts.length}: ${s}`);
  const [mi, ho, dm, mo, dw] = parts as [string, string, string, string, string];
  const minute = field(mi, 0, 59).set;
  const hour = field(ho, 0, 23).set;
  const dom = field(dm, 1, 31);
  const month = field(mo, 1, 12, MONTHS, 1).set;
  const dowF = field(dw, 0, 7, DAYS, 0);
  const dow = new Set([...dowF.set].map((d) => d % 7));
  const dayMatches = (d: Date): boolean => {
    const a = dom.set.has(d.getUTCDate());
    const b = dow.has(d.getUTCDay());
    return dom.star || dowF.star ? a && b : a || b;
  };
  return {
    next(t: number): number | undefined {
      const d = new Date(Math.floor(t / 60_000) * 60_000 + 60_000);
      const limit = t + 5 * 366 * 86_400_000;
      while (d.getTime() <= limit) {
        if (!month.has(d.getUTCMonth() + 1)) {
          d.setUTCMonth(d.getUTCMonth() + 1, 1);
          d.setUTCHours(0, 0, 0, 0);
        } else if (!dayMatches(d)) {
          d.setUTCDate(d.getUTCDate() + 1);
          d.setUTCHours(0, 0, 0, 0);
        } else if (!hour.has(d.getUTCHours())) {
          d.setUTCHours(d.getUTCHours() + 1, 0, 0, 0);
        } else if (!minute.has(d.getUTCMinutes())) {
          d.setUTCMinutes(d.getUTCMinutes() + 1, 0, 0);
        } else return d.getTime();
      }
      return undefined;
    },
  };
}

/** Offset (ms) of `zone` from UTC at instant `t`, via Intl. Throws RangeError for an unknown zone. */
export function zoneOffsetMs(zone: string, t: number): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(new Date(t));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
  return wall - Math.floor(t / 1000) * 1000;
}

/**
 * `schedule` evaluated in the IANA `zone` (upstream CronJob `timeZone`): the next wall-clock
 * match after `t`'s wall-clock time, converted back with the zone's offset at that moment.
 * Throws `unknown time zone <zone>` for a zone Intl does not know.
 */
export function inZone(schedule: Schedule, zone: string): Schedule {
  try {
    zoneOffsetMs(zone, 0);
  } catch {
    throw new Error(`unknown time zone ${zone}`);
  }
  return {
    next(t: number): number | undefined {
      const wall = schedule.next(t + zoneOffsetMs(zone, t));
      if (wall === undefined) return undefined;
      const guess = wall - zoneOffsetMs(zone, wall);
      const at = wall - zoneOffsetMs(zone, guess);
      return at > t ? at : schedule.next(wall) === undefined ? undefined : this.next(at + 60_000);
    },
  };
}
