import { nodeCrypto } from "../utils/lazy-module.js";
import { orjsonDumps } from "../utils/orjson-dumps.js";
import type { Message } from "./message.js";

/** Request keys DSPy leaves out of the cache key (`execution.IGNORED_CACHE_KEYS`): credentials and endpoints. */
export const IGNORED_CACHE_KEYS: readonly string[] = ["api_key", "api_base", "base_url"];

/**
 * The `_fn_identifier` DSPy 3.4.1 adds for a chat call made synchronously (`lm(...)`,
 * `program(...)`), the most common way Python programs call an LM.
 */
export const CHAT_FN_IDENTIFIER = "dspy.clients.lm.litellm_completion";

/**
 * A value's stand-in in the cache key, for request values that are Python objects in DSPy: the
 * structured-output format JSONAdapter sends is a pydantic class there, hashed as its JSON schema.
 *
 * @example
 * Object.defineProperty(format, CACHE_KEY_FORM, { value: format.json_schema.schema });
 */
export const CACHE_KEY_FORM: unique symbol = Symbol.for("dspy.cacheKeyForm");

/** The `_fn_identifier` of a synchronous text-completion call (`model_type="text"`). */
export const TEXT_FN_IDENTIFIER = "dspy.clients.lm.litellm_text_completion";

/**
 * Request parameters that are Python floats in DSPy programs, so an integral value such as
 * `temperature: 0` hashes as orjson's `0.0`. Every other integral number hashes as an int.
 */
export const FLOAT_PARAMETERS: ReadonlySet<string> = new Set([
  "temperature",
  "top_p",
  "presence_penalty",
  "frequency_penalty",
  "repetition_penalty",
  "min_p",
]);

/**
 * The request DSPy hashes for a chat call (`PreparedCall.key`): model, messages, the merged
 * kwargs (LM defaults under call kwargs, `rollout_id` only when set) and the function identifier.
 *
 * @example
 * lmCacheRequest("openai/gpt-4o-mini", [{ role: "user", content: "hi" }], { temperature: 0, max_tokens: null });
 */
export function lmCacheRequest(
  model: string,
  messages: readonly Message[],
  mergedKwargs: Readonly<Record<string, unknown>>,
  fnIdentifier: string = CHAT_FN_IDENTIFIER,
): Record<string, unknown> {
  return { model, messages, ...mergedKwargs, _fn_identifier: fnIdentifier };
}

/**
 * DSPy's `Cache.cache_key`: sha256 hex digest of the orjson, key-sorted JSON of the request
 * without ignored keys. The same request gives the same digest as Python DSPy 3.4.1.
 *
 * @example
 * lmCacheKey(lmCacheRequest("openai/gpt-4o-mini", messages, { temperature: 0, max_tokens: 1000 })); // "a54deb4d…"
 */
export function lmCacheKey(
  request: Readonly<Record<string, unknown>>,
  ignoredKeys: readonly string[] = IGNORED_CACHE_KEYS,
): string {
  const params: Record<string, unknown> = {};
  for (const key of Object.keys(request)) {
    if (!ignoredKeys.includes(key)) params[key] = transformValue(request[key]);
  }
  // The one-shot hash skips the Hash object; a string is hashed as its UTF-8 bytes.
  return nodeCrypto().hash("sha256", orjsonDumps(params, { floatKeys: FLOAT_PARAMETERS }), "hex");
}

/**
 * DSPy's `_transform_value`: functions become a marker (Python hashes the callable's source,
 * which JavaScript cannot reproduce, so only the name is used); plain objects recurse; arrays and
 * scalars stay as they are, as in Python.
 */
function transformValue(value: unknown): unknown {
  if (typeof value === "function") return `<callable:${value.name || "lambda"}>`;
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    if (CACHE_KEY_FORM in value) return (value as { [CACHE_KEY_FORM]: unknown })[CACHE_KEY_FORM];
    const json = (value as { toJSON?: () => unknown }).toJSON;
    if (typeof json === "function") return json.call(value);
    const transformed: Record<string, unknown> = {};
    for (const key of Object.keys(value)) transformed[key] = transformValue((value as Record<string, unknown>)[key]);
    return transformed;
  }
  return value;
}
