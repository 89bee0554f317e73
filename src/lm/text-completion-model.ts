import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4GenerateResult,
  LanguageModelV4Prompt,
} from "@ai-sdk/provider";
import { LMConfigurationError } from "../errors/lm-errors.js";
import { aiSdk } from "./ai-sdk.js";

/** Where and how a {@link TextCompletionModel} sends its requests. */
export interface TextCompletionModelOptions {
  /** DSPy's provider name, e.g. `"openai"`; the model reports `"<provider>.completion"`. */
  provider: string;
  /** The API root, e.g. `"https://api.openai.com/v1"`; requests go to `<baseURL>/completions`. */
  baseURL: string;
  apiKey?: string | undefined;
  headers?: Record<string, string> | undefined;
  fetch?: typeof globalThis.fetch | undefined;
}

/** The `providerOptions` key whose entries go into the request body as they are. */
export const TEXT_COMPLETION_PASSTHROUGH = "textCompletion";

/**
 * DSPy's text prompt (`model_type="text"`): every message's content, then `BEGIN RESPONSE:`,
 * joined by blank lines — as `litellm_text_completion` in DSPy 3.4.1 builds it.
 *
 * @example
 * textPrompt([{ role: "system", content: "Be brief." }, { role: "user", content: [{ type: "text", text: "Hi" }] }]);
 * // "Be brief.\n\nHi\n\nBEGIN RESPONSE:"
 */
export function textPrompt(prompt: LanguageModelV4Prompt): string {
  const contents = prompt.map((message) => {
    if (typeof message.content === "string") return message.content;
    return message.content
      .map((part) => {
        if (part.type === "text") return part.text;
        throw new LMConfigurationError(
          `a text-completion model (model_type "text") takes text only, not a ${part.type} part in a ${message.role} message`,
        );
      })
      .join("");
  });
  return [...contents, "BEGIN RESPONSE:"].join("\n\n");
}

/**
 * An AI SDK language model for OpenAI's text-completions API (`POST /completions`), as DSPy's
 * `model_type="text"` calls it: the prompt is exactly DSPy's {@link textPrompt}, sent with the
 * request parameters and nothing else. (The AI SDK's own completion models wrap the prompt in
 * `user:`/`assistant:` turns and add a stop sequence, so their requests would differ from
 * DSPy's.) Failures are `APICallError`s, so the LM maps and retries them like chat errors.
 *
 * @example
 * const model = new TextCompletionModel("gpt-3.5-turbo-instruct", { provider: "openai", baseURL, apiKey });
 * const lm = new LM("openai/gpt-3.5-turbo-instruct", { modelType: "text" });
 */
export class TextCompletionModel implements LanguageModelV4 {
  readonly specificationVersion = "v4" as const;
  readonly provider: string;
  readonly supportedUrls: Record<string, RegExp[]> = {};
  readonly #options: TextCompletionModelOptions;

  constructor(
    readonly modelId: string,
    options: TextCompletionModelOptions,
  ) {
    this.provider = `${options.provider}.completion`;
    this.#options = options;
  }

  async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    if (options.tools?.length) {
      throw new LMConfigurationError('a text-completion model (model_type "text") cannot call tools');
    }
    const body = requestBody(this.modelId, options);
    const url = `${this.#options.baseURL.replace(/\/+$/, "")}/completions`;
    const headers: Record<string, string> = { "content-type": "application/json", ...this.#options.headers };
    if (this.#options.apiKey) headers.authorization = `Bearer ${this.#options.apiKey}`;
    for (const [name, value] of Object.entries(options.headers ?? {})) if (value !== undefined) headers[name] = value;
    const response = await (this.#options.fetch ?? globalThis.fetch)(url, {
      method: "POST",
      headers,
      body: JSON.stringify(body),
      signal: options.abortSignal ?? null,
    });
    const text = await response.text();
    const responseHeaders = Object.fromEntries(response.headers.entries());
    const failure = (message: string) =>
      new (aiSdk().APICallError)({
        message,
        url,
        requestBodyValues: body,
        statusCode: response.status,
        responseHeaders,
        responseBody: text,
        isRetryable:
          response.status === 408 || response.status === 409 || response.status === 429 || response.status >= 500,
      });
    if (!response.ok) throw failure(response.statusText || `HTTP ${response.status}`);
    let data: CompletionResponse;
    try {
      data = JSON.parse(text) as CompletionResponse;
    } catch (error) {
      throw failure(error instanceof Error ? error.message : String(error));
    }
    const choice = data.choices?.[0];
    return {
      content: [{ type: "text", text: choice?.text ?? "" }],
      finishReason: { unified: finishReason(choice?.finish_reason), raw: choice?.finish_reason ?? undefined },
      usage: {
        inputTokens: {
          total: data.usage?.prompt_tokens,
          noCache: undefined,
          cacheRead: undefined,
          cacheWrite: undefined,
        },
        outputTokens: { total: data.usage?.completion_tokens, text: undefined, reasoning: undefined },
      },
      response: { id: data.id, modelId: data.model, headers: responseHeaders },
      warnings: [],
    };
  }

  doStream(): PromiseLike<never> {
    return Promise.reject(
      new LMConfigurationError('streaming needs a chat model; this is a text-completion model (model_type "text")'),
    );
  }
}

interface CompletionResponse {
  id?: string;
  model?: string;
  choices?: { text?: string; finish_reason?: string | null }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number };
}

/** The body DSPy (through LiteLLM) sends: model, prompt, then the request parameters that are set. */
function requestBody(modelId: string, options: LanguageModelV4CallOptions): Record<string, unknown> {
  const body: Record<string, unknown> = { model: modelId, prompt: textPrompt(options.prompt) };
  const set = (key: string, value: unknown) => {
    if (value !== undefined) body[key] = value;
  };
  set("temperature", options.temperature);
  set("max_tokens", options.maxOutputTokens);
  set("top_p", options.topP);
  set("presence_penalty", options.presencePenalty);
  set("frequency_penalty", options.frequencyPenalty);
  set("seed", options.seed);
  if (options.stopSequences?.length) body.stop = options.stopSequences;
  Object.assign(body, options.providerOptions?.[TEXT_COMPLETION_PASSTHROUGH]);
  return body;
}

function finishReason(reason: string | null | undefined) {
  switch (reason) {
    case "stop":
      return "stop" as const;
    case "length":
      return "length" as const;
    case "content_filter":
      return "content-filter" as const;
    default:
      return "other" as const;
  }
}
