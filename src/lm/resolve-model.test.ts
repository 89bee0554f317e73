import { createOpenAI } from "@ai-sdk/openai";
import { describe, expect, it } from "vitest";
import { LMConfigurationError, LMNotConfiguredError } from "../errors/lm-errors.js";
import { isOpenAIReasoningModel, modelCapabilities, providerName } from "./model-capabilities.js";
import { modelNameOf, resolveModel } from "./resolve-model.js";

describe("resolveModel", () => {
  it("resolves the main providers with keys from the environment", () => {
    const env = { OPENAI_API_KEY: "a", ANTHROPIC_API_KEY: "b", GEMINI_API_KEY: "c" };
    expect(resolveModel("openai/gpt-4o-mini", { env }).languageModel).toMatchObject({
      provider: "openai.chat",
      modelId: "gpt-4o-mini",
    });
    expect(resolveModel("gpt-4o", { env }).provider).toBe("openai");
    expect(resolveModel("anthropic/claude-sonnet-4-5", { env }).languageModel.provider).toContain("anthropic");
    expect(resolveModel("gemini/gemini-2.5-flash", { env }).languageModel.modelId).toBe("gemini-2.5-flash");
  });

  it("serves local and hosted OpenAI-compatible servers, keeping nested model ids", () => {
    const ollama = resolveModel("ollama_chat/llama3.2", { env: {} });
    expect(ollama).toMatchObject({ provider: "ollama_chat", passthroughKey: "ollamaChat" });
    const router = resolveModel("openrouter/anthropic/claude-3.5-sonnet", { env: { OPENROUTER_API_KEY: "k" } });
    expect(router.languageModel.modelId).toBe("anthropic/claude-3.5-sonnet");
    const custom = resolveModel("my-gateway/model-x", { baseURL: "http://127.0.0.1:1/v1", env: {} });
    expect(custom.languageModel.modelId).toBe("model-x");
  });

  it("explains what is missing", () => {
    expect(() => resolveModel("openai/gpt-4o", { env: {} })).toThrow(LMNotConfiguredError);
    expect(() => resolveModel("openrouter/x/y", { env: {} })).toThrow("OPENROUTER_API_KEY");
    expect(() => resolveModel("hosted_vllm/m", { env: {} })).toThrow(LMConfigurationError);
    expect(() => resolveModel("unknown/m", { env: {} })).toThrow("needs a base URL");
  });

  it("names AI SDK model objects the way DSPy names models", () => {
    expect(modelNameOf(createOpenAI({ apiKey: "x" }).chat("gpt-4o"))).toBe("openai/gpt-4o");
  });
});

describe("model capabilities", () => {
  it("reports DSPy 3.4.1's parameter sets per dialect", () => {
    const openai = modelCapabilities("openai/gpt-4o-mini");
    expect(openai.supportsResponseSchema).toBe(true);
    expect([...openai.supportedParams].sort()).toEqual([
      "frequency_penalty",
      "logit_bias",
      "logprobs",
      "max_completion_tokens",
      "max_tokens",
      "parallel_tool_calls",
      "presence_penalty",
      "response_format",
      "seed",
      "stop",
      "stream",
      "temperature",
      "tool_choice",
      "tools",
      "top_logprobs",
      "top_p",
      "user",
    ]);
    const local = modelCapabilities("ollama_chat/llama3");
    expect(local.supportsResponseSchema).toBe(false);
    expect(local.supportedParams.has("response_format")).toBe(false);
    expect(modelCapabilities("gemini/gemini-2.5-flash").supportedParams.has("top_k")).toBe(true);
  });

  it("recognises OpenAI reasoning models and provider names like DSPy", () => {
    expect(["o1", "o3-mini", "o4-mini-2025-04-16", "gpt-5", "gpt-5.1-codex"].map(isOpenAIReasoningModel)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(["gpt-5-chat", "gpt-4o", "o2"].map(isOpenAIReasoningModel)).toEqual([false, false, false]);
    expect(providerName("gpt-4o")).toBe("openai");
    expect(providerName("ollama_chat/llama3")).toBe("ollama_chat");
  });
});
