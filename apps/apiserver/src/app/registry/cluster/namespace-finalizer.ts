import { RESOURCES } from '@tskube/api-types';
import type { Namespace } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import { sleep } from '@tskube/component-base';
import { NotFoundError } from '../../errors/api-errors';
import type { Registry } from '../registry';

/**
 * Empties Terminating namespaces (what upstream's namespace controller does): deletes every
 * namespaced object in them (pods go through graceful deletion, so a namespace with running
 * pods waits for their kubelets), then clears spec.finalizers and deletes the namespace.
 * Runs inside the apiserver so namespace deletion works without a controller-manager.
 */
export class NamespaceFinalizer {
  constructor(
    private readonly registry: Registry,
    private readonly logger: Logger,
  ) {}

  /** One pass over all terminating namespaces. */
  async syncOnce(): Promise<void> {
    const nsStore = this.registry.mustStore(RESOURCES.namespaces);
    const list = await nsStore.list({}, { fieldSelector: 'status.phase=Terminating' });
    for (const item of list.items) {
      const ns = item as Namespace;
      const name = ns.metadata?.name ?? '';
      let remaining = 0;
      for (const store of this.registry.all()) {
        if (!store.info.namespaced) continue;
        const objs = await store.list({ namespace: name });
        remaining += objs.items.length;
        for (const o of objs.items) {
          if (o.metadata?.deletionTimestamp) continue;
          await store.delete({ namespace: name }, o.metadata?.name ?? '', {}).catch((err: unknown) => {
            if (!(err instanceof NotFoundError)) throw err;
          });
        }
      }
      if (remaining > 0) continue;
      await nsStore.update({}, name, (cur) => ({ ...cur!, spec: { finalizers: [] } }), { subresource: 'finalize' });
      await nsStore.delete({}, name, {});
      this.logger.info('namespace finalized', { namespace: name });
    }
  }

  /** Polls every `intervalMs` until `signal` aborts; errors are logged and retried. */
  async run(signal: AbortSignal, intervalMs = 1000): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.syncOnce();
      } catch (err) {
        this.logger.warn('namespace finalizer pass failed', { err: err instanceof Error ? err.message : String(err) });
      }
      await sleep(intervalMs, signal);
    }
  }
}
