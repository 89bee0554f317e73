import { checkpointWithEvents, type RunContext, type RunEventInput } from "../evaluate/run-context.js";

/** Options for {@link scopedRunContext}. */
export interface ScopedRunContextOptions {
  /** Prefix for checkpoint keys, so a nested step's checkpoints never collide with its parent's. */
  prefix: string;
  /** Which of the nested step's events reach the parent (default: all). */
  forward?: (event: RunEventInput) => boolean;
}

/**
 * The context for a step nested inside an optimizer (a BootstrapFewShot run inside a random
 * search, an evaluation of one candidate): same signal and resume flag, checkpoints under their
 * own key prefix, and only the events the parent wants to pass on — a nested step's progress
 * would otherwise read as the whole run's progress.
 *
 * @example
 * const inner = scopedRunContext(context, { prefix: "seed:3/", forward: (e) => e.type !== "progress-update" });
 */
export function scopedRunContext(context: RunContext, options: ScopedRunContextOptions): RunContext {
  const { prefix, forward = () => true } = options;
  return {
    signal: context.signal,
    resumed: context.resumed,
    emit: (event) => {
      if (forward(event)) context.emit(event);
    },
    checkpoint: (key, value) => context.checkpoint(`${prefix}${key}`, value),
    checkpointWithEvents: (key, value, events) =>
      checkpointWithEvents(context, `${prefix}${key}`, value, events.filter(forward)),
    restore: (key) => context.restore(`${prefix}${key}`),
    // Partial results are the outer optimizer's to report; a nested step's would be misleading.
    setPartial: () => {},
  };
}
