import { createRequire } from "node:module";
import type * as Anthropic from "@ai-sdk/anthropic";
import type * as Google from "@ai-sdk/google";
import type * as OpenAI from "@ai-sdk/openai";
import type * as OpenAICompatible from "@ai-sdk/openai-compatible";
import type * as AI from "ai";

// The AI SDK and its providers (and zod under them) take ~75 ms to load: they load on first use,
// and only the provider in use, so importing dspy-typescript stays cheap. `require` of these ES
// modules is synchronous (Node ≥ 20.19) and shares the ESM instances with any `import` of them.
const load = createRequire(import.meta.url);
const loaded = new Map<string, unknown>();

function lazy<T>(name: string): T {
  let module = loaded.get(name);
  if (module === undefined) {
    module = load(name);
    loaded.set(name, module);
  }
  return module as T;
}

/** The `ai` package, loaded on first use. */
export const aiSdk = (): typeof AI => lazy("ai");
/** `@ai-sdk/openai`, loaded on first use. */
export const openaiProvider = (): typeof OpenAI => lazy("@ai-sdk/openai");
/** `@ai-sdk/anthropic`, loaded on first use. */
export const anthropicProvider = (): typeof Anthropic => lazy("@ai-sdk/anthropic");
/** `@ai-sdk/google`, loaded on first use. */
export const googleProvider = (): typeof Google => lazy("@ai-sdk/google");
/** `@ai-sdk/openai-compatible`, loaded on first use. */
export const openaiCompatibleProvider = (): typeof OpenAICompatible => lazy("@ai-sdk/openai-compatible");
