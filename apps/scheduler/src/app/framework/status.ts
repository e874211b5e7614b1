/**
 * The result type of every plugin call, as the upstream framework's `*Status`. Plugins return
 * `undefined` for success; a `Status` carries a `Code` and human-readable reasons that end up
 * in the `FailedScheduling` event (`0/3 nodes are available: 2 Insufficient cpu, ...`).
 */
export enum Code {
  Success = 0,
  /** An internal error: the pod is retried with backoff. */
  Error = 1,
  /** The node does not fit now but might after other pods or nodes change (e.g. resources). */
  Unschedulable = 2,
  /** The node cannot fit whatever changes (e.g. node name mismatch); preemption would not help. */
  UnschedulableAndUnresolvable = 3,
  Wait = 4,
  Skip = 5,
}

export class Status {
  /** Name of the plugin that produced this status; set by the framework. */
  plugin = '';

  constructor(
    readonly code: Code,
    readonly reasons: readonly string[] = [],
  ) {}

  static unschedulable(...reasons: string[]): Status {
    return new Status(Code.Unschedulable, reasons);
  }

  static unresolvable(...reasons: string[]): Status {
    return new Status(Code.UnschedulableAndUnresolvable, reasons);
  }

  static error(message: string): Status {
    return new Status(Code.Error, [message]);
  }

  isSuccess(): boolean {
    return this.code === Code.Success;
  }

  isRejected(): boolean {
    return this.code === Code.Unschedulable || this.code === Code.UnschedulableAndUnresolvable;
  }

  message(): string {
    return this.reasons.join(', ');
  }
}

/** True when `s` is undefined (the plugins' success) or a Success status. */
export function isSuccess(s: Status | undefined): boolean {
  return s === undefined || s.isSuccess();
}
