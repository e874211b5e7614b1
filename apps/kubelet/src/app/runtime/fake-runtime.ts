import type { Pod } from '@tskube/api-types';
import { MemoryRuntime } from './memory-runtime';
import type { Runtime } from './runtime';

/**
 * In-memory {@link Runtime} for unit tests. Records calls in `calls` (`startContainer web/c#0`),
 * holds `images` (name → ID), and lets tests drive containers with `exitContainer`. Set
 * `failNext` to make the next call of a method throw. State handling is {@link MemoryRuntime}'s.
 */
export class FakeRuntime extends MemoryRuntime {
  readonly type = 'fake';
  readonly calls: string[] = [];
  readonly failNext = new Map<keyof Runtime, Error>();
  private nextIp = 2;

  protected override record(method: keyof Runtime, call?: string): void {
    if (call !== undefined) this.calls.push(call);
    const err = this.failNext.get(method);
    if (err) {
      this.failNext.delete(method);
      throw err;
    }
  }

  protected allocateIp(_pod: Pod): string {
    return `10.88.0.${this.nextIp++}`;
  }

  version(): Promise<string> {
    return Promise.resolve('fake://1.0.0');
  }
}
