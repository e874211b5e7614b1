import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** What a new docs/benchmarks.md starts with when the first bench writes it. */
export const NEW_BENCHMARKS_DOC = '# Benchmarks\n\nFigures from the benchmark projects under `bench/`, each section rewritten by its own run.\n';

/** The markers around bench `name`'s section: `<!-- bench:<name>:start -->` … `<!-- bench:<name>:end -->`. */
export function sectionMarkers(name: string): { start: string; end: string } {
  return { start: `<!-- bench:${name}:start -->`, end: `<!-- bench:${name}:end -->` };
}

/**
 * `doc` with bench `name`'s section replaced by `lines` (between its markers, markers included),
 * or with the section appended after a blank line when the markers are missing. Every other
 * byte of `doc` is kept.
 */
export function replaceSection(doc: string, name: string, lines: readonly string[]): string {
  const { start, end } = sectionMarkers(name);
  const section = [start, ...lines, end].join('\n');
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  return i >= 0 && j > i ? doc.slice(0, i) + section + doc.slice(j + end.length) : `${doc.trimEnd()}\n\n${section}\n`;
}

/** Rewrites bench `name`'s section of the Markdown file at `path` (created when missing), leaving other sections alone. */
export function writeDocSection(path: string, name: string, lines: readonly string[]): void {
  const doc = existsSync(path) ? readFileSync(path, 'utf8') : NEW_BENCHMARKS_DOC;
  writeFileSync(path, replaceSection(doc, name, lines));
}
