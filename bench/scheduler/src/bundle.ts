import { build } from 'esbuild';
import { resolve } from 'node:path';

/**
 * Bundles apps/scheduler/src/bench/cycle-main.ts with the same esbuild options as
 * tools/build-app.mjs (CJS, node20, npm packages external) into dist/bench/scheduler (inside the
 * repo, so the external packages resolve from node_modules at run time), so the cycle figure is
 * measured on code shaped like the shipped dist/apps/scheduler/main.js rather than through the
 * tsx loader (whose per-module export getters sit in every hot-loop import). Returns the file.
 */
export async function bundleCycleBench(): Promise<string> {
  const outfile = resolve('dist/bench/scheduler/cycle-bench.js');
  await build({
    entryPoints: [resolve('apps/scheduler/src/bench/cycle-main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    tsconfig: resolve('tsconfig.base.json'),
    logLevel: 'warning',
  });
  return outfile;
}
