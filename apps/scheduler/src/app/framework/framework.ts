import type { Pod } from '@tskube/api-types';
import type { CycleState } from './cycle-state';
import { isFilterPlugin, isPreFilterPlugin, isPreScorePlugin, isScorePlugin } from './interfaces';
import type { FilterPlugin, Plugin, PreFilterPlugin, PreScorePlugin, ScorePlugin } from './interfaces';
import type { NodeInfo } from './node-info';
import { Code, Status } from './status';

const ACTIVE_FILTERS = 'framework/activeFilters';

/** The shared success result of the per-node loops (no allocation per node; never mutated). */
const SUCCESS: Status = Object.freeze(new Status(Code.Success));

/** Runs `fn`, turning an exception into an Error status naming the plugin and extension point. */
function guarded(point: string, name: string, fn: () => Status | undefined): Status | undefined {
  try {
    return fn();
  } catch (err) {
    return Status.error(`running ${point} plugin "${name}": ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * Runs a profile's plugins at each extension point (upstream `frameworkImpl`): PreFilter once
 * per cycle (a Skip drops that plugin's Filter for the cycle), Filter per node in profile order
 * stopping at the first rejection (one reason per node, as upstream), PreScore once over the
 * feasible nodes, then Score summed with per-plugin weights. Plugin exceptions become Error
 * statuses.
 */
export class Framework {
  private readonly preFilters: PreFilterPlugin[];
  private readonly filters: FilterPlugin[];
  private readonly preScores: PreScorePlugin[];
  private readonly scorers: Array<{ plugin: ScorePlugin; weight: number }>;

  constructor(plugins: readonly Plugin[], weights: Readonly<Record<string, number>> = {}) {
    this.preFilters = plugins.filter(isPreFilterPlugin);
    this.filters = plugins.filter(isFilterPlugin);
    this.preScores = plugins.filter(isPreScorePlugin);
    this.scorers = plugins.filter(isScorePlugin).map((plugin) => ({ plugin, weight: weights[plugin.name] ?? 1 }));
  }

  /**
   * Success, or the first rejecting/error status (with `plugin` set): a rejection here means no
   * node can fit (upstream reports it for every node). Records which Filters to run this cycle.
   */
  runPreFilterPlugins(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status {
    for (const p of this.preFilters) {
      const s = guarded('prefilter', p.name, () => p.preFilter(state, pod, nodes));
      if (!s || s.isSuccess()) continue;
      if (s.code === Code.Skip) {
        state.skipFilterPlugins.add(p.name);
        continue;
      }
      s.plugin = p.name;
      return s;
    }
    state.write(ACTIVE_FILTERS, this.filters.filter((f) => !state.skipFilterPlugins.has(f.name)));
    return SUCCESS;
  }

  /** Success status, or the first rejecting status (with `plugin` set). */
  runFilterPlugins(state: CycleState, pod: Pod, node: NodeInfo): Status {
    const filters = state.read<FilterPlugin[]>(ACTIVE_FILTERS) ?? this.filters;
    for (const f of filters) {
      let s: Status | undefined;
      try {
        s = f.filter(state, pod, node); // no closure per node: this loop is the hot path
      } catch (err) {
        s = Status.error(`running filter plugin "${f.name}": ${err instanceof Error ? err.message : String(err)}`);
      }
      if (s && !s.isSuccess()) {
        s.plugin = f.name;
        return s;
      }
    }
    return SUCCESS;
  }

  /** Tells every PreFilter extension that `victim` left `node` (preemption dry run; then `runFilterPlugins` sees the node without it). */
  runRemovePod(state: CycleState, pod: Pod, victim: Pod, node: NodeInfo): void {
    for (const p of this.preFilters) if (!state.skipFilterPlugins.has(p.name)) p.preFilterExtensions?.removePod(state, pod, victim, node);
  }

  /** Tells every PreFilter extension that `added` is back on `node` (preemption reprieve). */
  runAddPod(state: CycleState, pod: Pod, added: Pod, node: NodeInfo): void {
    for (const p of this.preFilters) if (!state.skipFilterPlugins.has(p.name)) p.preFilterExtensions?.addPod(state, pod, added, node);
  }

  /** Runs PreScore; a Skip drops that plugin's Score this cycle. Returns the first error, if any. */
  runPreScorePlugins(state: CycleState, pod: Pod, feasible: readonly NodeInfo[], all: readonly NodeInfo[]): Status {
    for (const p of this.preScores) {
      const s = guarded('prescore', p.name, () => p.preScore(state, pod, feasible, all));
      if (!s || s.isSuccess()) continue;
      if (s.code === Code.Skip) state.skipScorePlugins.add(p.name);
      else {
        s.plugin = p.name;
        return s;
      }
    }
    return SUCCESS;
  }

  /** Weighted total score for every node, in the input order (each plugin's scores normalized first). */
  runScorePlugins(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): number[] {
    const totals = new Array<number>(nodes.length).fill(0);
    const scores = new Array<number>(nodes.length);
    for (const { plugin, weight } of this.scorers) {
      if (state.skipScorePlugins.has(plugin.name)) continue;
      for (let i = 0; i < nodes.length; i++) scores[i] = plugin.score(state, pod, nodes[i]!);
      plugin.normalizeScores?.(state, pod, scores, nodes);
      for (let i = 0; i < nodes.length; i++) totals[i]! += scores[i]! * weight;
    }
    return totals;
  }
}
