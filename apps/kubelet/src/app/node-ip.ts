import { lookup } from 'node:dns/promises';
import { readFileSync } from 'node:fs';
import { isIP, isIPv4 } from 'node:net';
import os from 'node:os';
import { globalIPv4FromIproute } from './host-info';

/** Where {@link chooseNodeIP} looks; each source may fail (then it is skipped). Injectable for tests. */
export interface NodeIPSources {
  /** Every address `host` resolves to (dns.lookup: /etc/hosts, then DNS). */
  lookup(host: string): Promise<string[]>;
  /** The running interfaces' addresses (os.networkInterfaces()). */
  interfaces(): NodeJS.Dict<os.NetworkInterfaceInfo[]>;
  /** The interface of the IPv4 default route (/proc/net/route), if any. */
  defaultRouteInterface(): string | undefined;
  /**
   * Every local IPv4 address of the network namespace, links without carrier included
   * (/proc/net/fib_trie, else `ip -j`): os.networkInterfaces() skips a bridge that has no
   * carrier yet, such as the docker0 of a node whose only other interface is loopback.
   */
  localAddresses(): string[];
}

/** Link-local, loopback, unspecified and multicast addresses cannot be a node's IP (upstream `validateNodeIP`). */
export function isUsableNodeIP(ip: string): boolean {
  if (isIPv4(ip)) {
    const [a = 0, b = 0] = ip.split('.').map(Number);
    return !(a === 0 || a === 127 || (a === 169 && b === 254) || a >= 224);
  }
  const l = ip.toLowerCase();
  return isIP(l) === 6 && l !== '::' && l !== '::1' && !/^fe[89ab]/.test(l) && !l.startsWith('ff');
}

/** The local addresses in a /proc/net/fib_trie dump: each `|-- <ip>` followed by `/32 host LOCAL`. */
export function parseFibTrieLocal(text: string): string[] {
  const out: string[] = [];
  let last: string | undefined;
  for (const line of text.split('\n')) {
    const leaf = /\|--\s+(\d+\.\d+\.\d+\.\d+)\s*$/.exec(line);
    if (leaf) last = leaf[1];
    else if (last && /\/32 host LOCAL/.test(line) && !out.includes(last)) out.push(last);
  }
  return out;
}

/** The interface of the default route in a /proc/net/route dump (lowest metric first). */
export function parseDefaultRoute(text: string): string | undefined {
  const routes = text.split('\n').slice(1).map((l) => l.trim().split(/\s+/)).filter((f) => f.length >= 8 && f[1] === '00000000' && f[7] === '00000000');
  routes.sort((x, y) => Number(x[6]) - Number(y[6]));
  return routes[0]?.[0];
}

const readOr = (path: string): string => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};

/** The real sources; `lookup` gives up after `lookupTimeoutMs` (default 5 s). */
export function systemNodeIPSources(lookupTimeoutMs = 5000): NodeIPSources {
  return {
    lookup: async (host) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`lookup ${host} timed out`)), lookupTimeoutMs);
        timer.unref();
      });
      try {
        return (await Promise.race([lookup(host, { all: true }), timeout])).map((a) => a.address);
      } finally {
        clearTimeout(timer);
      }
    },
    interfaces: () => os.networkInterfaces(),
    defaultRouteInterface: () => parseDefaultRoute(readOr('/proc/net/route')),
    localAddresses: () => {
      const fib = parseFibTrieLocal(readOr('/proc/net/fib_trie'));
      if (fib.length) return fib;
      const ip = globalIPv4FromIproute();
      return ip ? [ip] : [];
    },
  };
}

export interface NodeIPChoice {
  ip?: string;
  /** Which rule picked it (logged): `--node-ip`, `hostname-override`, `lookup`, `default-route`, `interface`, `local-address`. */
  source?: string;
}

/**
 * The node's InternalIP, as upstream's kubelet picks it (`setNodeAddress` without a cloud provider):
 * 1. `--node-ip` when given (and not `0.0.0.0`/`::`);
 * 2. the node name itself when it is an IP (`--hostname-override=10.1.2.3`);
 * 3. what the node name resolves to (dns.lookup; skipped when `lookup` is false, e.g. hollow
 *    nodes): the first usable address that belongs to this host, IPv4 before IPv6;
 * 4. the IPv4 of the default route's interface (upstream `ChooseHostInterface`);
 * 5. the first non-loopback IPv4 of os.networkInterfaces();
 * 6. the first non-loopback local IPv4 of the namespace (links without carrier included).
 * Undefined when nothing qualifies (the Node then has only its Hostname address).
 * @throws Error when `--node-ip` is not an IP address.
 */
export async function chooseNodeIP(o: { nodeIP: string; nodeName: string; lookup?: boolean }, src: NodeIPSources = systemNodeIPSources()): Promise<NodeIPChoice> {
  if (o.nodeIP && o.nodeIP !== '0.0.0.0' && o.nodeIP !== '::') {
    if (!isIP(o.nodeIP)) throw new Error(`failed to parse node IP "${o.nodeIP}": not an IP address`);
    return { ip: o.nodeIP, source: '--node-ip' };
  }
  if (isIP(o.nodeName)) return { ip: o.nodeName, source: 'hostname-override' };
  const ifaces = src.interfaces();
  const ifaceAddrs = Object.values(ifaces).flatMap((l) => (l ?? []).map((a) => a.address));
  const local = new Set([...ifaceAddrs, ...safe(() => src.localAddresses(), [])]);
  if (o.lookup !== false) {
    const found = (await src.lookup(o.nodeName).catch(() => [])).filter((ip) => isUsableNodeIP(ip) && local.has(ip));
    const ip = found.find((a) => isIPv4(a)) ?? found[0];
    if (ip) return { ip, source: 'lookup' };
  }
  const route = safe(() => src.defaultRouteInterface(), undefined);
  const viaRoute = route ? ifaces[route]?.find((a) => a.family === 'IPv4' && isUsableNodeIP(a.address))?.address : undefined;
  if (viaRoute) return { ip: viaRoute, source: 'default-route' };
  const first = Object.values(ifaces).flatMap((l) => l ?? []).find((a) => a.family === 'IPv4' && !a.internal && isUsableNodeIP(a.address));
  if (first) return { ip: first.address, source: 'interface' };
  const anyLocal = [...local].find((a) => isIPv4(a) && isUsableNodeIP(a));
  return anyLocal ? { ip: anyLocal, source: 'local-address' } : {};
}

function safe<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}
