import { describe, expect, it } from "vitest";
import { CHAT_FN_IDENTIFIER, lmCacheKey, lmCacheRequest } from "./cache-key.js";
import type { Message } from "./message.js";

// Digests printed by DSPy 3.4.1 itself:
//   call = dspy.clients.execution.prepare(lm, None, messages, kwargs)
//   dspy.cache.cache_key(call.key(lm, False), IGNORED_CACHE_KEYS)
const MESSAGES: Message[] = [
  { role: "system", content: "You are terse. é ☃ 😀" },
  { role: "user", content: "What is 2+2?" },
];

describe("lmCacheKey", () => {
  it("matches Python DSPy for an OpenAI chat call with credentials and float sampling parameters", () => {
    // dspy.LM("openai/gpt-4o-mini", temperature=0.0, max_tokens=1000, api_key="sk-secret", api_base=...)
    // called with rollout_id=None, top_p=0.9, stop=["\n\n"], n=2.
    const merged = {
      temperature: 0,
      max_tokens: 1000,
      api_key: "sk-secret",
      api_base: "http://127.0.0.1:9/v1",
      top_p: 0.9,
      stop: ["\n\n"],
      n: 2,
    };
    const key = lmCacheKey(lmCacheRequest("openai/gpt-4o-mini", MESSAGES, merged));
    expect(key).toBe("a54deb4dd157e7001af2a536a7c73cbda278ec82a47d9832dc3bcc51d6b0f8f2");
  });

  it("matches Python DSPy for content blocks, a null max_tokens, json_object and a rollout id", () => {
    const messages: Message[] = [
      {
        role: "user",
        content: [
          { type: "text", text: "hi" },
          { type: "image_url", image_url: { url: "https://x/y.png" } },
        ],
      },
    ];
    const merged = { temperature: 1, max_tokens: null, response_format: { type: "json_object" }, rollout_id: 3 };
    const key = lmCacheKey(lmCacheRequest("anthropic/claude-x", messages, merged));
    expect(key).toBe("60dab9483a4d08579b3c7e4cf4eada2f5c8c586c20e0f41f5fce22bbf537be64");
  });

  it("matches Python DSPy's async-path identifier when asked for it", () => {
    const merged = { temperature: 0, max_tokens: 1000, top_p: 0.9, stop: ["\n\n"], n: 2 };
    const request = lmCacheRequest("openai/gpt-4o-mini", MESSAGES, merged, "dspy.clients.lm.alitellm_completion");
    expect(lmCacheKey(request)).toBe("18b330fb269862a6d06e3507b153587bef385d81590106c6e24864fe772008a1");
  });

  it("ignores credentials and endpoints but not request parameters", () => {
    const base = lmCacheRequest("openai/gpt-4o-mini", MESSAGES, { temperature: 0 });
    const withSecrets = { ...base, api_key: "sk-other", base_url: "http://elsewhere" };
    expect(lmCacheKey(withSecrets)).toBe(lmCacheKey(base));
    expect(lmCacheKey({ ...base, temperature: 0.5 })).not.toBe(lmCacheKey(base));
    expect(base._fn_identifier).toBe(CHAT_FN_IDENTIFIER);
  });
});
