import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatQuantity, parseMilli, parseQuantity, QuantityParseError } from './quantity';

void describe('parseQuantity', () => {
  void it('parseQuantity cpu forms', () => {
    assert.equal(parseQuantity('100m'), 0.1);
    assert.equal(parseQuantity('0.5'), 0.5);
    assert.equal(parseQuantity('2'), 2);
    assert.equal(parseQuantity(3), 3);
    assert.equal(parseMilli('100m'), 100);
    assert.equal(parseMilli('1.5'), 1500);
  });
  void it('parseQuantity memory forms', () => {
    assert.equal(parseQuantity('128Mi'), 134217728);
    assert.equal(parseQuantity('1G'), 1e9);
    assert.equal(parseQuantity('1e3'), 1000);
    assert.equal(parseQuantity('1Ki'), 1024);
    assert.equal(parseQuantity('1.5Gi'), 1.5 * 2 ** 30);
    assert.equal(parseQuantity('500k'), 500000);
    assert.equal(parseQuantity('2E-3'), 0.002);
  });
  void it('parseQuantity rejects malformed input', () => {
    for (const bad of ['', 'abc', '1Zi', '1.2.3', 'm', '1 Mi', '1KiB']) assert.throws(() => parseQuantity(bad), QuantityParseError, bad);
    assert.throws(() => parseQuantity('x'), /quantities must match the regular expression/);
  });
});

void describe('formatQuantity', () => {
  void it('formatQuantity DecimalSI', () => {
    assert.equal(formatQuantity(0.1), '100m');
    assert.equal(formatQuantity(0.25), '250m');
    assert.equal(formatQuantity(2), '2');
    assert.equal(formatQuantity(1500), '1500');
    assert.equal(formatQuantity(2000), '2k');
    assert.equal(formatQuantity(1e9), '1G');
    assert.equal(formatQuantity(0), '0');
    assert.equal(formatQuantity(-0.5), '-500m');
  });
  void it('formatQuantity BinarySI', () => {
    assert.equal(formatQuantity(134217728, 'BinarySI'), '128Mi');
    assert.equal(formatQuantity(1024, 'BinarySI'), '1Ki');
    assert.equal(formatQuantity(1000, 'BinarySI'), '1k');
    assert.equal(formatQuantity(1500, 'BinarySI'), '1500');
    assert.equal(parseQuantity(formatQuantity(parseQuantity('3Gi'), 'BinarySI')), 3 * 2 ** 30);
  });
});
