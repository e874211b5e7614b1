import { RESOURCES } from '@tskube/api-types';
import type { KubeObject, ReplicaSet, ReplicaSetStatus, ReplicationController, ResourceInfo } from '@tskube/api-types';
import type { EventHandler, InformerLike, Lister } from '@tskube/controller-utils';
import { KINDS } from '../../kinds';

/**
 * What differs between a ReplicaSet and a ReplicationController for the replica loop (upstream
 * runs the RC controller as the RS controller over a conversion): the resource written to, the
 * owner kind, and the RS-shaped view the sync works on (an RC's equality selector becomes
 * `matchLabels`, defaulting to the template labels as the apiserver does).
 */
export interface ReplicatedKind {
  controllerName: string;
  resource: ResourceInfo;
  apiVersion: string;
  kind: string;
  /** The object PUT to `/status`: the stored shape with `status` replaced. */
  withStatus(view: Readonly<ReplicaSet>, status: ReplicaSetStatus): KubeObject;
}

export const REPLICASET_KIND: ReplicatedKind = {
  controllerName: 'replicaset',
  resource: RESOURCES.replicasets,
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  withStatus: (rs, status) => ({ ...structuredClone(rs), apiVersion: 'apps/v1', kind: 'ReplicaSet', status }),
};

export const REPLICATIONCONTROLLER_KIND: ReplicatedKind = {
  controllerName: 'replicationcontroller',
  resource: KINDS.replicationcontrollers,
  apiVersion: 'v1',
  kind: 'ReplicationController',
  withStatus: (view, status) => {
    const rc = structuredClone(view) as unknown as ReplicationController;
    rc.spec = { ...rc.spec, selector: view.spec?.selector?.matchLabels ?? {} };
    return { ...rc, apiVersion: 'v1', kind: 'ReplicationController', status } as KubeObject;
  },
};

/** The RS-shaped view of a ReplicationController (cached per object; never mutate it). */
const views = new WeakMap<object, ReplicaSet>();
export function rcAsReplicaSet(rc: Readonly<ReplicationController>): ReplicaSet {
  const cached = views.get(rc);
  if (cached) return cached;
  const matchLabels = rc.spec?.selector ?? rc.spec?.template?.metadata?.labels ?? {};
  const view = { ...rc, apiVersion: 'v1', kind: 'ReplicationController', spec: { ...rc.spec, selector: { matchLabels: { ...matchLabels } } } } as unknown as ReplicaSet;
  views.set(rc, view);
  return view;
}

/** A lister presenting cached ReplicationControllers as ReplicaSets. */
export function rcListerAsRS(l: Lister<ReplicationController>): Lister<ReplicaSet> {
  return {
    get: (k) => {
      const rc = l.get(k);
      return rc && rcAsReplicaSet(rc);
    },
    list: () => l.list().map(rcAsReplicaSet),
    byIndex: (i, v) => l.byIndex(i, v).map(rcAsReplicaSet),
  };
}

/** A ReplicationController informer seen as a ReplicaSet one (handlers get the raw RCs; only keys are used). */
export function rcInformerAsRS(inf: InformerLike<ReplicationController>): InformerLike<ReplicaSet> {
  return {
    addEventHandler: (h) => inf.addEventHandler(h as EventHandler<ReplicationController>),
    getIndexer: () => rcListerAsRS(inf.getIndexer()),
    hasSynced: () => inf.hasSynced(),
  };
}
