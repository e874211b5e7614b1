/**
 * Formatting helpers shared by the printers, matching upstream's output byte for byte:
 * duration.HumanDuration, translateTimestampSince, labels.FormatLabels and the label
 * selector String() form.
 */
import type { LabelSelector } from '@tskube/api-types';

/** upstream apimachinery duration.HumanDuration (ms in, e.g. "5s", "3m2s", "10m", "2d3h"). */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    return dy === 0 ? `${Math.trunc(hours / 24 / 365)}y` : `${Math.trunc(hours / 24 / 365)}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/** Age of an RFC 3339 timestamp: "<unknown>" when absent (upstream translateTimestampSince). */
export function translateTimestampSince(ts: string | undefined | null, now: number): string {
  if (!ts) return '<unknown>';
  const t = Date.parse(ts);
  if (Number.isNaN(t)) return '<unknown>';
  return humanDuration(now - t);
}

/** labels.FormatLabels: sorted "k=v,k2=v2", "<none>" when empty. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels?.[k] ?? ''}`).join(',');
}

/**
 * metav1.LabelSelectorAsSelector(sel).String(): requirements sorted by key, values sorted;
 * "" for a nil or empty selector.
 */
export function labelSelectorString(sel: LabelSelector | undefined): string {
  if (!sel) return '';
  const reqs: { key: string; text: string }[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push({ key: k, text: `${k}=${v}` });
  for (const e of sel.matchExpressions ?? []) {
    const vals = [...(e.values ?? [])].sort().join(',');
    const text = e.operator === 'In' ? `${e.key} in (${vals})`
      : e.operator === 'NotIn' ? `${e.key} notin (${vals})`
        : e.operator === 'Exists' ? e.key
          : e.operator === 'DoesNotExist' ? `!${e.key}` : `${e.key} ${e.operator} (${vals})`;
    reqs.push({ key: e.key, text });
  }
  // stable sort by key, as upstream sort.Sort(ByKey) over requirements
  reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return reqs.map((r) => r.text).join(',');
}

/** metav1.FormatLabelSelector: like labelSelectorString but "<none>" when empty. */
export function formatLabelSelector(sel: LabelSelector | undefined): string {
  return labelSelectorString(sel) || '<none>';
}

/** net.JoinHostPort: brackets around IPv6 hosts. */
export function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** layoutContainerCells: comma-joined container names and images. */
export function containerCells(containers: readonly { name: string; image?: string }[] | undefined): [string, string] {
  const cs = containers ?? [];
  return [cs.map((c) => c.name).join(','), cs.map((c) => c.image ?? '').join(',')];
}
