/**
 * Hands out IPv4 addresses from a CIDR (network + 2 up to broadcast − 1; `.1` is left for a
 * gateway, as on a Docker bridge). Next-fit: a released address is reused only after the
 * others, so a deleted pod's IP does not reappear at once. Throws when the range is full.
 */
export class IpPool {
  private readonly first: number;
  private readonly last: number;
  private readonly used = new Set<number>();
  private cursor: number;

  constructor(readonly cidr: string) {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
    const octets = m ? m.slice(1, 5).map(Number) : [];
    const bits = m ? Number(m[5]) : -1;
    if (!m || octets.some((o) => o > 255) || bits < 8 || bits > 30) throw new Error(`invalid pod CIDR "${cidr}": want a.b.c.d/n with 8 <= n <= 30`);
    const addr = octets.reduce((a, o) => a * 256 + o, 0);
    const size = 2 ** (32 - bits);
    const network = addr - (addr % size);
    this.first = network + 2;
    this.last = network + size - 2;
    this.cursor = this.first;
  }

  /** Number of addresses in use. */
  get size(): number {
    return this.used.size;
  }

  /** A free address; throws when none is left. */
  allocate(): string {
    const span = this.last - this.first + 1;
    for (let i = 0; i < span; i++) {
      const n = this.first + ((this.cursor - this.first + i) % span);
      if (!this.used.has(n)) {
        this.used.add(n);
        this.cursor = n + 1 > this.last ? this.first : n + 1;
        return toDotted(n);
      }
    }
    throw new Error(`pod CIDR ${this.cidr} is full (${span} addresses)`);
  }

  /** Returns `ip` to the pool; unknown addresses are ignored. */
  release(ip: string): void {
    const n = ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
    this.used.delete(n);
  }
}

function toDotted(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

/**
 * Default per-node pod range of a hollow kubelet: a /24 inside 10.128.0.0/9 chosen by a hash
 * of the node name, so kubelets started with different names rarely share addresses.
 */
export function defaultHollowPodCidr(nodeName: string): string {
  let h = 2166136261;
  for (const ch of nodeName) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  const slot = h % 32768;
  return `10.${128 + (slot >> 8)}.${slot & 255}.0/24`;
}
