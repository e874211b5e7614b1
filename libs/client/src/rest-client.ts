/**
 * RestClient: typed CRUD, list and watch over the catalog in @tskube/api-types.
 *
 * Contract: every method resolves with the decoded server object, or rejects with an
 * {@link ApiError} (server answered non-2xx) or a plain Error (connection/timeout/decoding).
 * Returned objects are fresh and owned by the caller. Safe for concurrent use; connections
 * are kept alive and shared.
 */
import type { DeleteOptions, KubeList, KubeObject, ResourceInfo, WatchEvent } from '@tskube/api-types';
import { resourcePath } from '@tskube/api-types';
import type { ClientConfig } from './config';
import { apiErrorFromResponse, isGone } from './errors';
import type { HttpRequest, HttpResponse } from './http';
import { Transport } from './http';
import { decodeWatchStream } from './watch';

/** Query options of list (and watch). `namespace` unset = all namespaces. */
export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
  limit?: number;
  continue?: string;
  /** Cancels the request (rejects with an AbortError). */
  signal?: AbortSignal;
}

/** Options of a watch. The signal is required: it is the only way to stop a watch. */
export interface WatchOptions extends ListOptions {
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
  signal: AbortSignal;
}

/** Patch flavours and their content types. */
export type PatchType = 'merge' | 'strategic' | 'json' | 'apply';
const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  json: 'application/json-patch+json',
  apply: 'application/apply-patch+yaml',
};

/** Typed client of the API server. Constructing it does no I/O. */
export class RestClient {
  readonly config: ClientConfig;
  private readonly transport: Transport;

  constructor(config: ClientConfig) {
    this.config = config;
    this.transport = new Transport(config);
  }

  /** GET one object (or a subresource of it). */
  get<T extends KubeObject>(res: ResourceInfo, name: string, opts: { namespace?: string; subresource?: string; signal?: AbortSignal } = {}): Promise<T> {
    return this.json<T>({ method: 'GET', path: resourcePath(res, { namespace: opts.namespace, name, subresource: opts.subresource }), signal: opts.signal });
  }

  /** One page of a list (follows nothing; see {@link RestClient.listAll}). */
  async list<T extends KubeObject>(res: ResourceInfo, opts: ListOptions = {}): Promise<KubeList<T>> {
    const list = await this.json<KubeList<T>>({ method: 'GET', path: resourcePath(res, { namespace: opts.namespace }), query: listQuery(opts), signal: opts.signal });
    list.items ??= [];
    list.metadata ??= {};
    return list;
  }

  /**
   * Every page of a list, following `continue`. If a continue token expires (410) mid-way,
   * falls back to one unpaginated list, as client-go's pager does.
   */
  async listAll<T extends KubeObject>(res: ResourceInfo, opts: ListOptions = {}): Promise<KubeList<T>> {
    let page = await this.list<T>(res, opts);
    const items = [...page.items];
    while (page.metadata.continue) {
      try {
        page = await this.list<T>(res, { ...opts, continue: page.metadata.continue, resourceVersion: undefined, resourceVersionMatch: undefined });
      } catch (e) {
        if (!isGone(e)) throw e;
        return this.list<T>(res, { ...opts, limit: undefined, continue: undefined });
      }
      items.push(...page.items);
    }
    return { ...page, metadata: { ...page.metadata, continue: undefined }, items };
  }

  /** POST an object. Namespace defaults to obj.metadata.namespace; `name` + `subresource` post to e.g. pods/x/binding. */
  create<T extends KubeObject>(res: ResourceInfo, obj: T, opts: { namespace?: string; subresource?: string; name?: string; signal?: AbortSignal } = {}): Promise<T> {
    const namespace = opts.namespace ?? obj.metadata?.namespace;
    return this.json<T>({ method: 'POST', path: resourcePath(res, { namespace, name: opts.name, subresource: opts.subresource }), body: JSON.stringify(obj), signal: opts.signal });
  }

  /** PUT an object (optimistic concurrency via metadata.resourceVersion); namespace/name from obj.metadata. */
  update<T extends KubeObject>(res: ResourceInfo, obj: T, opts: { subresource?: string; signal?: AbortSignal } = {}): Promise<T> {
    const name = obj.metadata?.name;
    if (!name) return Promise.reject(new Error(`update ${res.resource}: object has no metadata.name`));
    const path = resourcePath(res, { namespace: obj.metadata?.namespace, name, subresource: opts.subresource });
    return this.json<T>({ method: 'PUT', path, body: JSON.stringify(obj), signal: opts.signal });
  }

