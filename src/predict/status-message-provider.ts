import type { BaseLM } from "../lm/base-lm.js";
import type { Module } from "../primitives/module.js";
import type { Tool } from "../primitives/tool.js";

/**
 * Which status messages a streamified program reports (DSPy's `StatusMessageProvider`). Each
 * method returns the message, or `undefined`/`null` for none. The defaults announce tool calls
 * only; subclass (or pass an object with some of the methods) to add module or LM messages.
 *
 * @example
 * class Verbose extends StatusMessageProvider {
 *   override moduleStartStatusMessage() { return "Predicting..."; }
 * }
 * streamify(program, { statusMessageProvider: new Verbose() });
 */
export class StatusMessageProvider {
  /** Before a tool runs (not for ReAct's `finish` tool). */
  toolStartStatusMessage(tool: Tool, _inputs: Record<string, unknown>): string | null | undefined {
    return `Calling tool ${tool.name}...`;
  }

  /** After a tool ran; `outputs` is `null` when it threw (not sent for the `"Completed."` of `finish`). */
  toolEndStatusMessage(_outputs: unknown): string | null | undefined {
    return "Tool calling finished! Querying the LLM with tool calling results...";
  }

  /** Before a predictor (or the streamified program) runs. */
  moduleStartStatusMessage(_module: Module, _inputs: Record<string, unknown>): string | null | undefined {
    return undefined;
  }

  /** After it ran; `outputs` is `null` when it threw. */
  moduleEndStatusMessage(_outputs: unknown): string | null | undefined {
    return undefined;
  }

  /** Before an LM call of a streamed predictor; `inputs` holds `messages` and the call's kwargs. */
  lmStartStatusMessage(_lm: BaseLM, _inputs: Record<string, unknown>): string | null | undefined {
    return undefined;
  }

  /** After that LM call; `outputs` is `null` when it threw. */
  lmEndStatusMessage(_outputs: unknown): string | null | undefined {
    return undefined;
  }
}

/**
 * The provider to use: `provider`'s methods where it has them, the defaults elsewhere (a plain
 * object with only `moduleStartStatusMessage` keeps the tool messages, as a DSPy subclass does).
 *
 * @example
 * resolveStatusMessageProvider({ moduleStartStatusMessage: () => "Predicting..." });
 */
export function resolveStatusMessageProvider(
  provider: Partial<StatusMessageProvider> | undefined,
): StatusMessageProvider {
  if (provider instanceof StatusMessageProvider) return provider;
  const resolved = new StatusMessageProvider();
  if (!provider) return resolved;
  for (const key of METHODS) {
    const method = provider[key];
    if (typeof method === "function") Object.assign(resolved, { [key]: method.bind(provider) });
  }
  return resolved;
}

const METHODS = [
  "toolStartStatusMessage",
  "toolEndStatusMessage",
  "moduleStartStatusMessage",
  "moduleEndStatusMessage",
  "lmStartStatusMessage",
  "lmEndStatusMessage",
] as const satisfies readonly (keyof StatusMessageProvider)[];
