#!/usr/bin/env node
// Bundles the kube-proxy bench driver (apps/kube-proxy/src/bench/main.ts and the app code it
// drives) with esbuild the way tools/build-app.mjs bundles the shipped kube-proxy, so the bench
// measures the code as it runs in production (one bundle, run with --enable-source-maps), not
// tsx's per-file transpile (per-module export getters on every cross-module constant, its
// compile-cache sweep at start-up).
// Usage: node bench/kube-proxy/build.mjs [entry.ts] [outfile.js]
import { build } from 'esbuild';
import { nodeBundleOptions } from '../../tools/esbuild-options.mjs';
import { resolve } from 'node:path';

const entry = resolve(process.argv[2] ?? 'apps/kube-proxy/src/bench/main.ts');
const outfile = resolve(process.argv[3] ?? 'dist/bench/kube-proxy/main.js');
await build({
  entryPoints: [entry],
  outfile,
  ...nodeBundleOptions,
});
console.log(`built ${outfile}`);
