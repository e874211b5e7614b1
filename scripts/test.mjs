#!/usr/bin/env node
// `npm test`: the whole suite. Installs what is missing, then lint + unit and integration tests
// of every project (nx run-many -t lint test), then the e2e suite against a real cluster.
import { ensureNodeModules, sh, nxEnv } from './ensure-node-modules.mjs';

process.chdir(new URL('..', import.meta.url).pathname);
sh('bash', ['scripts/prereqs.sh']);
ensureNodeModules();
// --skip-nx-cache: `npm test` always runs every test; a replayed result proves nothing.
const nx = (...args) => sh('npx', ['nx', ...args, '--output-style=stream', '--skip-nx-cache'], { env: nxEnv });
console.log('tskube: lint, unit and integration tests');
nx('run-many', '-t', 'lint', 'test', '--parallel=2');
console.log('tskube: end-to-end tests');
nx('run', 'e2e:e2e');
console.log('tskube: all tests passed');
