/**
 * Events: LAST SEEN TYPE REASON OBJECT MESSAGE | SUBOBJECT SOURCE FIRST SEEN COUNT NAME
 * (columns in upstream order; priority-1 ones interleaved as upstream does).
 */
import type { Event } from '@tskube/api-types';
import { translateTimestampSince } from '../format';
import { col, type Printer } from '../types';

export function eventSource(e: Event): string {
  const component = e.source?.component || e.reportingComponent || '';
  const instance = e.source?.host || e.reportingInstance || '';
  return instance ? `${component}, ${instance}` : component;
}

export const eventPrinter: Printer<Event> = {
  columns: [
    col('Last Seen', 'string', 'Time when last event occurred'),
    col('Type', 'string', 'Type of this event (Normal, Warning), new types could be added in the future.'),
    col('Reason', 'string', 'This should be a short, machine understandable string that gives the reason for this event being generated.'),
    col('Object', 'string', 'The object that this event is about. Mapped from event.involvedObject.'),
    col('Subobject', 'string', 'The subobject that this event is about.', 1),
    col('Source', 'string', 'The component reporting this event.', 1),
    col('Message', 'string', 'A human-readable description of the status of this operation.'),
    col('First Seen', 'string', 'Time when first event occurred', 1),
    col('Count', 'string', 'The number of times this event has occurred.', 1),
    col('Name', 'string', 'Name must be unique within a namespace.', 1),
  ],
  cells(e, now) {
    const first = e.firstTimestamp ? translateTimestampSince(e.firstTimestamp, now) : translateTimestampSince(e.eventTime, now);
    let last = e.lastTimestamp ? translateTimestampSince(e.lastTimestamp, now) : first;
    let count = e.count ?? 0;
    if (e.series) {
      last = translateTimestampSince(e.series.lastObservedTime, now);
      count = e.series.count ?? 0;
    } else if (count === 0) {
      count = 1;
    }
    const io = e.involvedObject;
    const kind = (io.kind ?? '').toLowerCase();
    const target = io.name ? `${kind}/${io.name}` : kind;
    return [last, e.type ?? '', e.reason ?? '', target, io.fieldPath ?? '', eventSource(e), (e.message ?? '').trim(), first, count, e.metadata.name ?? ''];
  },
};
