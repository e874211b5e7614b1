#!/usr/bin/env node
// Runs one project's tests: type-check the project (specs included), then every *.spec.ts
// below it (not the shared *.case.spec.ts suites) with node's test runner through tsx.
// Usage: node tools/run-tests.mjs <project root> [--no-typecheck]
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = process.argv[2];
if (!root) {
  console.error('usage: run-tests.mjs <project root>');
  process.exit(2);
}
function specs(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === 'node_modules' || name === 'dist') continue;
    if (statSync(p).isDirectory()) out.push(...specs(p));
    else if (name.endsWith('.spec.ts') && !name.endsWith('.case.spec.ts')) out.push(p);
  }
  return out.sort();
}
if (!process.argv.includes('--no-typecheck') && existsSync(join(root, 'tsconfig.json'))) {
  const tsc = spawnSync('npx', ['tsc', '-p', join(root, 'tsconfig.json'), '--noEmit'], { stdio: 'inherit' });
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
}
const files = specs(join(root, 'src'));
if (files.length === 0) {
  console.error(`no *.spec.ts under ${root}/src`);
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], {
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'test' },
});
process.exit(r.status ?? 1);
