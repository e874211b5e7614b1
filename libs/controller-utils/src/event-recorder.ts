import type { Event, KubeObject } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import { EventBroadcaster } from './event-broadcaster';
import { eventName } from './event-correlator';
import type { EventClock } from './event-correlator';
import type { ObjectClient } from './object-client';

/**
 * Records a core/v1 Event about an object (what `kubectl describe` shows). Never throws.
 * `fieldPath` names a part of the object in `involvedObject.fieldPath`, as upstream's
 * ObjectReference (the kubelet's `spec.containers{web}`); omitted for the whole object.
 */
export interface EventRecorder {
  event(obj: Readonly<KubeObject>, type: 'Normal' | 'Warning', reason: string, message: string, fieldPath?: string): void;
}

/** Options of a {@link ClientEventRecorder}. */
export interface ClientEventRecorderOptions {
  /** Used only to build a private broadcaster when `broadcaster` is not given. */
  client: ObjectClient;
  /** `source.component` and `reportingComponent` of every event (e.g. `replicaset-controller`). */
  component: string;
  logger: Logger;
  /** The component's one broadcaster (shared by its recorders); default a private one on `client`. */
  broadcaster?: EventBroadcaster;
  /**
   * `source.host` and `reportingInstance` of every event, as upstream's recorder (source.Host is
   * both): the kubelet passes its node name; controllers and the scheduler leave both unset.
   */
  host?: string;
  clock?: EventClock;
}

/**
 * Builds core/v1 Events as upstream's recorder does — name `<object>.<hex nanoseconds>`,
 * namespace of the object (`default` for cluster-scoped ones), involvedObject, source
 * {component, host}, reportingComponent = component and reportingInstance = host (client-go
 * generateEvent), first/lastTimestamp now, count 1 — and hands them to the
 * component's {@link EventBroadcaster}, which queues, correlates (aggregation, dedup by count
 * patch, spam filter) and writes them. Returns at once; nothing is thrown or awaited.
 */
export class ClientEventRecorder implements EventRecorder {
  private seq = 0;
  private readonly broadcaster: EventBroadcaster;
  private readonly clock: EventClock;

  constructor(private readonly opts: ClientEventRecorderOptions) {
    this.clock = opts.clock ?? Date;
    this.broadcaster = opts.broadcaster ?? new EventBroadcaster({ client: opts.client, logger: opts.logger, clock: this.clock });
  }

  event(obj: Readonly<KubeObject>, type: 'Normal' | 'Warning', reason: string, message: string, fieldPath?: string): void {
    const md = obj.metadata ?? {};
    const namespace = md.namespace || 'default';
    const nowMs = this.clock.now();
    const now = new Date(nowMs).toISOString();
    const ev: Event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: eventName(md.name ?? 'unknown', nowMs, this.seq++), namespace },
      involvedObject: { apiVersion: obj.apiVersion, kind: obj.kind, name: md.name, namespace: md.namespace, uid: md.uid, resourceVersion: md.resourceVersion, ...(fieldPath ? { fieldPath } : {}) },
      reason,
      message,
      type,
      source: { component: this.opts.component, ...(this.opts.host ? { host: this.opts.host } : {}) },
      reportingComponent: this.opts.component,
      ...(this.opts.host ? { reportingInstance: this.opts.host } : {}),
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
    };
    this.broadcaster.enqueue(ev);
  }
}
