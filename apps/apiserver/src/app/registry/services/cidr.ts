/** IPv4 CIDR arithmetic for the service IP range (IPv6 is not served yet). */
export interface Cidr {
  base: number;
  size: number;
  text: string;
}

export function ipToInt(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n;
}

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** Parses `10.0.0.0/24`; throws a one-line error for anything else. */
export function parseCidr(text: string): Cidr {
  const [ip, bitsText] = text.split('/');
  const addr = ipToInt(ip ?? '');
  const bits = Number(bitsText);
  if (addr === undefined || !Number.isInteger(bits) || bits < 8 || bits > 30) throw new Error(`invalid --service-cluster-ip-range "${text}": want an IPv4 CIDR with prefix length 8..30`);
  const size = 2 ** (32 - bits);
  return { base: addr - (addr % size), size, text };
}

/** Usable addresses: network and broadcast addresses excluded. */
export function inRange(c: Cidr, ip: number): boolean {
  return ip > c.base && ip < c.base + c.size - 1;
}
