import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Helpers for integration specs that need their own network namespaces. Everything that
 * touches iptables or sends traffic runs through `nsenter --net=/var/run/netns/<name>`;
 * nothing here acts on the host namespace except creating and deleting namespaces.
 */

/** Why network-namespace tests cannot run here, or undefined when they can. */
export function netnsSkipReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root (network namespaces, iptables)';
  for (const bin of ['ip', 'nsenter', 'iptables-restore', 'iptables-save']) {
    try {
      execFileSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' });
    } catch {
      return `${bin} not found`;
    }
  }
  return undefined;
}

/** Runs a command, returning stdout; throws with stderr on failure. */
export function sh(argv: string[], input?: string): string {
  return execFileSync(argv[0]!, argv.slice(1), { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'], timeout: 10_000 });
}

/** A network namespace this process created (and must delete). */
export class Netns {
  readonly path: string;
  private readonly children: ChildProcess[] = [];

  constructor(readonly name: string) {
    this.path = `/var/run/netns/${name}`;
    if (existsSync(this.path)) sh(['ip', 'netns', 'del', name]);
    sh(['ip', 'netns', 'add', name]);
    sh(['ip', '-n', name, 'link', 'set', 'lo', 'up']);
  }

  /** `nsenter --net=<path>`: the prefix that runs a command inside. */
  prefix(): string[] {
    return ['nsenter', `--net=${this.path}`];
  }

  /** `ip -n <name> ...args`. */
  ip(...args: string[]): string {
    return sh(['ip', '-n', this.name, ...args]);
  }

  /** Runs a command inside the namespace. */
  exec(argv: string[], input?: string): string {
    return sh([...this.prefix(), ...argv], input);
  }

  /** Starts a long-running command inside; it is killed (by PID) in destroy(). */
  spawn(argv: string[]): ChildProcess {
    const child = spawn(this.prefix()[0]!, [...this.prefix().slice(1), ...argv], { stdio: 'ignore' });
    this.children.push(child);
    return child;
  }

  /** Kills what spawn() started and deletes the namespace. */
  destroy(): void {
    for (const c of this.children) if (c.pid !== undefined && c.exitCode === null) c.kill('SIGKILL');
    try {
      sh(['ip', 'netns', 'del', this.name]);
    } catch {
      // already gone
    }
  }
}
