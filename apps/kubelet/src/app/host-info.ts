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
