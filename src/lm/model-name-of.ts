import type { LanguageModel } from "ai";

/** An AI SDK language model object (what `openai("gpt-4o")` returns). */
export type LanguageModelObject = Exclude<LanguageModel, string>;

/**
 * DSPy's name for an AI SDK model object: `"<provider>/<modelId>"`, with the provider's
 * API suffix dropped (`openai.chat` → `openai`).
 *
 * @example
 * modelNameOf(openai.chat("gpt-4o")); // "openai/gpt-4o"
 */
export function modelNameOf(languageModel: LanguageModelObject): string {
  return `${languageModel.provider.split(".")[0]}/${languageModel.modelId}`;
}
