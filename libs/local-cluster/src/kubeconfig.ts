import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import yaml from 'js-yaml';

/** Writes a kubeconfig with one cluster, user and context named `tskube`, pointing at `server`. */
export function writeKubeconfig(path: string, server: string): void {
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'tskube', cluster: { server } }],
    users: [{ name: 'tskube', user: {} }],
    contexts: [{ name: 'tskube', context: { cluster: 'tskube', user: 'tskube', namespace: 'default' } }],
    'current-context': 'tskube',
    preferences: {},
  };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, yaml.dump(doc), { mode: 0o600 });
}
