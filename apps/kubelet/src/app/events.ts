/**
 * The kubelet's Event recorder, as upstream's makeEventRecorder (cmd/kubelet/app/server.go):
 * source {component: "kubelet", host: <node name>}, so `kubectl get events -o wide` shows
 * SOURCE `kubelet, <node>` and events of different nodes about one object stay apart in the
 * correlator (its keys include source.host). reportingComponent/reportingInstance follow
 * (client-go sets them from source.Component/Host).
 */
import type { Logger } from '@tskube/component-base';
import { ClientEventRecorder } from '@tskube/controller-utils';
import type { ObjectClient } from '@tskube/controller-utils';

/** Upstream's `componentKubelet`: source.component of every kubelet Event. */
export const KUBELET_COMPONENT = 'kubelet';

/** A recorder (with its own broadcaster) whose Events name this node as their source host. */
export function kubeletEventRecorder(client: ObjectClient, nodeName: string, logger: Logger): ClientEventRecorder {
  return new ClientEventRecorder({ client, component: KUBELET_COMPONENT, host: nodeName, logger });
}
