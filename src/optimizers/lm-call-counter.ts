import type { BaseLM } from "../lm/base-lm.js";

/**
 * Counts the LM calls an optimizer makes, per model name: wrap each LM it runs with, read
 * {@link LMCallCounter.counts} (or the difference since a {@link LMCallCounter.snapshot}) for
 * events and results. A call asking for `n` completions counts once, as one request.
 *
 * @example
 * const counter = new LMCallCounter();
 * await context({ lm: counter.wrap(lm) }, () => program.call({ question }));
 * counter.counts; // { "openai/gpt-4o-mini": 1 }
 */
export class LMCallCounter {
  readonly #counts = new Map<string, number>();
  readonly #wrapped = new WeakMap<BaseLM, BaseLM>();

  /**
   * The LM, counted: same model, parameters and answers.
   *
   * @example
   * const counted = counter.wrap(promptModel);
   */
  wrap(lm: BaseLM): BaseLM {
    const known = this.#wrapped.get(lm);
    if (known) return known;
    const count = () => this.#counts.set(lm.model, (this.#counts.get(lm.model) ?? 0) + 1);
    const counted: BaseLM = {
      model: lm.model,
      kwargs: lm.kwargs,
      supportedParams: lm.supportedParams,
      supportsResponseSchema: lm.supportsResponseSchema,
      call: (messages, kwargs, options) => {
        count();
        return lm.call(messages, kwargs, options);
      },
    };
    const stream = lm.stream?.bind(lm);
    if (stream) {
      counted.stream = (messages, kwargs, options) => {
        count();
        return stream(messages, kwargs, options);
      };
    }
    this.#wrapped.set(lm, counted);
    this.#wrapped.set(counted, counted);
    return counted;
  }

  /**
   * Calls so far, per model name.
   *
   * @example
   * counter.counts["dummy"];
   */
  get counts(): Record<string, number> {
    return Object.fromEntries(this.#counts);
  }

  /**
   * The counts now, to compare with later.
   *
   * @example
   * const before = counter.snapshot(); await step(); counter.since(before);
   */
  snapshot(): Record<string, number> {
    return this.counts;
  }

  /**
   * Calls per model since a snapshot (models without new calls left out).
   *
   * @example
   * context.emit({ type: "trial-end", trial, score, detail: { lmCalls: counter.since(before) } });
   */
  since(before: Readonly<Record<string, number>>): Record<string, number> {
    const delta: Record<string, number> = {};
    for (const [model, count] of this.#counts) {
      const added = count - (before[model] ?? 0);
      if (added > 0) delta[model] = added;
    }
    return delta;
  }
}
