#!/usr/bin/env node
// Bundles one app's src/main.ts (and the @tskube/* libs it imports) into dist/<root>/main.js.
// npm packages stay external: the app's container image installs them from package.json.
// Usage: node tools/build-app.mjs apps/<name>
import { build } from 'esbuild';
import { resolve } from 'node:path';

const root = process.argv[2];
if (!root) {
  console.error('usage: build-app.mjs <project root>');
  process.exit(2);
}
const outfile = resolve('dist', root, 'main.js');
await build({
  entryPoints: [resolve(root, 'src/main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  packages: 'external',
  tsconfig: resolve('tsconfig.base.json'),
  logLevel: 'warning',
});
console.log(`built ${outfile}`);
