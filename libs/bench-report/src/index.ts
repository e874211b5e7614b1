/**
 * @tskube/bench-report: what every benchmark's report shares — Markdown tables, goal verdicts,
 * nearest-rank percentiles, and the writer of a bench's own section of docs/benchmarks.md.
 * Pure (the doc writer only touches the file it is given); the benches keep their own wording.
 */
export * from './markdown';
export * from './doc-section';
export * from './stats';
