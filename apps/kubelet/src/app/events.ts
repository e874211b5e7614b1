/**
 * The kubelet's Event recorder, as upstream's makeEventRecorder (cmd/kubelet/app/server.go):
 * source {component: "kubelet", host: <node name>}, so `kubectl get events -o wide` shows
 * SOURCE `kubelet, <node>` and events of different nodes about one object stay apart in the
 * correlator (its keys include source.host). reportingComponent/reportingInstance follow
 * (client-go sets them from source.Component/Host). Container events: container-events.ts.
 */
import type { KubeObject } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import { ClientEventRecorder, EventBroadcaster } from '@tskube/controller-utils';
import type { ObjectClient } from '@tskube/controller-utils';

/** Upstream's `componentKubelet`: source.component of every kubelet Event. */
export const KUBELET_COMPONENT = 'kubelet';

/** The kubelet's recorder and the broadcaster behind it (shut down when the kubelet stops). */
export interface KubeletEvents {
  recorder: ClientEventRecorder;
  broadcaster: EventBroadcaster;
}

/** A recorder (with its own broadcaster) whose Events name this node as their source host. */
export function kubeletEventRecorder(client: ObjectClient, nodeName: string, logger: Logger): KubeletEvents {
  const broadcaster = new EventBroadcaster({ client, logger });
  return { broadcaster, recorder: new ClientEventRecorder({ client, component: KUBELET_COMPONENT, host: nodeName, logger, broadcaster }) };
}

/**
 * The Node as the involved object of the kubelet's node events, as upstream's kubelet nodeRef:
 * kind Node, name and uid both the node name (not the Node object's uid), no namespace.
 */
export function nodeRef(nodeName: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name: nodeName, uid: nodeName } };
}
