import { getControllerOf, joinKey, objectKey } from '@tskube/api-types';
import type { ControllerRevision, DaemonSet, Node, Pod } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import { ControllerExpectations, QueueController, unwrapDeleted } from '@tskube/controller-utils';
import type { EventRecorder, InformerLike, ObjectClient } from '@tskube/controller-utils';
import { syncDaemonSet } from './sync';

export interface DaemonSetControllerDeps {
  dsInformer: InformerLike<DaemonSet>;
  podInformer: InformerLike<Pod>;
  nodeInformer: InformerLike<Node>;
  historyInformer: InformerLike<ControllerRevision>;
  client: ObjectClient;
  recorder: EventRecorder;
  logger: Logger;
  onSync?: (name: string, result: 'success' | 'error', ms: number) => void;
}

/**
 * Wiring of the DaemonSet controller (upstream `daemon_controller.go`): DaemonSet events
 * enqueue it; pod events enqueue the controlling DaemonSet (observing creates/deletes); node
 * adds and label/taint changes enqueue every DaemonSet (placement may change); ControllerRevision
 * events enqueue their owner (history.ts keeps them).
 */
export class DaemonSetController extends QueueController {
  readonly expectations = new ControllerExpectations();

  constructor(private readonly deps: DaemonSetControllerDeps) {
    super('daemonset', { logger: deps.logger, informers: [deps.dsInformer, deps.podInformer, deps.nodeInformer, deps.historyInformer], onSync: deps.onSync, sync: (key) => syncDaemonSet({ dsLister: deps.dsInformer.getIndexer(), podLister: deps.podInformer.getIndexer(), nodeLister: deps.nodeInformer.getIndexer(), historyLister: deps.historyInformer.getIndexer(), client: deps.client, expectations: this.expectations, recorder: deps.recorder, logger: deps.logger }, key) });
    deps.dsInformer.addEventHandler({
      onAdd: (d) => this.enqueue(objectKey(d)),
      onUpdate: (_o, d) => this.enqueue(objectKey(d)),
      onDelete: (d) => this.expectations.delete(objectKey(unwrapDeleted(d))),
    });
    deps.podInformer.addEventHandler({
      onAdd: (p) => {
        const key = this.ownerKey(p);
        if (!key) return;
        this.expectations.creationObserved(key);
        this.enqueue(key);
      },
      onUpdate: (_o, p) => {
        const key = this.ownerKey(p);
        if (key) this.enqueue(key);
      },
      onDelete: (obj) => {
        const p = unwrapDeleted(obj);
        const key = this.ownerKey(p);
        if (!key) return;
        this.expectations.deletionObserved(key, objectKey(p));
        this.enqueue(key);
      },
    });
    const byOwner = (cr: Readonly<ControllerRevision>): void => {
      const key = this.ownerKey(cr);
      if (key) this.enqueue(key);
    };
    deps.historyInformer.addEventHandler({ onAdd: byOwner, onUpdate: (_o, cr) => byOwner(cr), onDelete: (cr) => byOwner(unwrapDeleted(cr)) });
    const all = (): void => {
      for (const d of deps.dsInformer.getIndexer().list()) this.enqueue(objectKey(d));
    };
    deps.nodeInformer.addEventHandler({
      onAdd: all,
      onUpdate: (o, n) => {
        if (JSON.stringify([o.metadata?.labels, o.spec?.taints]) !== JSON.stringify([n.metadata?.labels, n.spec?.taints])) all();
      },
      onDelete: all,
    });
  }

  /** The key of the live DaemonSet controlling `obj` (a pod or a ControllerRevision), if any. */
  private ownerKey(obj: Readonly<Pod | ControllerRevision>): string | undefined {
    const ref = getControllerOf(obj);
    if (ref?.kind !== 'DaemonSet') return undefined;
    const key = joinKey(obj.metadata?.namespace, ref.name);
    return this.deps.dsInformer.getIndexer().get(key)?.metadata?.uid === ref.uid ? key : undefined;
  }
}
