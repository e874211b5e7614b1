import type { Pod } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import { sleep } from '@tskube/component-base';
import { parseManifest } from './manifest';

export interface HttpSourceOptions {
  /** `--manifest-url`. */
  url: string;
  nodeName: string;
  /** `--http-check-frequency` (upstream 20s). */
  periodMs: number;
  logger: Logger;
  onUpdate(pods: Pod[]): void;
  onInvalid?(url: string, message: string): void;
  fetch?: typeof fetch;
}

/**
 * The HTTP pod source (upstream `config/http.go`): GETs the URL every period; the body is a Pod
 * or a PodList in YAML or JSON. A failed fetch keeps the last pods (upstream does the same); a
 * body that is not a valid pod is reported and yields no pods.
 */
export class HttpSource {
  private last: string | undefined;
  private synced = false;

  constructor(private readonly o: HttpSourceOptions) {}

  hasSynced(): boolean {
    return this.synced;
  }

  async poll(): Promise<void> {
    const f = this.o.fetch ?? fetch;
    const res = await f(this.o.url, { signal: AbortSignal.timeout(10_000) });
    if (res.status !== 200) throw new Error(`${this.o.url}: ${res.status} ${res.statusText}`);
    const text = await res.text();
    if (text === this.last) return;
    this.last = text;
    let pods: Pod[];
    try {
      pods = parseManifest(text, { source: 'http', sourceId: this.o.url, nodeName: this.o.nodeName });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.o.logger.error('manifest URL does not hold a valid pod; skipping it', { url: this.o.url, err: message });
      this.o.onInvalid?.(this.o.url, message);
      pods = [];
    }
    this.synced = true;
    this.o.onUpdate(pods);
  }

  async run(signal: AbortSignal): Promise<void> {
    let failing = false;
    while (!signal.aborted) {
      try {
        await this.poll();
        failing = false;
      } catch (err) {
        if (!failing) this.o.logger.warn('manifest URL fetch failed; keeping the last pods', { url: this.o.url, err: err instanceof Error ? err.message : String(err) });
        failing = true;
      }
      await sleep(this.o.periodMs, signal);
    }
  }
}
