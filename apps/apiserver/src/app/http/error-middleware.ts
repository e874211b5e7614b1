import type { Context, Next } from 'koa';
import type { Logger } from '@tskube/component-base';
import { ApiError, InternalError } from '../errors/api-errors';

/**
 * The single error policy of the HTTP layer: an ApiError becomes its Status with its code;
 * anything else is logged and answered as a 500 InternalError Status. Nothing escapes.
 */
export function errorMiddleware(logger: Logger) {
  return async (ctx: Context, next: Next): Promise<void> => {
    try {
      await next();
    } catch (err) {
      let apiErr: ApiError;
      if (err instanceof ApiError) apiErr = err;
      else {
        logger.error('unhandled error serving request', { method: ctx.method, url: ctx.url, err: err instanceof Error ? (err.stack ?? err.message) : String(err) });
        apiErr = new InternalError(err instanceof Error ? err.message : String(err), err);
      }
      if (ctx.headerSent || !ctx.writable) {
        ctx.res.destroy();
        return;
      }
      ctx.status = apiErr.code;
      ctx.set('Cache-Control', 'no-cache, private');
      ctx.set('Content-Type', 'application/json');
      ctx.body = JSON.stringify(apiErr.toStatus());
    }
  };
}
