import type { ConfigMap, Pod, Secret, Volume } from '@tskube/api-types';
import type { DownwardContext } from '../downward-api';
import type { ProjectedFile } from './projection';
import { checkPath, configMapData, ContainerConfigError, downwardApiFiles, keyFiles, secretData } from './projection';

type ProjectedVolumeSource = NonNullable<Volume['projected']>;

/** The TokenRequest the kubelet sends for a `serviceAccountToken` source (bound to the pod). */
export interface TokenRequestSpec {
  audiences: string[];
  expirationSeconds: number;
  boundObjectRef: { kind: 'Pod'; apiVersion: 'v1'; name: string; uid: string };
}

/** What a projected volume reads from the API server. */
export interface ProjectedObjects {
  configMap(namespace: string, name: string): Promise<ConfigMap | undefined>;
  secret(namespace: string, name: string): Promise<Secret | undefined>;
  /**
   * `POST .../serviceaccounts/<sa>/token`; resolves the token and its expiry (epoch ms). Throws
   * when the API server refuses (e.g. 404 when the endpoint is not served).
   */
  serviceAccountToken?(namespace: string, serviceAccount: string, spec: TokenRequestSpec): Promise<{ token: string; expiresAt: number }>;
}

/** Upstream default `expirationSeconds` of a projected token (1 h), and its minimum (10 min). */
const DEFAULT_TOKEN_SECONDS = 3600;
const MIN_TOKEN_SECONDS = 600;

/**
 * Tokens by pod UID + audience + lifetime, refreshed (as upstream's token manager) once 80% of
 * their lifetime has passed or after 24 h, so a volume refresh on every sync does not ask the
 * API server for a new token each time.
 */
export class TokenCache {
  private readonly tokens = new Map<string, { token: string; issuedAt: number; expiresAt: number }>();
  constructor(private readonly now: () => number = Date.now) {}

  async get(objects: ProjectedObjects, pod: Pod, audience: string | undefined, expirationSeconds: number | undefined): Promise<string> {
    const m = pod.metadata ?? {};
    const seconds = Math.max(MIN_TOKEN_SECONDS, expirationSeconds ?? DEFAULT_TOKEN_SECONDS);
    const key = `${m.uid ?? ''}|${audience ?? ''}|${seconds}`;
    const cur = this.tokens.get(key);
    const t = this.now();
    if (cur && t < cur.issuedAt + 0.8 * (cur.expiresAt - cur.issuedAt) && t - cur.issuedAt < 24 * 3600_000) return cur.token;
    if (!objects.serviceAccountToken) throw new Error('the kubelet has no API server to request tokens from');
    const sa = pod.spec?.serviceAccountName || 'default';
    const got = await objects.serviceAccountToken(m.namespace ?? 'default', sa, {
      audiences: audience ? [audience] : [],
      expirationSeconds: seconds,
      boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: m.name ?? '', uid: m.uid ?? '' },
    });
    this.tokens.set(key, { token: got.token, issuedAt: t, expiresAt: got.expiresAt > t ? got.expiresAt : t + seconds * 1000 });
    return got.token;
  }

  /** Forgets the pod's tokens (pod removed). */
  forgetPod(uid: string): void {
    for (const k of [...this.tokens.keys()]) if (k.startsWith(`${uid}|`)) this.tokens.delete(k);
  }
}

/** Files of a projected volume, and the sources that could not be projected (for a pod event). */
export interface ProjectedPayload {
  files: ProjectedFile[];
  /** One message per failed serviceAccountToken source; the other sources are still projected. */
  warnings: string[];
}

/**
 * Files of a `projected` volume (upstream `projected.collectData`): every source's files in
 * one directory, `defaultMode` of the volume unless a source item sets its own. configMap and
 * secret sources: a missing object fails the volume unless optional. serviceAccountToken: the
 * token from the {@link TokenCache}; when the API server refuses, the source is skipped with a
 * warning and the other sources are kept.
 */
export async function projectedFiles(pod: Pod, src: ProjectedVolumeSource, objects: ProjectedObjects, tokens: TokenCache, ctx: DownwardContext): Promise<ProjectedPayload> {
  const ns = pod.metadata?.namespace ?? 'default';
  const mode = src.defaultMode ?? undefined;
  const files: ProjectedFile[] = [];
  const warnings: string[] = [];
  for (const s of src.sources ?? []) {
    if (s.configMap) {
      const name = s.configMap.name ?? '';
      const cm = await objects.configMap(ns, name);
      if (!cm && !s.configMap.optional) throw new ContainerConfigError(`configmap "${name}" not found`);
      if (cm) files.push(...keyFiles(configMapData(cm), s.configMap.items, mode, `configmap "${name}"`, s.configMap.optional === true));
    } else if (s.secret) {
      const name = s.secret.name ?? '';
      const sec = await objects.secret(ns, name);
      if (!sec && !s.secret.optional) throw new ContainerConfigError(`secret "${name}" not found`);
      if (sec) files.push(...keyFiles(secretData(sec), s.secret.items, mode, `secret "${name}"`, s.secret.optional === true));
    } else if (s.downwardAPI) {
      files.push(...downwardApiFiles(pod, { items: s.downwardAPI.items ?? [], ...(mode !== undefined ? { defaultMode: mode } : {}) }, ctx));
    } else if (s.serviceAccountToken) {
      const t = s.serviceAccountToken;
      try {
        const token = await tokens.get(objects, pod, t.audience, t.expirationSeconds);
        // Upstream writes tokens 0600 unless the volume's defaultMode says otherwise.
        files.push({ path: checkPath(t.path), data: Buffer.from(token, 'utf8'), mode: mode ?? 0o600 });
      } catch (err) {
        warnings.push(`failed to fetch token for serviceAccountToken source "${t.path}": ${err instanceof Error ? err.message : String(err)}`);
      }
    } else {
      throw new ContainerConfigError('projected volume: unsupported source (tskube supports configMap, secret, downwardAPI, serviceAccountToken)');
    }
  }
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.path)) throw new ContainerConfigError(`projected volume: conflicting duplicate path "${f.path}"`);
    seen.add(f.path);
  }
  return { files, warnings };
}
