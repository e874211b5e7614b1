import { execFileSync } from 'node:child_process';
import { readFileSync, statfsSync } from 'node:fs';
import os from 'node:os';

/** Facts about the host that go into the Node object. */
export interface HostInfo {
  hostname: string;
  cpuCores: number;
  memoryBytes: number;
  /** Size of the filesystem holding the kubelet root dir; undefined when unknown. */
  ephemeralStorageBytes?: number;
  /** First non-loopback IPv4 address, if any. */
  firstIPv4?: string;
  osImage: string;
  kernelVersion: string;
  operatingSystem: string;
  architecture: string;
  machineID: string;
  bootID: string;
}

function readTrimmed(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return '';
  }
}

/** PRETTY_NAME from /etc/os-release (e.g. "Debian GNU/Linux 12 (bookworm)"). */
function osImage(): string {
  const m = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readTrimmed('/etc/os-release'));
  return m?.[1] ?? `${os.type()} ${os.release()}`;
}

const GOARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x' };

/** First non-internal IPv4 address of the host's interfaces (upstream picks the default route's). */
export function firstNonLoopbackIPv4(ifaces: NodeJS.Dict<os.NetworkInterfaceInfo[]> = os.networkInterfaces()): string | undefined {
  for (const list of Object.values(ifaces)) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return undefined;
}

interface IpAddrJson {
  ifname?: string;
  addr_info?: { family?: string; local?: string; scope?: string }[];
}

/**
 * First global-scope IPv4 from `ip -j -4 addr` (iproute2). Unlike os.networkInterfaces(),
 * which skips links that are not RUNNING, this sees a bridge without carrier yet, such as
 * the docker0 of a node whose only other interface is loopback.
 */
export function globalIPv4FromIproute(run: () => string = () => execFileSync('ip', ['-j', '-4', 'addr', 'show'], { encoding: 'utf8', timeout: 5000 })): string | undefined {
  let links: IpAddrJson[];
  try {
    links = JSON.parse(run()) as IpAddrJson[];
  } catch {
    return undefined; // no iproute2 or unexpected output: the caller falls back further
  }
  for (const l of links) for (const a of l.addr_info ?? []) if (a.family === 'inet' && a.scope === 'global' && a.local) return a.local;
  return undefined;
}

/** Reads the host's facts once (cheap, synchronous). */
export function collectHostInfo(rootDir: string): HostInfo {
  let ephemeralStorageBytes: number | undefined;
  for (const dir of [rootDir, '/']) {
    try {
      const s = statfsSync(dir);
      ephemeralStorageBytes = s.blocks * s.bsize;
      break;
    } catch {
      // root dir may not exist yet; fall back to /
    }
  }
  return {
    hostname: os.hostname().toLowerCase(),
    cpuCores: os.cpus().length || 1,
    memoryBytes: os.totalmem(),
    ...(ephemeralStorageBytes !== undefined ? { ephemeralStorageBytes } : {}),
    ...(firstNonLoopbackIPv4() ? { firstIPv4: firstNonLoopbackIPv4() } : {}),
    osImage: osImage(),
    kernelVersion: os.release(),
    operatingSystem: os.platform(),
    architecture: GOARCH[os.arch()] ?? os.arch(),
    machineID: readTrimmed('/etc/machine-id'),
    bootID: readTrimmed('/proc/sys/kernel/random/boot_id'),
  };
}
