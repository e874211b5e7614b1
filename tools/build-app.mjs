#!/usr/bin/env node
// Bundles one app's src/main.ts (and the @tskube/* libs it imports) into dist/<root>/main.js, and
// each src/*-worker.ts next to it (dist/<root>/<name>-worker.js: entries of worker threads the app
// starts, e.g. the apiserver's etcd thread). npm packages stay external: the app's container image
// installs them from package.json.
// Usage: node tools/build-app.mjs apps/<name>
import { build } from 'esbuild';
import { nodeBundleOptions } from './esbuild-options.mjs';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';

const root = process.argv[2];
if (!root) {
  console.error('usage: build-app.mjs <project root>');
  process.exit(2);
}
const src = resolve(root, 'src');
const workers = readdirSync(src).filter((f) => f.endsWith('-worker.ts'));
const outdir = resolve('dist', root);
await build({
  entryPoints: ['main.ts', ...workers].map((f) => resolve(src, f)),
  outdir,
  entryNames: '[name]',
  ...nodeBundleOptions,
});
console.log(`built ${['main.js', ...workers.map((f) => f.replace(/\.ts$/, '.js'))].map((f) => resolve(outdir, f)).join(', ')}`);
