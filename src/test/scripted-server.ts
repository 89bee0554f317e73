import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { embeddingsBody, type ScriptedEmbeddings } from "./scripted-embeddings.js";
import { type RecordedRequest, recordRequest } from "./scripted-request.js";
import {
  completionBody,
  completionEvents,
  countTokens,
  errorBody,
  type ScriptedToolCall,
  textCompletionBody,
} from "./scripted-responses.js";

export type { ScriptedEmbeddings } from "./scripted-embeddings.js";
export type { RecordedRequest } from "./scripted-request.js";

/** How a rule fails instead of answering. */
export type ScriptedFault =
  /** An OpenAI-style error response, e.g. 429 with `{ "retry-after": "1" }`, 500, 401, 400. */
  | {
      type: "status";
      status: number;
      message?: string;
      code?: string;
      errorType?: string;
      headers?: Record<string, string>;
    }
  /** Never answer; the connection stays open until the client gives up or the server closes. */
  | { type: "hang" }
  /** HTTP 200 whose body is not valid JSON. */
  | { type: "malformed-json" }
  /** Destroy the connection without a response (the client sees a connection reset). */
  | { type: "reset" };

/** One scripted behaviour; the first matching rule with uses left answers. */
export interface ScriptedRule {
  /** Substring of (or RegExp on) the last user message, or a predicate; absent matches everything. */
  match?: string | RegExp | ((request: RecordedRequest) => boolean);
  /** Reply text; a function receives the request and the choice index (for `n > 1`). */
  reply?: string | ((request: RecordedRequest, choice: number) => string);
  /** Tool calls to answer with. */
  toolCalls?: ScriptedToolCall[];
  /** Fail this way instead of answering. */
  fault?: ScriptedFault;
  /** Wait before answering or failing, in ms. */
  latencyMs?: number;
  /** Apply at most this many times, then fall through to later rules (e.g. "fail twice, then answer"). */
  times?: number;
  /** Finish reason to report (default "stop", or "tool_calls"). */
  finishReason?: string;
  /** Model name to report (default: the requested model). */
  model?: string;
  /** When streamed (`stream: true`): how to cut each reply into deltas (default: one per word). */
  streamChunks?: (text: string) => string[];
  /** When streamed: wait this long before each event, in ms (so a client can stop mid-stream). */
  chunkDelayMs?: number;
}

/** One streamed response: how many of its SSE events went out, and whether the client hung up first. */
export interface ScriptedStream {
  request: RecordedRequest;
  /** Events written (role, content, finish, usage and `[DONE]` events all count). */
  sent: number;
  /** Events the full response has. */
  total: number;
  /** The client closed the connection before the response ended. */
  closedByClient: boolean;
}

/** Options for {@link ScriptedServer.start}. */
export interface ScriptedServerOptions {
  rules?: ScriptedRule[];
  /** How `POST /v1/embeddings` answers (default: 16-dimensional hash-seeded vectors). */
  embeddings?: ScriptedEmbeddings;
}

/**
 * A real OpenAI-compatible HTTP server on 127.0.0.1 (random port) for tests: answers chat
 * completions from a rule list keyed on request content, injects faults (latency, status errors
 * with `Retry-After`, hangs, malformed JSON, connection resets), streams with SSE when
 * `stream: true` (cut where a rule says, paced, noting a client that hangs up), honours `n`,
 * answers embeddings with deterministic per-text vectors, and records every request.
 *
 * @example
 * const server = await ScriptedServer.start({ rules: [{ match: "capital of France", reply: "Paris" }] });
 * const lm = new LM("openai/gpt-4o-mini", { baseURL: server.baseURL, apiKey: "test", cache: false });
 * await server.close();
 */
export class ScriptedServer {
  /** Every request received, in order. */
  readonly requests: RecordedRequest[] = [];
  /** Every streamed response, in order. */
  readonly streams: ScriptedStream[] = [];
  /** The rules, consulted in order; may be changed between requests. */
  rules: ScriptedRule[];
  /** How embeddings are answered; may be changed between requests. */
  embeddings: ScriptedEmbeddings;
  readonly #server: Server;
  readonly #uses = new Map<ScriptedRule, number>();
  #serial = 0;

  private constructor(server: Server, rules: ScriptedRule[], embeddings: ScriptedEmbeddings) {
    this.#server = server;
    this.rules = rules;
    this.embeddings = embeddings;
  }

