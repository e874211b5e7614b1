/**
 * Markdown table rendering for benchmark reports. A row is `| a | b |`; an empty cell is written
 * as a single space (`| |`), so a row may leave trailing columns blank.
 */

/** One table row from its cells. */
export function markdownRow(cells: readonly string[]): string {
  return `|${cells.map((c) => (c ? ` ${c} ` : ' ')).join('|')}|`;
}

/** A whole table: the header row, the `|---|` separator (one per header cell), then the rows. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [markdownRow(header), `|${header.map(() => '---').join('|')}|`, ...rows.map(markdownRow)].join('\n');
}

/** The Result column: `met`, or `**missed**` in bold so a missed goal stands out. */
export function verdict(ok: boolean): string {
  return ok ? 'met' : '**missed**';
}

/** `n` with `digits` decimals, or `n/a` when it is not a finite number (no samples, a zero divisor). */
export function fixedOrNA(n: number, digits: number): string {
  return Number.isFinite(n) ? n.toFixed(digits) : 'n/a';
}
