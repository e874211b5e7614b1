import { hash } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 (standard alphabet, padding omitted: kube-proxy only keeps a prefix). */
export function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

const BASE32_CODES = [...BASE32].map((c) => c.charCodeAt(0));

/**
 * `prefix` + the first 16 base32 characters of sha256(text), as upstream's chain-name hashes:
 * 16 characters are exactly the first 10 bytes of the digest, so only those are encoded
 * (one-shot `crypto.hash`, no Hash object). The name is built from character codes in one go,
 * so it is a flat string (rules and sorts read it without flattening a rope first). Not
 * memoized: the rule cache (service-rules.ts) keeps each port's chain names while its inputs
 * are unchanged, so a name is hashed once per change.
 */
function hashedName(prefix: string, text: string): string {
  const d = hash('sha256', text, 'buffer');
  const codes: number[] = [];
  for (let i = 0; i < prefix.length; i++) codes.push(prefix.charCodeAt(i));
  for (let g = 0; g < 10; g += 5) {
    // 5 bytes = 40 bits = 8 characters: the top byte, then the low 32 bits
    const hi = d[g]!;
    const lo = ((d[g + 1]! << 24) | (d[g + 2]! << 16) | (d[g + 3]! << 8) | d[g + 4]!) >>> 0;
    codes.push(BASE32_CODES[hi >> 3]!, BASE32_CODES[((hi & 7) << 2) | (lo >>> 30)]!);
    for (let shift = 25; shift >= 0; shift -= 5) codes.push(BASE32_CODES[(lo >>> shift) & 31]!);
  }
  return String.fromCharCode(...codes);
}

export const SERVICE_CHAIN_PREFIX = 'KUBE-SVC-';
export const ENDPOINT_CHAIN_PREFIX = 'KUBE-SEP-';

/**
 * `KUBE-SVC-<hash>` for a service port. `servicePortName` is `ns/name:port` (`ns/name` when the
 * port is unnamed), protocol as in the API (`TCP`); e.g. `ns1/svc1:p80`+TCP → KUBE-SVC-XPGD46QRK7WJZT7O.
 */
export function serviceChainName(servicePortName: string, protocol: string): string {
  return hashedName(SERVICE_CHAIN_PREFIX, servicePortName + protocol.toLowerCase());
}

export const EXTERNAL_CHAIN_PREFIX = 'KUBE-EXT-';

/** `KUBE-EXT-<hash>`: the entry for NodePort and external-IP traffic of a service port (same hash as its KUBE-SVC-). */
export function externalChainName(servicePortName: string, protocol: string): string {
  return hashedName(EXTERNAL_CHAIN_PREFIX, servicePortName + protocol.toLowerCase());
}

/** `KUBE-SEP-<hash>` for one endpoint (`ip:port`) of a service port. */
export function endpointChainName(servicePortName: string, protocol: string, endpoint: string): string {
  return hashedName(ENDPOINT_CHAIN_PREFIX, servicePortName + protocol.toLowerCase() + endpoint);
}

/**
 * True for the per-service chains kube-proxy owns and deletes when no longer wanted (the
 * prefixes upstream uses, including the ones for NodePort/LoadBalancer/local policy).
 */
export function isServiceChainName(chain: string): boolean {
  return ['KUBE-SVC-', 'KUBE-SVL-', 'KUBE-EXT-', 'KUBE-FW-', 'KUBE-SEP-', 'KUBE-XLB-'].some((p) => chain.startsWith(p));
}