  /** PATCH an object. `patch` is JSON-encoded (valid YAML for `apply`). */
  patch<T extends KubeObject>(
    res: ResourceInfo,
    name: string,
    patch: unknown,
    opts: { namespace?: string; subresource?: string; type: PatchType; fieldManager?: string; force?: boolean; signal?: AbortSignal },
  ): Promise<T> {
    return this.json<T>({
      method: 'PATCH',
      path: resourcePath(res, { namespace: opts.namespace, name, subresource: opts.subresource }),
      query: { fieldManager: opts.fieldManager, force: opts.force },
      body: JSON.stringify(patch),
      contentType: PATCH_CONTENT_TYPES[opts.type],
      signal: opts.signal,
    });
  }

  /** DELETE an object; resolves with what the server returns (the object, or a Success Status). */
  delete(
    res: ResourceInfo,
    name: string,
    opts: { namespace?: string; propagationPolicy?: 'Background' | 'Foreground' | 'Orphan'; gracePeriodSeconds?: number; preconditions?: { uid?: string; resourceVersion?: string }; signal?: AbortSignal } = {},
  ): Promise<KubeObject> {
    const body: DeleteOptions & { kind: string; apiVersion: string } = { kind: 'DeleteOptions', apiVersion: 'v1' };
    if (opts.propagationPolicy) body.propagationPolicy = opts.propagationPolicy;
    if (opts.gracePeriodSeconds !== undefined) body.gracePeriodSeconds = opts.gracePeriodSeconds;
    if (opts.preconditions) body.preconditions = opts.preconditions;
    return this.json<KubeObject>({ method: 'DELETE', path: resourcePath(res, { namespace: opts.namespace, name }), body: JSON.stringify(body), signal: opts.signal });
  }

  /**
   * Opens a watch; yields events until the server ends the stream (iteration ends), the
   * signal aborts (iteration ends quietly), or the connection breaks (iteration throws).
   * A non-2xx answer (e.g. 410 for a too-old resourceVersion) throws ApiError on the first
   * `next()`. ERROR events are yielded, not thrown. Breaking out of the loop closes the stream.
   */
  async *watch<T extends KubeObject>(res: ResourceInfo, opts: WatchOptions): AsyncGenerator<WatchEvent<T>> {
    const { signal } = opts;
    if (signal.aborted) return;
    const query = { ...listQuery(opts), watch: 'true', allowWatchBookmarks: opts.allowWatchBookmarks, timeoutSeconds: opts.timeoutSeconds };
    let resp;
    try {
      resp = await this.transport.open({ method: 'GET', path: resourcePath(res, { namespace: opts.namespace }), query, signal });
    } catch (e) {
      if (signal.aborted) return;
      throw e;
    }
    try {
      if ((resp.statusCode ?? 0) >= 300) {
        const chunks: Buffer[] = [];
        for await (const c of resp) chunks.push(c as Buffer);
        throw apiErrorFromResponse(resp.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'));
      }
      try {
        yield* decodeWatchStream<T>(resp);
      } catch (e) {
        if (signal.aborted) return;
        throw new Error(`watch ${res.resource}: connection broken: ${(e as Error).message}`, { cause: e });
      }
    } finally {
      resp.destroy();
    }
  }

  /** Raw request for paths outside the catalog (discovery, /healthz, logs). Does not throw on non-2xx. */
  request(req: HttpRequest): Promise<HttpResponse> {
    return this.transport.send({ timeoutMs: this.config.timeoutMs ?? 60_000, ...req });
  }

  /** Closes idle keep-alive connections (open watches are not affected). */
  close(): void {
    this.transport.close();
  }

  private async json<T>(req: HttpRequest): Promise<T> {
    const res = await this.request(req);
    if (res.statusCode < 200 || res.statusCode >= 300) throw apiErrorFromResponse(res.statusCode, res.body);
    try {
      return JSON.parse(res.body) as T;
    } catch (e) {
      throw new Error(`${req.method} ${req.path}: invalid JSON response (${res.statusCode}): ${res.body.slice(0, 200)}`, { cause: e });
    }
  }
}

function listQuery(o: ListOptions): Record<string, string | number | undefined> {
  return {
    labelSelector: o.labelSelector,
    fieldSelector: o.fieldSelector,
    resourceVersion: o.resourceVersion,
    resourceVersionMatch: o.resourceVersionMatch,
    limit: o.limit,
    continue: o.continue,
  };
}
