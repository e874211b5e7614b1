/**
 * GET /version: the server's version.Info.
 *
 * ATTENTION: `minor` MUST stay "32". The Debian/Google `kubectl` is a dispatcher that picks the
 * real client binary by the `major`/`minor` fields of this response (kubectl-compat.md fact 1);
 * "32" keeps its embedded v1.32 client, any other known minor swaps the client.
 */
import { Router } from '@koa/router';
import { arch, platform } from 'node:process';

export interface VersionInfo {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit: string;
  gitTreeState: string;
  buildDate: string;
  goVersion: string;
  compiler: string;
  platform: string;
}

const GO_ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x' };

/** The version this server reports; pure, for tests and for `kubectl version` compatibility. */
export function versionInfo(): VersionInfo {
  return {
    major: '1',
    minor: '32',
    gitVersion: 'v1.32.0-tskube',
    gitCommit: process.env['TSKUBE_GIT_COMMIT'] ?? '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2025-01-01T00:00:00Z',
    goVersion: `node${process.versions.node}`,
    compiler: 'tsc',
    platform: `${platform}/${GO_ARCH[arch] ?? arch}`,
  };
}

/** Router serving `GET /version` with `Cache-Control: no-cache, private` (the dispatcher caches otherwise). */
export function versionRouter(): Router {
  const router = new Router();
  const body = versionInfo();
  router.get('/version', (ctx) => {
    ctx.set('Cache-Control', 'no-cache, private');
    ctx.type = 'application/json';
    ctx.body = body;
  });
  return router;
}
