#!/usr/bin/env node
// `npm start`: install what is missing, build the five components, bring up a single-node
// cluster from local processes (scripts/up.ts), and keep it running until Ctrl-C.
import { spawn } from 'node:child_process';
import { ensureNodeModules, sh, nxEnv } from './ensure-node-modules.mjs';

process.chdir(new URL('..', import.meta.url).pathname);
sh('bash', ['scripts/prereqs.sh']);
ensureNodeModules();
console.log('tskube: building the components');
sh('npx', ['nx', 'run-many', '-t', 'build', '--projects=apiserver,scheduler,controller-manager,kubelet,kube-proxy', '--output-style=static'], { env: nxEnv });
const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/up.ts'], { stdio: 'inherit' });
// Ctrl-C reaches the child through the process group; this process only waits for it.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code) => process.exit(code ?? 1));
