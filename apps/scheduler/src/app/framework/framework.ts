import type { Pod } from '@tskube/api-types';
import type { CycleState } from './cycle-state';
import { isFilterPlugin, isScorePlugin } from './interfaces';
import type { FilterPlugin, Plugin, ScorePlugin } from './interfaces';
import type { NodeInfo } from './node-info';
import { Code, Status } from './status';

/**
 * Runs a profile's plugins at each extension point (upstream `frameworkImpl`). Filters run in
 * profile order and stop at the first rejection for a node (so one reason per node, as
 * upstream); scores are summed with per-plugin weights. Plugin exceptions become Error statuses.
 */
export class Framework {
  private readonly filters: FilterPlugin[];
  private readonly scorers: Array<{ plugin: ScorePlugin; weight: number }>;

  constructor(plugins: readonly Plugin[], weights: Readonly<Record<string, number>> = {}) {
    this.filters = plugins.filter(isFilterPlugin);
    this.scorers = plugins.filter(isScorePlugin).map((plugin) => ({ plugin, weight: weights[plugin.name] ?? 1 }));
  }

  /** Success status, or the first rejecting status (with `plugin` set). */
  runFilterPlugins(state: CycleState, pod: Pod, node: NodeInfo): Status {
    for (const f of this.filters) {
      let s: Status | undefined;
      try {
        s = f.filter(state, pod, node);
      } catch (err) {
        s = Status.error(`running filter plugin "${f.name}": ${err instanceof Error ? err.message : String(err)}`);
      }
      if (s && !s.isSuccess()) {
        s.plugin = f.name;
        return s;
      }
    }
    return new Status(Code.Success);
  }

  /** Weighted total score for every node, in the input order (each plugin's scores normalized first). */
  runScorePlugins(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): number[] {
    const totals = nodes.map(() => 0);
    for (const { plugin, weight } of this.scorers) {
      const scores = nodes.map((n) => plugin.score(state, pod, n));
      plugin.normalizeScores?.(state, pod, scores);
      scores.forEach((s, i) => (totals[i] = (totals[i] ?? 0) + s * weight));
    }
    return totals;
  }
}
