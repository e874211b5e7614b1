import { mkdir, open, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ContainerConfigError } from './projection';

/**
 * Checks (or creates) a hostPath volume's path by its `type` (upstream `hostpath.go`):
 * `""` no check, `DirectoryOrCreate` / `FileOrCreate` create it when missing, `Directory`,
 * `File`, `Socket`, `CharDevice`, `BlockDevice` must exist with that type.
 */
export async function checkHostPath(path: string, type: string | undefined): Promise<void> {
  if (!path.startsWith('/')) throw new ContainerConfigError(`hostPath "${path}" must be an absolute path`);
  const t = type ?? '';
  const st = await stat(path).catch(() => undefined);
  switch (t) {
    case '':
      return;
    case 'DirectoryOrCreate':
      if (!st) await mkdir(path, { recursive: true, mode: 0o755 });
      else if (!st.isDirectory()) throw new ContainerConfigError(`hostPath type check failed: ${path} is not a directory`);
      return;
    case 'FileOrCreate':
      if (!st) {
        await mkdir(dirname(path), { recursive: true, mode: 0o755 });
        await (await open(path, 'a', 0o644)).close();
      } else if (!st.isFile()) throw new ContainerConfigError(`hostPath type check failed: ${path} is not a file`);
      return;
    case 'Directory':
      if (!st?.isDirectory()) throw new ContainerConfigError(`hostPath type check failed: ${path} is not a directory`);
      return;
    case 'File':
      if (!st?.isFile()) throw new ContainerConfigError(`hostPath type check failed: ${path} is not a file`);
      return;
    case 'Socket':
      if (!st?.isSocket()) throw new ContainerConfigError(`hostPath type check failed: ${path} is not a socket file`);
      return;
    case 'CharDevice':
      if (!st?.isCharacterDevice()) throw new ContainerConfigError(`hostPath type check failed: ${path} is not a character device`);
      return;
    case 'BlockDevice':
      if (!st?.isBlockDevice()) throw new ContainerConfigError(`hostPath type check failed: ${path} is not a block device`);
      return;
    default:
      throw new ContainerConfigError(`hostPath type "${t}" is not supported`);
  }
}
