import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_EVICTION_HARD, evaluatePressure, observe, parseEvictionHard, parseLoadavgTasks, parseMeminfo, PressureTracker } from './node-pressure';

const Mi = 2 ** 20;

describe('node pressure', () => {
  it('parses --eviction-hard as upstream writes it', () => {
    assert.deepEqual(parseEvictionHard(DEFAULT_EVICTION_HARD), [
      { signal: 'memory.available', quantity: 100 * Mi },
      { signal: 'nodefs.available', percent: 10 },
      { signal: 'nodefs.inodesFree', percent: 5 },
      { signal: 'imagefs.available', percent: 15 },
    ]);
    assert.deepEqual(parseEvictionHard('pid.available<1000'), [{ signal: 'pid.available', quantity: 1000 }]);
    assert.throws(() => parseEvictionHard('memory.free<1Gi'), /unsupported eviction signal "memory.free"/);
    assert.throws(() => parseEvictionHard('memory.available>1Gi'), /want signal<value/);
    assert.throws(() => parseEvictionHard('nodefs.available<120%'), /invalid percentage/);
  });

  it('reads /proc/meminfo and /proc/loadavg', () => {
    const meminfo = 'MemTotal:        8039400 kB\nMemFree:          200000 kB\nMemAvailable:    1048576 kB\nBuffers:  1 kB\n';
    assert.deepEqual(parseMeminfo(meminfo), { total: 8039400 * 1024, available: 1024 * Mi });
    assert.deepEqual(parseMeminfo('MemTotal: 100 kB\nMemFree: 10 kB\n'), { total: 102400, available: 10240 }, 'old kernels: MemFree');
    assert.equal(parseMeminfo('garbage'), undefined);
    assert.equal(parseLoadavgTasks('0.52 0.58 0.59 3/412 12345\n'), 412);
    assert.equal(parseLoadavgTasks(''), undefined);
  });

  it('maps crossed thresholds to MemoryPressure, DiskPressure and PIDPressure', () => {
    const t = parseEvictionHard(`${DEFAULT_EVICTION_HARD},pid.available<100`);
    const ok = {
      'memory.available': { available: 500 * Mi, capacity: 8000 * Mi },
      'nodefs.available': { available: 50, capacity: 100 },
      'imagefs.available': { available: 50, capacity: 100 },
      'pid.available': { available: 30000, capacity: 32768 },
    };
    assert.deepEqual(evaluatePressure(t, ok), { memory: false, disk: false, pid: false });
    assert.deepEqual(evaluatePressure(t, { ...ok, 'memory.available': { available: 99 * Mi, capacity: 8000 * Mi } }), { memory: true, disk: false, pid: false });
    assert.deepEqual(evaluatePressure(t, { ...ok, 'imagefs.available': { available: 14, capacity: 100 } }), { memory: false, disk: true, pid: false });
    assert.deepEqual(evaluatePressure(t, { ...ok, 'nodefs.available': { available: 9, capacity: 100 } }), { memory: false, disk: true, pid: false });
    assert.deepEqual(evaluatePressure(t, { ...ok, 'pid.available': { available: 99, capacity: 32768 } }), { memory: false, disk: false, pid: true });
    assert.deepEqual(evaluatePressure(t, {}), { memory: false, disk: false, pid: false }, 'unknown readings are no pressure');
  });

  it('holds a condition for the transition period after the last crossing', () => {
    const clock = { t: 0 };
    const tr = new PressureTracker(300_000, () => clock.t);
    assert.equal(tr.update({ memory: true, disk: false, pid: false }).memory, true);
    clock.t = 299_000;
    assert.equal(tr.update({ memory: false, disk: false, pid: false }).memory, true);
    clock.t = 300_000;
    assert.equal(tr.update({ memory: false, disk: false, pid: false }).memory, false);
    assert.equal(new PressureTracker(0).update({ memory: false, disk: true, pid: false }).disk, true);
  });

  it('observes this host', async () => {
    const obs = await observe('/', () => Promise.resolve({ capacityBytes: 100, availableBytes: 40 }));
    assert.ok((obs['memory.available']?.capacity ?? 0) > 0);
    assert.ok((obs['nodefs.available']?.available ?? -1) >= 0);
    assert.deepEqual(obs['imagefs.available'], { available: 40, capacity: 100 });
    const pid = obs['pid.available'];
    assert.ok(pid && pid.available > 0 && pid.available < pid.capacity);
  });
});