  /**
   * Starts a server on 127.0.0.1 and an ephemeral port.
   *
   * @example
   * const server = await ScriptedServer.start({ rules: [{ reply: "ok" }] });
   */
  static async start(options: ScriptedServerOptions = {}): Promise<ScriptedServer> {
    const server = createServer();
    const scripted = new ScriptedServer(server, [...(options.rules ?? [])], { ...options.embeddings });
    server.on("request", (request, response) => {
      scripted.#handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) response.writeHead(500, { "content-type": "application/json" });
        response.end(JSON.stringify(errorBody(String(error), null, "server_error")));
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    return scripted;
  }

  /** `http://127.0.0.1:<port>/v1`, the base URL to give a client. */
  get baseURL(): string {
    const { port } = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/v1`;
  }

  /** Requests to the chat-completions endpoint only. */
  get chatRequests(): RecordedRequest[] {
    return this.requests.filter((request) => request.path.endsWith("/chat/completions"));
  }

  /** Requests to the embeddings endpoint only. */
  get embeddingRequests(): RecordedRequest[] {
    return this.requests.filter((request) => request.path.endsWith("/embeddings"));
  }

  /** Stops listening and cuts every open connection, including hung ones. */
  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const recorded = await recordRequest(request);
    const body = recorded.body;
    this.requests.push(recorded);
    if (recorded.method === "GET" && recorded.path.endsWith("/models")) {
      sendJson(response, 200, { object: "list", data: [{ id: "scripted", object: "model", owned_by: "test" }] });
      return;
    }
    if (recorded.method === "POST" && recorded.path.endsWith("/embeddings")) {
      await this.#embed(recorded, response);
      return;
    }
    // `/v1/completions` is the text-completion API (DSPy's model_type="text"); no streaming or tools.
    const textCompletion = recorded.path.endsWith("/v1/completions");
    if (recorded.method !== "POST" || !(textCompletion || recorded.path.endsWith("/chat/completions"))) {
      sendJson(response, 404, errorBody(`no route ${recorded.method} ${recorded.path}`, null, "invalid_request_error"));
      return;
    }
    const rule = this.#pick(recorded);
    if (!rule) {
      const message = `scripted-server: no rule matches the last user message ${JSON.stringify(recorded.lastUserMessage)}`;
      sendJson(response, 400, errorBody(message, null, "invalid_request_error"));
      return;
    }
    if (rule.latencyMs) await sleep(rule.latencyMs);
    if (rule.fault) {
      this.#fail(rule.fault, request, response);
      return;
    }
    const choices = typeof body?.n === "number" && body.n > 1 ? body.n : 1;
    const texts = Array.from({ length: choices }, (_, index) =>
      typeof rule.reply === "function" ? rule.reply(recorded, index) : (rule.reply ?? ""),
    );
    const promptTokens = countTokens(JSON.stringify(body?.messages ?? body?.prompt ?? []));
    const completionTokens = texts.reduce((sum, text) => sum + countTokens(text), 0);
    const spec = {
      model: rule.model ?? String(body?.model ?? "scripted"),
      texts,
      toolCalls: rule.toolCalls,
      finishReason: rule.finishReason,
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
      },
      serial: ++this.#serial,
    };
    if (textCompletion) {
      sendJson(response, 200, textCompletionBody(spec));
      return;
    }
    if (body?.stream === true) {
      const includeUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
      await this.#stream(response, recorded, rule, completionEvents(spec, includeUsage, rule.streamChunks));
      return;
    }
    sendJson(response, 200, completionBody(spec));
  }

  async #embed(request: RecordedRequest, response: ServerResponse): Promise<void> {
    const script = this.embeddings;
    if (script.latencyMs) await sleep(script.latencyMs);
    const body = embeddingsBody(request.body, script);
    if (body) sendJson(response, 200, body);
    else
      sendJson(response, 400, errorBody("input must be a string or a list of strings", null, "invalid_request_error"));
  }

  async #stream(response: ServerResponse, request: RecordedRequest, rule: ScriptedRule, events: string[]) {
    const stream: ScriptedStream = { request, sent: 0, total: events.length, closedByClient: false };
    this.streams.push(stream);
    response.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
      connection: "keep-alive",
    });
    response.on("close", () => {
      if (!response.writableFinished) stream.closedByClient = true;
    });
    for (const event of events) {
      if (rule.chunkDelayMs) await sleep(rule.chunkDelayMs);
      if (response.destroyed) return;
      response.write(event);
      stream.sent++;
    }
    response.end();
  }

  #pick(request: RecordedRequest): ScriptedRule | undefined {
    for (const rule of this.rules) {
      const used = this.#uses.get(rule) ?? 0;
      if (rule.times !== undefined && used >= rule.times) continue;
      if (!matches(rule.match, request)) continue;
      this.#uses.set(rule, used + 1);
      return rule;
    }
    return undefined;
  }

  #fail(fault: ScriptedFault, request: IncomingMessage, response: ServerResponse): void {
    switch (fault.type) {
      case "status": {
        const type = fault.errorType ?? (fault.status >= 500 ? "server_error" : "invalid_request_error");
        const message = fault.message ?? `scripted HTTP ${fault.status}`;
        sendJson(response, fault.status, errorBody(message, fault.code ?? null, type), fault.headers);
        return;
      }
      case "hang":
        return;
      case "malformed-json":
        response.writeHead(200, { "content-type": "application/json" });
        response.end('{"id": "chatcmpl-broken", "choices": [{"index": 0, "message": ');
        return;
      case "reset":
        request.socket.destroy();
        return;
    }
  }
}

function matches(match: ScriptedRule["match"], request: RecordedRequest): boolean {
  if (match === undefined) return true;
  if (typeof match === "string") return request.lastUserMessage.includes(match);
  if (match instanceof RegExp) return match.test(request.lastUserMessage);
  return match(request);
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(JSON.stringify(body));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
