import { watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Pod } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import { sleep } from '@tskube/component-base';
import { parseManifest } from './manifest';

export interface FileSourceOptions {
  /** `--pod-manifest-path`: a directory of manifests (or a single manifest file). */
  path: string;
  nodeName: string;
  /** `--file-check-frequency` (upstream 20s). */
  periodMs: number;
  logger: Logger;
  /** The full set of pods from the path, after every scan that changed it. */
  onUpdate(pods: Pod[]): void;
  /** A manifest that is not a valid pod (it is skipped). */
  onInvalid?(file: string, message: string): void;
}

interface Cached {
  key: string;
  pods: Pod[];
  error?: string;
}

/**
 * The file pod source (upstream `config/file.go`): reads every manifest in the directory
 * (names starting with `.` are ignored), on start, every period and shortly after fs.watch
 * reports a change. Unchanged files (same size and mtime) are not parsed again. A file that
 * fails to parse is reported once per change and skipped; the other files' pods stay.
 */
export class FileSource {
  private readonly cache = new Map<string, Cached>();
  private last = '';
  private synced = false;
  private kick: (() => void) | undefined;

  constructor(private readonly o: FileSourceOptions) {}

  /** True once the path was read at least once. */
  hasSynced(): boolean {
    return this.synced;
  }

  /** Reads the path and reports the pods when they changed (or on the first scan). */
  async scan(): Promise<void> {
    const files = await this.listFiles();
    const pods: Pod[] = [];
    const seen = new Set<string>();
    for (const file of files) {
      seen.add(file);
      const c = await this.readOne(file);
      if (c) pods.push(...c.pods);
    }
    for (const f of [...this.cache.keys()]) if (!seen.has(f)) this.cache.delete(f);
    const sig = pods.map((p) => p.metadata?.uid ?? '').join(',');
    if (!this.synced || sig !== this.last) {
      this.last = sig;
      this.synced = true;
      this.o.onUpdate(pods);
    }
  }

  private async listFiles(): Promise<string[]> {
    let st;
    try {
      st = await stat(this.o.path);
    } catch {
      return []; // a missing directory has no pods (upstream logs and keeps checking)
    }
    if (st.isFile()) return [this.o.path];
    const names = (await readdir(this.o.path)).filter((n) => !n.startsWith('.')).sort();
    const out: string[] = [];
    for (const n of names) {
      const f = join(this.o.path, n);
      try {
        if ((await stat(f)).isFile()) out.push(f);
      } catch {
        // removed while listing
      }
    }
    return out;
  }

  private async readOne(file: string): Promise<Cached | undefined> {
    let key: string;
    try {
      const st = await stat(file);
      key = `${st.size}:${st.mtimeMs}`;
    } catch {
      return undefined;
    }
    const prev = this.cache.get(file);
    if (prev && prev.key === key) return prev;
    let entry: Cached;
    try {
      const text = await readFile(file, 'utf8');
      entry = { key, pods: parseManifest(text, { source: 'file', sourceId: file, nodeName: this.o.nodeName }) };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      entry = { key, pods: [], error: message };
      this.o.logger.error('could not process manifest file; skipping it', { file, err: message });
      this.o.onInvalid?.(file, message);
    }
    this.cache.set(file, entry);
    return entry;
  }

  /** Scans now and then every period or on a change event, until `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    const watcher = this.watch();
    try {
      while (!signal.aborted) {
        try {
          await this.scan();
        } catch (err) {
          this.o.logger.warn('manifest path scan failed', { path: this.o.path, err: err instanceof Error ? err.message : String(err) });
        }
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, this.o.periodMs);
          this.kick = () => {
            clearTimeout(t);
            // Let the writer finish (editors write, rename, chmod in a burst).
            void sleep(100, signal).then(resolve);
          };
          signal.addEventListener('abort', () => {
            clearTimeout(t);
            resolve();
          }, { once: true });
        });
        this.kick = undefined;
      }
    } finally {
      watcher?.close();
    }
  }

  private watch(): FSWatcher | undefined {
    try {
      const w = watch(this.o.path, { persistent: false }, () => this.kick?.());
      w.on('error', () => undefined);
      return w;
    } catch {
      return undefined; // the directory may not exist yet: the period check still runs
    }
  }
}
