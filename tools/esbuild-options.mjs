// The esbuild options every tskube bundle is built with (tools/build-app.mjs for the apps, and
// bench drivers that must run the code as the apps ship it): one CommonJS bundle for Node 20
// with source maps, npm packages left external (container images install them from
// package.json), paths resolved through tsconfig.base.json from the workspace root (the cwd).
import { resolve } from 'node:path';

/** @type {import('esbuild').BuildOptions} */
export const nodeBundleOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  packages: 'external',
  tsconfig: resolve('tsconfig.base.json'),
  logLevel: 'warning',
};
