import { mkdir } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import type { Container, Pod } from '@tskube/api-types';
import { ContainerConfigError } from './projection';
import type { HostVolume } from './volume-manager';

/**
 * Docker `Binds` for a container's volumeMounts (`host:container[:ro]`): `subPath` mounts a
 * path inside the volume (created in emptyDirs when missing, as upstream; `..` is refused);
 * `readOnly` and API data volumes get `:ro`. `etcHosts` (the pod's generated hosts file) is
 * mounted at /etc/hosts unless the container mounts something there itself.
 */
export async function containerBinds(c: Container, vols: ReadonlyMap<string, HostVolume>, etcHosts?: string): Promise<string[]> {
  const binds: string[] = [];
  for (const m of c.volumeMounts ?? []) {
    const v = vols.get(m.name);
    if (!v) throw new ContainerConfigError(`volumeMount "${m.name}" of container "${c.name}" names no volume of the pod`);
    if (!m.mountPath?.startsWith('/')) throw new ContainerConfigError(`volumeMount "${m.name}": mountPath must be absolute`);
    let src = v.hostPath;
    if (m.subPath) {
      const sub = normalize(m.subPath);
      if (sub.startsWith('/') || sub.split('/').includes('..')) throw new ContainerConfigError(`volumeMount "${m.name}": invalid subPath "${m.subPath}"`);
      src = join(v.hostPath, sub);
      if (v.writable) await mkdir(src, { recursive: true, mode: 0o777 });
    }
    binds.push(`${src}:${m.mountPath}${m.readOnly || v.readOnly ? ':ro' : ''}`);
  }
  if (etcHosts && !(c.volumeMounts ?? []).some((m) => normalize(m.mountPath) === '/etc/hosts')) binds.push(`${etcHosts}:/etc/hosts`);
  return binds;
}

/**
 * The pod's /etc/hosts (upstream `managedHostsFileContent`): localhost lines, the pod's IP with
 * its hostname (and FQDN with a subdomain), then `hostAliases`.
 */
export function hostsFileContent(pod: Pod, podIP: string | undefined): string {
  const lines = [
    '# Kubernetes-managed hosts file.',
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    'fe00::0\tip6-localnet',
    'fe00::0\tip6-mcastprefix',
    'fe00::1\tip6-allnodes',
    'fe00::2\tip6-allrouters',
  ];
  const hostname = (pod.spec?.hostname ?? pod.metadata?.name ?? '').slice(0, 63);
  if (podIP) {
    const sub = pod.spec?.subdomain;
    lines.push(sub ? `${podIP}\t${hostname}.${sub}.${pod.metadata?.namespace ?? 'default'}.svc.cluster.local\t${hostname}` : `${podIP}\t${hostname}`);
  }
  const aliases = pod.spec?.hostAliases ?? [];
  if (aliases.length) {
    lines.push('', '# Entries added by HostAliases.');
    for (const a of aliases) if (a.ip && a.hostnames?.length) lines.push(`${a.ip}\t${a.hostnames.join('\t')}`);
  }
  return `${lines.join('\n')}\n`;
}
