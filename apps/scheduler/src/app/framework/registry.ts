import { InterPodAffinity } from '../plugins/inter-pod-affinity/inter-pod-affinity';
import { PodTopologySpread } from '../plugins/pod-topology-spread/pod-topology-spread';
import { BalancedAllocation } from '../plugins/balanced-allocation/balanced-allocation';
import { LeastAllocated } from '../plugins/least-allocated/least-allocated';
import { NodeAffinity } from '../plugins/node-affinity/node-affinity';
import { NodeName } from '../plugins/node-name/node-name';
import { NodePorts } from '../plugins/node-ports/node-ports';
import { NodeReady } from '../plugins/node-ready/node-ready';
import { NodeResourcesFit } from '../plugins/node-resources-fit/node-resources-fit';
import { NodeUnschedulable } from '../plugins/node-unschedulable/node-unschedulable';
import { SelectorSpread } from '../plugins/selector-spread/selector-spread';
import { TaintToleration } from '../plugins/taint-toleration/taint-toleration';
import type { Plugin } from './interfaces';
import { staticListers } from './listers';
import type { FrameworkHandle } from './listers';

/**
 * Builds a plugin instance; `args` is the plugin's config section (none take any yet), `handle`
 * gives access to cluster listers (Services, controllers, namespaces).
 */
export type PluginFactory = (args: unknown, handle: FrameworkHandle) => Plugin;

/** Every in-tree plugin by name, one line each (upstream `plugins/registry.go`). */
export const inTreeRegistry: Readonly<Record<string, PluginFactory>> = {
  [NodeUnschedulable.pluginName]: () => new NodeUnschedulable(),
  [NodeName.pluginName]: () => new NodeName(),
  [NodeReady.pluginName]: () => new NodeReady(),
  [TaintToleration.pluginName]: () => new TaintToleration(),
  [NodeResourcesFit.pluginName]: () => new NodeResourcesFit(),
  [LeastAllocated.pluginName]: () => new LeastAllocated(),
  [NodeAffinity.pluginName]: () => new NodeAffinity(),
  [NodePorts.pluginName]: () => new NodePorts(),
  [BalancedAllocation.pluginName]: () => new BalancedAllocation(),
  [SelectorSpread.pluginName]: () => new SelectorSpread(),
  [PodTopologySpread.pluginName]: (_args, h) => new PodTopologySpread(h.listers),
  [InterPodAffinity.pluginName]: (_args, h) => new InterPodAffinity(h.listers),
};

/**
 * The default profile: plugin names in the order their filters run (upstream's default plugin
 * order), with upstream's default score weights (TaintToleration 3, NodeAffinity 2,
 * PodTopologySpread 2, InterPodAffinity 2, LeastAllocated 1, BalancedAllocation 1).
 * SelectorSpread stays registered but, as upstream, is not in the default profile: the system
 * default PodTopologySpread constraints replace it.
 */
export const DEFAULT_PROFILE: ReadonlyArray<{ name: string; weight?: number }> = [
  { name: NodeUnschedulable.pluginName },
  { name: NodeName.pluginName },
  { name: NodeReady.pluginName },
  { name: TaintToleration.pluginName, weight: 3 },
  { name: NodeAffinity.pluginName, weight: 2 },
  { name: NodePorts.pluginName },
  { name: NodeResourcesFit.pluginName },
  { name: PodTopologySpread.pluginName, weight: 2 },
  { name: InterPodAffinity.pluginName, weight: 2 },
  { name: LeastAllocated.pluginName, weight: 1 },
  { name: BalancedAllocation.pluginName, weight: 1 },
];

/** Instantiates the plugins of a profile; throws on an unknown plugin name. */
export function buildPlugins(profile: ReadonlyArray<{ name: string }>, handle: FrameworkHandle = { listers: staticListers() }, registry = inTreeRegistry): Plugin[] {
  return profile.map(({ name }) => {
    const factory = registry[name];
    if (!factory) throw new Error(`Cannot build scheduler profile: plugin "${name}" is not registered`);
    return factory(undefined, handle);
  });
}

/** Upstream default score weights of a profile, by plugin name (1 when unset). */
export function profileWeights(profile: ReadonlyArray<{ name: string; weight?: number }> = DEFAULT_PROFILE): Record<string, number> {
  return Object.fromEntries(profile.map((p) => [p.name, p.weight ?? 1]));
}
