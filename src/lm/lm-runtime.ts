// What an LM needs only once it sends a request: request mapping, the provider call, retries,
// streaming, cache keys and provider resolution. `LM` loads it on its first call, so importing
// dspy-typescript does not load these modules (cold-import budget ~60 ms).
export { CHAT_FN_IDENTIFIER, lmCacheKey, lmCacheRequest, TEXT_FN_IDENTIFIER } from "./cache-key.js";
export { collectAttempts } from "./call-result.js";
export { generateOnce } from "./generate-once.js";
export { toGenerationSettings } from "./generation-settings.js";
export { resolveModel } from "./resolve-model.js";
export { withRetries } from "./retry.js";
export { streamCompletions } from "./stream.js";
export { toModelMessages } from "./to-model-messages.js";
