/** Services: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE | SELECTOR (upstream printService). */
import type { Service, ServicePort } from '@tskube/api-types';
import { formatLabels, translateTimestampSince } from '../format';
import { AGE_COLUMN, NAME_COLUMN, col, type Printer } from '../types';

/** "80/TCP,443:30443/TCP" (upstream makePortString). */
export function portString(ports: readonly ServicePort[] | undefined): string {
  return (ports ?? []).map((p) => (p.nodePort && p.nodePort > 0 ? `${p.port}:${p.nodePort}/${p.protocol ?? ''}` : `${p.port}/${p.protocol ?? ''}`)).join(',');
}

/** upstream getServiceExternalIP (server side is always "wide": no truncation). */
export function externalIP(svc: Service): string {
  const ext = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type) {
    case 'ClusterIP':
    case 'NodePort':
      return ext.length > 0 ? ext.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip || i.hostname || '').filter((s) => s !== '');
      if (ext.length > 0) return [...lb, ...ext].join(',');
      return lb.length > 0 ? lb.join(',') : '<pending>';
    }
    case 'ExternalName':
      return svc.spec.externalName ?? '';
    case undefined:
    default:
      return '<unknown>';
  }
}

export const servicePrinter: Printer<Service> = {
  columns: [
    NAME_COLUMN,
    col('Type', 'string', 'type determines how the Service is exposed.'),
    col('Cluster-IP', 'string', 'clusterIP is the IP address of the service and is usually assigned randomly.'),
    col('External-IP', 'string', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
    col('Port(s)', 'string', 'The list of ports that are exposed by this service.'),
    AGE_COLUMN,
    col('Selector', 'string', 'Route service traffic to pods with label keys and values matching this selector.', 1),
  ],
  cells(svc, now) {
    return [
      svc.metadata?.name ?? '',
      svc.spec?.type ?? '',
      svc.spec?.clusterIPs?.[0] ?? (svc.spec?.clusterIP || '<none>'),
      externalIP(svc),
      portString(svc.spec?.ports) || '<none>',
      translateTimestampSince(svc.metadata?.creationTimestamp, now),
      formatLabels(svc.spec?.selector),
    ];
  },
};
