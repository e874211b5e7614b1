import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { RequestEntityTooLargeError } from '../errors/api-errors';
import { readBody } from './body';

/** A request stand-in: a stream with headers (readBody reads nothing else of IncomingMessage). */
function request(headers: Record<string, string> = {}): PassThrough & IncomingMessage {
  return Object.assign(new PassThrough(), { headers }) as unknown as PassThrough & IncomingMessage;
}

void describe('readBody', () => {
  it('returns every chunk in order, a single chunk as it is, and an empty body as no bytes', async () => {
    const many = request();
    const read = readBody(many);
    many.write('{"a":');
    many.write(Buffer.from('"é",'));
    many.end('"b":1}');
    assert.equal((await read).toString('utf8'), '{"a":"é","b":1}');

    const one = request();
    const readOne = readBody(one);
    one.end('{"x":true}');
    assert.deepEqual(await readOne, Buffer.from('{"x":true}'));

    const none = request();
    const readNone = readBody(none);
    none.end();
    assert.equal((await readNone).length, 0);
  });

  it('answers an already consumed body with no bytes', async () => {
    const req = request();
    req.end('abc');
    req.resume();
    await new Promise((r) => req.once('end', r));
    assert.equal((await readBody(req)).length, 0);
  });

  it('rejects a declared length over the limit at once, and a longer stream only after draining it', async () => {
    await assert.rejects(readBody(request({ 'content-length': '11' }), 10), (e: unknown) => e instanceof RequestEntityTooLargeError && e.code === 413);

    const req = request();
    const read = readBody(req, 10);
    req.write('0123456789');
    req.write('abc');
    req.end('def');
    await assert.rejects(read, (e: unknown) => e instanceof RequestEntityTooLargeError && /limit is 10/.test(e.message));
    assert.ok(req.readableEnded, 'the rest of the body was read (drained), not left in the socket');

    const exact = request();
    const readExact = readBody(exact, 10);
    exact.end('0123456789');
    assert.equal((await readExact).toString(), '0123456789');
  });

  it("rejects with the stream's error, or a premature close when the stream closes before its end", async () => {
    const failing = request();
    const read = readBody(failing);
    failing.write('{"a"');
    failing.destroy(new Error('connection reset'));
    await assert.rejects(read, /connection reset/);

    const closed = request();
    const readClosed = readBody(closed);
    closed.write('{"a"');
    closed.destroy();
    await assert.rejects(readClosed, (e: unknown) => (e as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE');

    const gone = request();
    gone.destroy();
    await assert.rejects(readBody(gone), (e: unknown) => (e as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE');
    assert.equal(failing.listenerCount('data') + failing.listenerCount('error') + closed.listenerCount('close'), 0, 'listeners are removed');
  });
});
