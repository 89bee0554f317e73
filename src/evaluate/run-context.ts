/**
 * The events a running evaluation or optimizer reports, before the job runtime stamps them
 * with job id, run id and time.
 */
export type RunEventInput =
  | { type: "progress-update"; done: number; total: number | undefined; score?: number | undefined }
  | { type: "example-end"; index: number; score: number; error?: string | undefined }
  | { type: "trial-start"; trial: number; detail?: Record<string, unknown> | undefined }
  | { type: "trial-end"; trial: number; score: number; detail?: Record<string, unknown> | undefined };

/**
 * What evaluations and optimizers need from whoever runs them: a cancellation signal, a place
 * to report events, and checkpoints to survive a crash. The job runtime provides a persistent
 * one; {@link detachedRunContext} serves direct calls.
 *
 * @example
 * async function compile(student, context: RunContext) { context.emit({ type: "trial-start", trial: 0 }); }
 */
export interface RunContext {
  readonly signal: AbortSignal;
  /** True when resuming a run that was interrupted. */
  readonly resumed: boolean;
  emit(event: RunEventInput): void;
  checkpoint(key: string, value: unknown): Promise<void>;
  /**
   * Optional: saves a checkpoint and reports events as one write, so a run killed at any
   * instant has both or neither (a resumed run then agrees with the events already recorded).
   * Use {@link checkpointWithEvents}, which falls back to `checkpoint` then `emit`.
   */
  checkpointWithEvents?(key: string, value: unknown, events: readonly RunEventInput[]): Promise<void>;
  restore(key: string): Promise<unknown>;
  /** Registers how to read partial results should the run be cancelled. */
  setPartial(read: () => unknown): void;
}

/**
 * A context for a direct call outside any job: events go to an optional listener, checkpoints
 * stay in memory for the call's lifetime.
 *
 * @example
 * await optimizer.compile(student, { trainset }, detachedRunContext({ signal }));
 */
export function detachedRunContext(
  options: { signal?: AbortSignal; onEvent?: (event: RunEventInput) => void } = {},
): RunContext {
  const checkpoints = new Map<string, string>();
  return {
    signal: options.signal ?? new AbortController().signal,
    resumed: false,
    emit: (event) => options.onEvent?.(event),
    checkpoint: async (key, value) => {
      checkpoints.set(key, JSON.stringify(value));
    },
    restore: async (key) => {
      const text = checkpoints.get(key);
      return text === undefined ? undefined : JSON.parse(text);
    },
    setPartial: () => {},
  };
}

/**
 * Saves a checkpoint together with the events that announce it (a `trial-end` with the
 * checkpoint recording that trial): in one write where the context can, else the checkpoint
 * first, then the events.
 *
 * @example
 * await checkpointWithEvents(context, "search", progress, [{ type: "trial-end", trial, score }]);
 */
export async function checkpointWithEvents(
  context: RunContext,
  key: string,
  value: unknown,
  events: readonly RunEventInput[],
): Promise<void> {
  if (context.checkpointWithEvents) return context.checkpointWithEvents(key, value, events);
  await context.checkpoint(key, value);
  for (const event of events) context.emit(event);
}
