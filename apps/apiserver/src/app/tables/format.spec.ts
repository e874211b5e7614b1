import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatLabelSelector, formatLabels, humanDuration, joinHostPort, labelSelectorString, translateTimestampSince } from './format';

const S = 1000, M = 60 * S, H = 60 * M, D = 24 * H;

void describe('humanDuration', () => {
  void it('matches upstream duration.HumanDuration', () => {
    const cases: [number, string][] = [
      [-2 * S, '<invalid>'], [-1 * S, '0s'], [-500, '0s'], [0, '0s'], [5 * S, '5s'], [119 * S, '119s'],
      [2 * M, '2m'], [3 * M + 2 * S, '3m2s'], [9 * M + 59 * S, '9m59s'], [10 * M, '10m'], [179 * M, '179m'],
      [3 * H, '3h'], [3 * H + 5 * M, '3h5m'], [7 * H + 59 * M, '7h59m'], [8 * H, '8h'], [47 * H, '47h'],
      [2 * D, '2d'], [2 * D + 3 * H, '2d3h'], [7 * D + 23 * H, '7d23h'], [8 * D, '8d'], [729 * D, '729d'],
      [730 * D, '2y'], [731 * D, '2y1d'], [8 * 365 * D, '8y'], [10 * 365 * D, '10y'],
    ];
    for (const [ms, want] of cases) assert.equal(humanDuration(ms), want, `${ms}ms`);
  });
  void it('translateTimestampSince', () => {
    const now = Date.parse('2024-01-01T00:10:00Z');
    assert.equal(translateTimestampSince('2024-01-01T00:00:00Z', now), '10m');
    assert.equal(translateTimestampSince(undefined, now), '<unknown>');
  });
});

void describe('selectors and labels', () => {
  void it('formatLabels sorts and shows <none>', () => {
    assert.equal(formatLabels({ b: '2', a: '1' }), 'a=1,b=2');
    assert.equal(formatLabels({}), '<none>');
    assert.equal(formatLabels(undefined), '<none>');
  });
  void it('labelSelectorString sorts requirements by key', () => {
    assert.equal(labelSelectorString({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['b', 'a'] }, { key: 'env', operator: 'DoesNotExist' }, { key: 'x', operator: 'Exists' }, { key: 'z', operator: 'NotIn', values: ['q'] }] }), 'app=web,!env,tier in (a,b),x,z notin (q)');
    assert.equal(labelSelectorString({}), '');
    assert.equal(formatLabelSelector({}), '<none>');
    assert.equal(formatLabelSelector({ matchLabels: { app: 'd1' } }), 'app=d1');
  });
  void it('joinHostPort brackets IPv6', () => {
    assert.equal(joinHostPort('10.0.0.1', 80), '10.0.0.1:80');
    assert.equal(joinHostPort('fd00::1', 80), '[fd00::1]:80');
  });
});
