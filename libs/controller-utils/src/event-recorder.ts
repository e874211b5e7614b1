import { RESOURCES } from '@tskube/api-types';
import type { Event, KubeObject } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import type { ObjectClient } from './object-client';

/** Records a core/v1 Event about an object (what `kubectl describe` shows). Never throws. */
export interface EventRecorder {
  event(obj: Readonly<KubeObject>, type: 'Normal' | 'Warning', reason: string, message: string): void;
}

/**
 * Posts Events through the client, fire-and-forget (upstream's broadcaster without the
 * aggregation): name `<object>.<hex time>`, source component `component`. Failures are logged.
 */
export class ClientEventRecorder implements EventRecorder {
  private seq = 0;

  constructor(private readonly opts: { client: ObjectClient; component: string; logger: Logger }) {}

  event(obj: Readonly<KubeObject>, type: 'Normal' | 'Warning', reason: string, message: string): void {
    const md = obj.metadata ?? {};
    const namespace = md.namespace || 'default';
    const now = new Date().toISOString();
    const ev: Event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${md.name ?? 'unknown'}.${(Date.now() * 1000 + (this.seq++ % 1000)).toString(16)}`, namespace },
      involvedObject: { apiVersion: obj.apiVersion, kind: obj.kind, name: md.name, namespace: md.namespace, uid: md.uid, resourceVersion: md.resourceVersion },
      reason,
      message,
      type,
      source: { component: this.opts.component },
      reportingComponent: this.opts.component,
      reportingInstance: this.opts.component,
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
    };
    this.opts.client.create(RESOURCES.events, ev, { namespace }).catch((err: unknown) => {
      this.opts.logger.warn('failed to record event', { reason, object: `${namespace}/${md.name ?? ''}`, err: String(err) });
    });
  }
}
