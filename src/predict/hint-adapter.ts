import type { Adapter } from "../adapters/adapter.js";
import type { Demo } from "../adapters/message.js";
import type { BaseLM, LMCallOptions } from "../lm/base-lm.js";
import { InputField } from "../signatures/field.js";
import type { Signature } from "../signatures/signature.js";

/**
 * The input Refine adds to every predictor call once it has advice.
 *
 * @example
 * trace.at(-1)?.inputs[HINT_FIELD]; // "Answer with one word only."
 */
export const HINT_FIELD = "hint_";

/**
 * Refine's `WrapperAdapter`: the same adapter, except that every call gains an input `hint_`
 * ("A hint to the module from an earlier run") holding `hintFor(signature)`. The wrapper
 * inherits from the adapter instance, so `instanceof` checks still see its class, as DSPy's
 * subclass of `adapter.__class__` does; the call itself goes to the original adapter.
 *
 * @example
 * await context({ adapter: hintAdapter(new ChatAdapter(), () => "Answer in one word.") }, () => qa.call({ question }));
 */
export function hintAdapter(adapter: Adapter, hintFor: (signature: Signature) => unknown): Adapter {
  const wrapper = Object.create(adapter) as Adapter;
  wrapper.call = (
    lm: BaseLM,
    lmKwargs: Record<string, unknown>,
    signature: Signature,
    demos: readonly Demo[],
    inputs: Demo,
    options?: LMCallOptions,
  ) => {
    const hinted = signature.append(HINT_FIELD, InputField({ desc: "A hint to the module from an earlier run" }));
    return adapter.call(lm, lmKwargs, hinted, demos, { ...inputs, [HINT_FIELD]: hintFor(signature) }, options);
  };
  return wrapper;
}
