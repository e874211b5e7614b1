/** Printer per catalog resource, keyed by `group/resource`; unknown resources get the default printer. */
import type { ResourceInfo } from '@tskube/api-types';
import { configMapPrinter, secretPrinter, serviceAccountPrinter } from './printers/config-kinds';
import { cronJobPrinter } from './printers/cronjob';
import { daemonSetPrinter } from './printers/daemonset';
import { controllerRevisionPrinter } from './printers/controllerrevision';
import { defaultPrinter } from './printers/default';
import { endpointSlicePrinter } from './printers/endpointslice';
import { jobPrinter } from './printers/job';
import { replicationControllerPrinter } from './printers/replication-controller';
import { deploymentPrinter } from './printers/deployment';
import { endpointsPrinter } from './printers/endpoints';
import { eventPrinter } from './printers/event';
import { leasePrinter } from './printers/lease';
import { namespacePrinter } from './printers/namespace';
import { nodePrinter } from './printers/node';
import { podPrinter } from './printers/pod';
import { replicaSetPrinter } from './printers/replicaset';
import { servicePrinter } from './printers/service';
import type { Printer } from './types';

// Each printer is typed for its kind (method parameters are bivariant); the registry hands
// a printer only objects of its own resource.
const PRINTERS: Record<string, Printer | undefined> = {
  '/pods': podPrinter,
  '/nodes': nodePrinter,
  '/services': servicePrinter,
  '/endpoints': endpointsPrinter,
  '/namespaces': namespacePrinter,
  '/events': eventPrinter,
  'apps/replicasets': replicaSetPrinter,
  'apps/deployments': deploymentPrinter,
  'coordination.k8s.io/leases': leasePrinter,
  '/configmaps': configMapPrinter,
  '/secrets': secretPrinter,
  '/serviceaccounts': serviceAccountPrinter,
  '/replicationcontrollers': replicationControllerPrinter,
  'apps/daemonsets': daemonSetPrinter,
  'apps/controllerrevisions': controllerRevisionPrinter,
  'batch/jobs': jobPrinter,
  'batch/cronjobs': cronJobPrinter,
  'discovery.k8s.io/endpointslices': endpointSlicePrinter,
};

export function printerFor(info: Pick<ResourceInfo, 'group' | 'resource'>): Printer {
  return PRINTERS[`${info.group}/${info.resource}`] ?? defaultPrinter;
}
