import { writeFile } from 'node:fs/promises';
import type { Logger } from '@tskube/component-base';

export const ROUTE_LOCALNET_PATH = '/proc/sys/net/ipv4/conf/all/route_localnet';

/**
 * Sets `net.ipv4.conf.all.route_localnet=1` as upstream kube-proxy does, so traffic with a
 * 127.0.0.0/8 source or destination may be routed off the loopback device after DNAT (needed
 * for node-local clients whose packets carry 127.0.0.1 and for localhost NodePorts). A
 * failure is logged, not fatal. Returns whether the write succeeded.
 */
export async function ensureRouteLocalnet(logger: Logger, path = ROUTE_LOCALNET_PATH): Promise<boolean> {
  try {
    await writeFile(path, '1');
    return true;
  } catch (err) {
    logger.warn('cannot set net.ipv4.conf.all.route_localnet=1', { path, err: err instanceof Error ? err.message : String(err) });
    return false;
  }
}
