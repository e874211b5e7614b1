/** A value kept in CycleState that the preemption dry run may mutate: it must clone deeply. */
export interface StateData {
  clone(): StateData;
}

function isStateData(v: unknown): v is StateData {
  return typeof v === 'object' && v !== null && typeof (v as Partial<StateData>).clone === 'function';
}

/**
 * Per-scheduling-cycle scratch space shared between the plugins of one pod's cycle (upstream
 * `CycleState`). Data passes between extension points (PreFilter → Filter, PreScore → Score) only
 * through here; a new CycleState is made for every attempt, so nothing leaks between pods.
 * The framework also records here which plugins skipped Filter / Score for this cycle.
 */
export class CycleState {
  private readonly data = new Map<string, unknown>();
  /** Plugins whose PreFilter returned Skip: their Filter is not run this cycle. */
  readonly skipFilterPlugins = new Set<string>();
  /** Plugins whose PreScore returned Skip: their Score is not run this cycle. */
  readonly skipScorePlugins = new Set<string>();

  write(key: string, value: unknown): void {
    this.data.set(key, value);
  }

  /** Returns the value stored under `key`, or undefined. Callers know the type they wrote. */
  read<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }

  /**
   * A copy for a preemption dry run (upstream `CycleState.Clone`): values implementing
   * {@link StateData} are cloned; other values are shared, so plugins must treat them as
   * read-only after PreFilter.
   */
  clone(): CycleState {
    const c = new CycleState();
    for (const [k, v] of this.data) c.data.set(k, isStateData(v) ? v.clone() : v);
    for (const n of this.skipFilterPlugins) c.skipFilterPlugins.add(n);
    for (const n of this.skipScorePlugins) c.skipScorePlugins.add(n);
    return c;
  }
}
