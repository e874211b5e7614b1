import autocannon from 'autocannon';
import { perSecond } from './stats';

/**
 * Pod creates driven by autocannon (the Node.js HTTP load generator): 16 keep-alive connections,
 * one request in flight on each (no pipelining), so at most 16 creates in flight, as with the
 * raw etcd puts. It parses replies with a minimal HTTP parser and never decodes their JSON, so it
 * takes less CPU from the cores etcd and the apiserver share than node:http (0.3 against 0.5 ms
 * per create measured here) and far less than fetch.
 */
export async function podCreatesLoad(url: string, path: string, names: (i: number) => string, count: number, connections: number, body: (name: string) => string): Promise<number> {
  let i = 0;
  let answered = 0;
  let end = 0;
  const start = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: url + path,
        connections,
        pipelining: 1,
        amount: count,
        timeout: 60,
        requests: [{ method: 'POST', headers: { 'content-type': 'application/json' }, setupRequest: (req) => ({ ...req, body: body(names(i++)) }) }],
      },
      (err: unknown, res: autocannon.Result) => (err ? reject(err instanceof Error ? err : new Error(JSON.stringify(err))) : resolve(res)),
    );
    // autocannon ends an `amount` run on its next 1 s tick; the clock stops at the last reply instead.
    (instance as unknown as NodeJS.EventEmitter).on('response', () => {
      if (++answered === count) {
        end = performance.now();
        instance.stop();
      }
    });
  });
  const ok = result.statusCodeStats?.['201']?.count ?? 0;
  if (ok !== count || !end) throw new Error(`pod creates: ${ok}/${count} answered 201 (status codes ${JSON.stringify(result.statusCodeStats)}, ${result.errors} errors, ${result.timeouts} timeouts)`);
  return perSecond(count, end - start);
}
