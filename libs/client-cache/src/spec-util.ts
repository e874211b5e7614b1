/** Test-only helpers shared by this project's specs (not exported from the index). */
import type { Pod } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';

/** A logger that drops everything. */
export const silentLogger = { info() {}, warn() {}, error() {}, debug() {} } as unknown as Logger;

/** A pod with name, namespace and resourceVersion. */
export function pod(name: string, rv: string, ns = 'default', labels?: Record<string, string>): Pod {
  return { metadata: { name, namespace: ns, resourceVersion: rv, ...(labels ? { labels } : {}) } };
}

/** Polls `cond` on the macrotask queue until true; throws after `ms`. */
export async function waitFor(cond: () => boolean, ms = 2000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}
