import type { BaseLM, LMCallOptions, LMOutput } from "../lm/base-lm.js";
import type { Message } from "../lm/message.js";

/**
 * DSPy's `lm.copy(rollout_id=i, temperature=1.0)`: the LM an optimizer uses to ask again for an
 * answer it already has — a new `rollout_id` changes the cache key, and temperature 1.0 makes the
 * new sample differ. An LM with its own `copy` (like `LM`) is copied; any other `BaseLM` (a test
 * double, a wrapper) is wrapped so that the two settings become defaults under each call's own
 * parameters, which is what a copy's kwargs are.
 *
 * @example
 * const explorer = rolloutLM(lm, 2); // round 2 of BootstrapFewShot
 */
export function rolloutLM(lm: BaseLM, rolloutId: number): BaseLM {
  const updates = { rollout_id: rolloutId, temperature: 1.0 };
  const copy = (lm as { copy?: (updates: Record<string, unknown>) => unknown }).copy;
  if (typeof copy === "function") return copy.call(lm, updates) as BaseLM;
  return new RolloutLM(lm, updates);
}

class RolloutLM implements BaseLM {
  readonly model: string;
  readonly kwargs: Readonly<Record<string, unknown>>;
  readonly supportedParams: ReadonlySet<string>;
  readonly supportsResponseSchema: boolean;

  constructor(
    private readonly inner: BaseLM,
    private readonly updates: Record<string, unknown>,
  ) {
    this.model = inner.model;
    this.kwargs = { ...inner.kwargs, ...updates };
    this.supportedParams = inner.supportedParams;
    this.supportsResponseSchema = inner.supportsResponseSchema;
  }

  call(messages: Message[], kwargs: Record<string, unknown>, options?: LMCallOptions): Promise<LMOutput[]> {
    return this.inner.call(messages, { ...this.updates, ...kwargs }, options);
  }
}
