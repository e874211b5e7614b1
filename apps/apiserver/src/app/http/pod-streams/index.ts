import type http from 'node:http';
import type { Duplex } from 'node:stream';
import type { Context, Next } from 'koa';
import type { Logger } from '@tskube/component-base';
import { BadRequestError } from '../../errors/api-errors';
import { parseResourcePath } from '../request-info';
import type { KubeletConnectionConfig, PodLookup } from './kubelet-location';
import { serveLog } from './log-proxy';
import { STREAM_SUBRESOURCES, upgradeProxy } from './upgrade-proxy';

export { DEFAULT_KUBELET_ADDRESS_TYPES, registryLookup } from './kubelet-location';
export type { KubeletConnectionConfig, PodLookup } from './kubelet-location';

/**
 * The pod streaming subresources: `log` (koa middleware, proxied to the kubelet's
 * `/containerLogs`) and `exec`/`attach`/`portforward` (the http server's `upgrade` event,
 * proxied at the TCP level to the kubelet, which speaks WebSocket/SPDY).
 */
export class PodStreams {
  readonly onUpgrade: (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void;

  constructor(
    private readonly lookup: PodLookup,
    private readonly cfg: KubeletConnectionConfig,
    logger: Logger,
  ) {
    this.onUpgrade = upgradeProxy(lookup, cfg, logger);
  }

  /** Serves `pods/<name>/log`; a plain (not upgraded) request for exec/attach/portforward is a 400. */
  middleware() {
    return async (ctx: Context, next: Next): Promise<void> => {
      const r = ctx.path.includes('/pods/') ? parseResourcePath(ctx.path) : undefined;
      if (r && r.info.resource === 'pods' && r.name && r.subresource === 'log') {
        await serveLog(ctx, this.lookup, this.cfg, r.namespace ?? 'default', r.name);
        return;
      }
      if (r?.subresource && STREAM_SUBRESOURCES.has(r.subresource)) throw new BadRequestError(`Upgrade request required: pods/${r.subresource} is served over WebSocket or SPDY`);
      await next();
    };
  }
}
