/**
 * Per-scheduling-cycle scratch space shared between the plugins of one pod's cycle (upstream
 * `CycleState`). Data passes between extension points (PreFilter → Filter, PreScore → Score) only
 * through here; a new CycleState is made for every attempt, so nothing leaks between pods.
 */
export class CycleState {
  private readonly data = new Map<string, unknown>();

  write(key: string, value: unknown): void {
    this.data.set(key, value);
  }

  /** Returns the value stored under `key`, or undefined. Callers know the type they wrote. */
  read<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
}
