import type { Namespace } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import { QueueController } from '@tskube/controller-utils';
import type { InformerLike, ObjectClient } from '@tskube/controller-utils';
import type { NamespaceContentClient } from './content';
import { syncNamespace } from './deleter';

export interface NamespaceControllerDeps {
  namespaceInformer: InformerLike<Namespace>;
  client: ObjectClient;
  content: NamespaceContentClient;
  logger: Logger;
  /** Upstream `--namespace-sync-period` (5m): every deleting namespace is enqueued again this often. */
  syncPeriodMs: number;
  onSync?: (name: string, result: 'success' | 'error', ms: number) => void;
}

/**
 * Upstream `NamespaceController`: watches namespaces and enqueues those with a
 * deletionTimestamp (add, update, and every `syncPeriodMs`); each sync empties the namespace and
 * finalizes it (see `syncNamespace`). The queue is rate-limited; content still terminating
 * requeues after its estimate. Writes: content deletes, namespaces/status, namespaces/finalize.
 */
export class NamespaceController extends QueueController {
  constructor(private readonly deps: NamespaceControllerDeps) {
    super('namespace', { logger: deps.logger, informers: [deps.namespaceInformer], onSync: deps.onSync, sync: (name) => syncNamespace(deps, name) });
    deps.namespaceInformer.addEventHandler({
      onAdd: (ns) => this.enqueueDeleting(ns),
      onUpdate: (_old, ns) => this.enqueueDeleting(ns),
    });
  }

  /** Upstream `enqueueNamespace`: only namespaces being deleted. */
  enqueueDeleting(ns: Readonly<Namespace>): void {
    if (ns.metadata?.deletionTimestamp) this.enqueue(ns.metadata.name ?? '');
  }

  override async run(workers: number, signal: AbortSignal): Promise<void> {
    const timer = setInterval(() => {
      for (const ns of this.deps.namespaceInformer.getIndexer().list()) this.enqueueDeleting(ns);
    }, this.deps.syncPeriodMs);
    timer.unref();
    try {
      await super.run(workers, signal);
    } finally {
      clearInterval(timer);
    }
  }
}
