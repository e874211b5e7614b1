import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, readlink, rename, rm, stat, symlink, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ProjectedFile } from './projection';

/**
 * Upstream's atomic writer (`pkg/volume/util/atomic_writer.go`) for configMap, secret,
 * downwardAPI and projected volumes. Layout of a volume directory:
 *
 *     ..2026_11_25_22_40_00.123456789/   the payload of one version (real files)
 *     ..data -> ..2026_11_25_22_40_00.123456789
 *     key -> ..data/key                    one symlink per top-level path of the payload
 *
 * A new payload is written into a fresh timestamped directory, then `..data` is swapped to it
 * with a rename (atomic), then the user-visible symlinks are added/removed and the old
 * directory is deleted. A container that bind-mounts the volume directory sees either the old
 * or the new version, never a mix; a container that mounts one file with `subPath` keeps the
 * file it got (the mount pins the old inode), as upstream.
 */

const DATA_DIR = '..data';
const DATA_TMP = '..data_tmp';

/** `..YYYY_MM_DD_HH_MM_SS.` prefix of a new payload directory (mkdtemp adds a unique suffix). */
function tsPrefix(now: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `..${now.getUTCFullYear()}_${p(now.getUTCMonth() + 1)}_${p(now.getUTCDate())}_${p(now.getUTCHours())}_${p(now.getUTCMinutes())}_${p(now.getUTCSeconds())}.`;
}

/** Top-level names of a payload (first path segment of each file). */
function topLevel(files: readonly ProjectedFile[]): Set<string> {
  return new Set(files.map((f) => f.path.split('/')[0]!));
}

/** Whether the payload under `dir` (the current `..data` target) equals `files`, bytes and modes. */
async function samePayload(dir: string, files: readonly ProjectedFile[]): Promise<boolean> {
  const want = new Set(files.map((f) => f.path));
  for (const f of files) {
    const p = join(dir, f.path);
    const [cur, st] = await Promise.all([readFile(p).catch(() => undefined), stat(p).catch(() => undefined)]);
    if (!cur || !st || !cur.equals(f.data) || (st.mode & 0o7777) !== f.mode) return false;
  }
  return (await listFiles(dir)).every((p) => want.has(p));
}

/** Relative paths of the regular files below `dir`. */
async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(join(dir, prefix), { withFileTypes: true }).catch(() => [])) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else out.push(rel);
  }
  return out;
}

/**
 * Makes `targetDir` hold exactly `files` (paths relative, already validated). Returns false
 * when the payload was unchanged (nothing written), true when a new version was swapped in.
 */
export async function writeAtomic(targetDir: string, files: readonly ProjectedFile[], now: () => Date = () => new Date()): Promise<boolean> {
  await mkdir(targetDir, { recursive: true, mode: 0o755 });
  const oldTs = await readlink(join(targetDir, DATA_DIR)).catch(() => undefined);
  if (oldTs && (await samePayload(join(targetDir, oldTs), files))) return false;

  const tsDir = await mkdtemp(join(targetDir, tsPrefix(now())));
  await chmod(tsDir, 0o755);
  for (const f of files) {
    const p = join(tsDir, f.path);
    await mkdir(dirname(p), { recursive: true, mode: 0o755 });
    await writeFile(p, f.data);
    await chmod(p, f.mode);
  }
  const tsName = tsDir.slice(targetDir.length + 1);
  const tmpLink = join(targetDir, DATA_TMP);
  await unlink(tmpLink).catch(() => undefined);
  await symlink(tsName, tmpLink);
  await rename(tmpLink, join(targetDir, DATA_DIR));

  const names = topLevel(files);
  for (const n of names) {
    const link = join(targetDir, n);
    const st = await lstat(link).catch(() => undefined);
    if (st?.isSymbolicLink()) continue;
    if (st) await rm(link, { recursive: true, force: true }); // a plain file from an older layout
    await symlink(join(DATA_DIR, n), link);
  }
  for (const e of await readdir(targetDir)) {
    if (e.startsWith('..') || names.has(e)) continue;
    await rm(join(targetDir, e), { recursive: true, force: true }); // path no longer in the payload
  }
  if (oldTs && oldTs !== tsName) await rm(join(targetDir, oldTs), { recursive: true, force: true });
  return true;
}
