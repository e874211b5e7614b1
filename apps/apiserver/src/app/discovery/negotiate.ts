/**
 * Accept-header negotiation for discovery: which aggregated format (if any) the client asked
 * for. Media ranges are honoured in the order given (q-values other than 0 are not ranked);
 * a range with q=0 is ignored.
 */
import type { DiscoveryVersion } from './aggregated';

interface MediaRange { type: string; params: Record<string, string> }

/** Parses an Accept header into media ranges with lower-cased parameter names. */
export function parseAccept(accept: string | undefined): MediaRange[] {
  if (!accept) return [];
  return accept.split(',').map((part) => {
    const [type = '', ...rest] = part.split(';').map((s) => s.trim());
    const params: Record<string, string> = {};
    for (const p of rest) {
      const i = p.indexOf('=');
      if (i > 0) params[p.slice(0, i).trim().toLowerCase()] = p.slice(i + 1).trim().replace(/^"|"$/g, '');
    }
    return { type: type.toLowerCase(), params };
  }).filter((m) => m.type && m.params['q'] !== '0');
}

/** The aggregated discovery version wanted, or undefined for legacy discovery. */
export function wantsAggregated(accept: string | undefined): DiscoveryVersion | undefined {
  for (const m of parseAccept(accept)) {
    if (m.type !== 'application/json' || m.params['g'] !== 'apidiscovery.k8s.io' || m.params['as'] !== 'APIGroupDiscoveryList') continue;
    const v = m.params['v'];
    if (v === 'v2' || v === 'v2beta1') return v;
  }
  return undefined;
}
