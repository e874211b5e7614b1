/**
 * Client configuration: where the API server is and how to authenticate. Built from a
 * kubeconfig (current-context) and/or `--master`, like client-go's `BuildConfigFromFlags`.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import yaml from 'js-yaml';

/** Everything the RestClient needs to reach the server. */
export interface ClientConfig {
  /** Base URL `http(s)://host:port` (a bare `host:port` means http). */
  server: string;
  userAgent?: string;
  bearerToken?: string;
  /** Timeout of non-watch requests in ms; default 60000. Watches are never timed out by the client. */
  timeoutMs?: number;
  /** PEM CA bundle to verify an https server. */
  caData?: string | Buffer;
  /** PEM client certificate and key for https client auth. */
  certData?: string | Buffer;
  keyData?: string | Buffer;
  insecureSkipTLSVerify?: boolean;
  /** Namespace of the kubeconfig's current context, if set. */
  namespace?: string;
}

interface KubeconfigFile {
  'current-context'?: string;
  clusters?: { name: string; cluster?: Record<string, unknown> }[];
  contexts?: { name: string; context?: { cluster?: string; user?: string; namespace?: string } }[];
  users?: { name: string; user?: Record<string, unknown> }[];
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Parses a kubeconfig file's current context. Relative file paths resolve against the file's directory. */
export function parseKubeconfig(path: string): ClientConfig {
  let doc: KubeconfigFile;
  try {
    doc = (yaml.load(readFileSync(path, 'utf8')) ?? {});
  } catch (e) {
    throw new Error(`invalid configuration: cannot read kubeconfig ${path}: ${(e as Error).message}`, { cause: e });
  }
  const base = dirname(path);
  const file = (p: string): string => (isAbsolute(p) ? p : join(base, p));
  const ctxName = doc['current-context'];
  const ctx = doc.contexts?.find((c) => c.name === ctxName)?.context;
  if (!ctxName || !ctx) throw new Error(`invalid configuration: kubeconfig ${path} has no current context`);
  const cluster = doc.clusters?.find((c) => c.name === ctx.cluster)?.cluster;
  const server = str(cluster?.['server']);
  if (!cluster || !server) throw new Error(`invalid configuration: context "${ctxName}" in ${path} has no cluster with a server`);
  const user = doc.users?.find((u) => u.name === ctx.user)?.user ?? {};
  const cfg: ClientConfig = { server };
  const b64 = (v: unknown): Buffer | undefined => (str(v) ? Buffer.from(str(v) as string, 'base64') : undefined);
  const read = (v: unknown): Buffer | undefined => (str(v) ? readFileSync(file(str(v) as string)) : undefined);
  const ca = b64(cluster['certificate-authority-data']) ?? read(cluster['certificate-authority']);
  if (ca) cfg.caData = ca;
  if (cluster['insecure-skip-tls-verify'] === true) cfg.insecureSkipTLSVerify = true;
  const token = str(user['token']) ?? read(user['tokenFile'])?.toString('utf8').trim() ?? read(user['token-file'])?.toString('utf8').trim();
  if (token) cfg.bearerToken = token;
  const cert = b64(user['client-certificate-data']) ?? read(user['client-certificate']);
  const key = b64(user['client-key-data']) ?? read(user['client-key']);
  if (cert) cfg.certData = cert;
  if (key) cfg.keyData = key;
  if (ctx.namespace) cfg.namespace = ctx.namespace;
  return cfg;
}

/**
 * Reads a kubeconfig (current-context) or uses --master; `master` wins when given (the
 * kubeconfig still supplies credentials). Without either, falls back to $KUBECONFIG, then
 * ~/.kube/config. Throws a one-line error if nothing usable is found.
 */
export function loadClientConfig(opts: { kubeconfig?: string; master?: string; userAgent?: string }): ClientConfig {
  let cfg: ClientConfig | undefined;
  const path = opts.kubeconfig || (opts.master ? undefined : defaultKubeconfigPath());
  if (path) cfg = parseKubeconfig(path);
  if (opts.master) cfg = { ...(cfg ?? {}), server: opts.master };
  if (!cfg) throw new Error('invalid configuration: no configuration has been provided, try setting --kubeconfig or --master');
  if (opts.userAgent) cfg.userAgent = opts.userAgent;
  return cfg;
}

function defaultKubeconfigPath(): string | undefined {
  const env = process.env['KUBECONFIG']?.split(':').find((p) => p !== '');
  if (env) return env;
  const home = join(homedir(), '.kube', 'config');
  try {
    readFileSync(home);
    return home;
  } catch {
    return undefined;
  }
}
