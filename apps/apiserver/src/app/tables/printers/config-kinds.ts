/** ConfigMaps (NAME DATA AGE), Secrets (NAME TYPE DATA AGE), ServiceAccounts (NAME SECRETS AGE). */
import type { ConfigMap, Secret, ServiceAccount } from '@tskube/api-types';
import { translateTimestampSince } from '../format';
import { AGE_COLUMN, NAME_COLUMN, col, type Printer } from '../types';

export const configMapPrinter: Printer<ConfigMap> = {
  columns: [NAME_COLUMN, col('Data', 'string', 'Data contains the configuration data.'), AGE_COLUMN],
  cells(cm, now) {
    return [cm.metadata?.name ?? '', Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length, translateTimestampSince(cm.metadata?.creationTimestamp, now)];
  },
};

export const secretPrinter: Printer<Secret> = {
  columns: [NAME_COLUMN, col('Type', 'string', 'The type of the secret'), col('Data', 'string', 'Data contains the secret data.'), AGE_COLUMN],
  cells(s, now) {
    return [s.metadata?.name ?? '', s.type ?? '', Object.keys(s.data ?? {}).length, translateTimestampSince(s.metadata?.creationTimestamp, now)];
  },
};

export const serviceAccountPrinter: Printer<ServiceAccount> = {
  columns: [NAME_COLUMN, col('Secrets', 'string', 'Secrets is the list of secrets allowed to be used by pods running using this ServiceAccount.'), AGE_COLUMN],
  cells(sa, now) {
    return [sa.metadata?.name ?? '', (sa.secrets ?? []).length, translateTimestampSince(sa.metadata?.creationTimestamp, now)];
  },
};
