import { AdapterParseError } from "../errors/adapter-parse-error.js";
import type { Adapter } from "./adapter.js";
import { ChatLayout } from "./chat-layout.js";
import { JSONAdapter } from "./json-adapter.js";
import type { NativeFunctionCallingOptions } from "./native-function-calling.js";

/** Options for {@link ChatAdapter}; native function calling is off by default, as in DSPy. */
export interface ChatAdapterOptions extends NativeFunctionCallingOptions {
  /** Whether a parse failure retries once with the JSON adapter (default true). */
  useJsonAdapterFallback?: boolean;
}

/**
 * DSPy's default `ChatAdapter`: every field in its own `[[ ## name ## ]]` section, outputs
 * closed by `[[ ## completed ## ]]`. Prompts are byte-identical to Python DSPy 3.4.1's.
 *
 * @example
 * const adapter = new ChatAdapter();
 * adapter.parse(new Signature("q -> a: int"), "[[ ## a ## ]]\n42\n\n[[ ## completed ## ]]"); // { a: 42 }
 */
export class ChatAdapter extends ChatLayout {
  readonly name: string = "ChatAdapter";
  /** Retry a call once through {@link JSONAdapter} when the answer cannot be parsed. */
  readonly useJsonAdapterFallback: boolean;

  constructor(options: ChatAdapterOptions = {}) {
    super();
    this.useJsonAdapterFallback = options.useJsonAdapterFallback ?? true;
    this.setNativeFunctionCalling(options);
  }

  /**
   * Like {@link Adapter.call}, but an unparseable answer triggers a second call through the
   * JSON adapter (DSPy's fallback; only parse failures trigger it, never LM errors).
   *
   * @example
   * await new ChatAdapter().call(lm, {}, sig, [], { question: "2+2?" });
   */
  override async call(...args: Parameters<Adapter["call"]>): Promise<Record<string, unknown>[]> {
    try {
      return await super.call(...args);
    } catch (error) {
      if (!(error instanceof AdapterParseError) || !this.useJsonAdapterFallback) throw error;
      const fallback = new JSONAdapter({
        useNativeFunctionCalling: this.useNativeFunctionCalling,
        ...(this.parallelToolCalls === undefined ? {} : { parallelToolCalls: this.parallelToolCalls }),
      });
      return await fallback.call(...args);
    }
  }
}
