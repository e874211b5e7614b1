import type { Namespace, ServiceAccount } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import type { Lister, ObjectClient, SyncResult } from '@tskube/controller-utils';
import { KINDS } from '../../kinds';

/** Upstream `--service-account-names`-less default: every namespace gets these. */
export const DEFAULT_SERVICE_ACCOUNTS = ['default'] as const;

export interface ServiceAccountSyncDeps {
  namespaceLister: Lister<Namespace>;
  serviceAccountLister: Lister<ServiceAccount>;
  client: ObjectClient;
  logger: Logger;
}

/**
 * Upstream `serviceaccounts-controller`: makes sure every Active namespace (key = its name) has
 * the `default` ServiceAccount, creating it when the cache lacks it. Terminating or missing
 * namespaces are skipped; AlreadyExists (cache lag) and Forbidden/NotFound (the namespace began
 * terminating) are not errors.
 */
export async function syncServiceAccounts(deps: ServiceAccountSyncDeps, ns: string): Promise<SyncResult> {
  const namespace = deps.namespaceLister.get(ns);
  if (!namespace || namespace.metadata?.deletionTimestamp || namespace.status?.phase === 'Terminating') return {};
  for (const name of DEFAULT_SERVICE_ACCOUNTS) {
    if (deps.serviceAccountLister.get(`${ns}/${name}`)) continue;
    const sa: ServiceAccount = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: ns } };
    try {
      await deps.client.create(KINDS.serviceaccounts, sa, { namespace: ns });
      deps.logger.info('created service account', { namespace: ns, name });
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (code !== 409 && code !== 403 && code !== 404) throw err;
    }
  }
  return {};
}
