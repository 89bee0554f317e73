import { DSPyError } from "../errors/dspy-error.js";
import { LMError, LMNotConfiguredError } from "../errors/lm-errors.js";
import type { BaseLM } from "../lm/base-lm.js";
import type { InterpreterToolDefinition } from "../primitives/code-interpreter.js";
import { formatErrorForLm } from "../utils/format-error-for-lm.js";
import { settings } from "./settings.js";

/**
 * DSPy's `_LLMCallBudget`: the ceiling on sub-LLM calls for one RLM run, shared by
 * `llm_query` and `llm_query_batched`.
 *
 * @example
 * const budget = new LLMCallBudget(2); budget.reserve(2); budget.reserve(1); // throws
 */
export class LLMCallBudget {
  #count = 0;

  constructor(readonly limit: number) {}

  /** Takes `n` calls from the budget, or throws DSPy's `RuntimeError` when they do not fit. */
  reserve(n = 1): void {
    if (this.#count + n > this.limit) {
      throw new DSPyError(
        `LLM call limit exceeded: ${this.#count} + ${n} > ${this.limit}. Use Python code for aggregation instead of making more LLM calls.`,
        { code: "llm_call_limit", pythonType: "RuntimeError" },
      );
    }
    this.#count += n;
  }
}

/** Options of {@link llmQueryTools}. */
export interface LLMQueryToolsOptions {
  budget: LLMCallBudget;
  /** The sub-LM; unset means the LM in the settings context at call time. */
  subLm?: BaseLM | undefined;
  /** Most concurrent requests of one `llm_query_batched` call (DSPy's 8 workers). */
  maxWorkers?: number;
  signal?: AbortSignal | undefined;
}

/**
 * DSPy's `_make_llm_tools`: the `llm_query(prompt)` and `llm_query_batched(prompts)` host tools
 * RLM puts in the sandbox. Each prompt is one user message to the sub-LM and its text comes
 * back; a batched call runs up to 8 prompts at a time, and an LM failure there becomes that
 * prompt's `[ERROR] ...` answer instead of failing the batch.
 *
 * @example
 * interpreter.tools.set("llm_query", llmQueryTools({ budget }).llm_query);
 */
export function llmQueryTools(
  options: LLMQueryToolsOptions,
): Record<"llm_query" | "llm_query_batched", InterpreterToolDefinition> {
  const { budget, signal } = options;
  const maxWorkers = options.maxWorkers ?? 8;
  const query = async (prompt: string): Promise<string> => {
    const lm = options.subLm ?? settings().lm;
    if (!lm) throw new LMNotConfiguredError("No LM configured. Use dspy.configure(lm=...) or pass sub_lm to RLM.");
    const outputs = await lm.call([{ role: "user", content: prompt }], {}, signal ? { signal } : {});
    const text = outputs[0]?.text;
    if (typeof text !== "string") {
      throw new DSPyError(`Sub-LM response must contain text, got ${text === null ? "NoneType" : typeof text}.`, {
        code: "invalid_lm_output",
        pythonType: "TypeError",
      });
    }
    return text;
  };
  return {
    llm_query: {
      parameters: [{ name: "prompt", type: "str" }],
      handler: async ({ prompt }) => {
        if (!prompt)
          throw new DSPyError("prompt cannot be empty", { code: "invalid_argument", pythonType: "ValueError" });
        budget.reserve(1);
        return await query(String(prompt));
      },
    },
    llm_query_batched: {
      parameters: [{ name: "prompts", type: "list" }],
      handler: async ({ prompts }) => {
        const list = Array.isArray(prompts) ? prompts.map(String) : [];
        if (list.length === 0) return [];
        budget.reserve(list.length);
        const results: string[] = new Array(list.length);
        let next = 0;
        const worker = async () => {
          while (next < list.length) {
            const index = next++;
            try {
              results[index] = await query(list[index] as string);
            } catch (error) {
              if (!(error instanceof LMError)) throw error;
              results[index] = `[ERROR] ${formatErrorForLm(error)}`;
            }
          }
        };
        await Promise.all(Array.from({ length: Math.min(maxWorkers, list.length) }, worker));
        return results;
      },
    },
  };
}
