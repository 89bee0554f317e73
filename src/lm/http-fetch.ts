import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";

/**
 * A `fetch` for provider calls over `node:http`/`node:https` with a keep-alive connection pool
 * (no socket limit), for the plain case the AI SDK's providers use: a string URL, a string or
 * byte body, and headers. A JSON reply is read whole and handed back as a `Response` built from
 * bytes, which skips the web-stream machinery fetch runs per response (~0.1 ms of CPU a request
 * at high concurrency); an event stream stays a stream. Anything else — a `Request` object, a
 * stream body, another scheme, or a proxy configured in the environment — goes to
 * `globalThis.fetch` unchanged.
 *
 * Failures look like fetch's, so the SDK maps them the same way: a connection failure rejects
 * with `TypeError("fetch failed")` whose `cause` is the socket error, an abort rejects with the
 * signal's reason, and a reply cut off mid-body resolves to a `Response` whose body read fails
 * with `TypeError("terminated")`. As undici's, a connection silent for 300 s fails the request
 * rather than hang it.
 *
 * @example
 * const fetch = createHttpFetch();
 * createOpenAI({ baseURL: "http://127.0.0.1:8000/v1", fetch }).chat("my-model");
 */
export function createHttpFetch(options: HttpFetchOptions = {}): typeof fetch {
  const { env = process.env, idleTimeoutMs = 300_000 } = options;
  if (usesProxy(env)) return (input, init) => globalThis.fetch(input, init);
  // A fetch swapped in later (a test's stub, an interceptor) still sees every request.
  const original = globalThis.fetch;
  const agents = {
    "http:": new HttpAgent({ keepAlive: true, scheduling: "lifo" }),
    "https:": new HttpsAgent({ keepAlive: true, scheduling: "lifo" }),
  };
  return (input, init) => {
    const body = init?.body;
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : undefined;
    const plainBody = body === undefined || body === null || typeof body === "string" || body instanceof Uint8Array;
    if (
      globalThis.fetch !== original ||
      url === undefined ||
      !plainBody ||
      !(url.startsWith("http:") || url.startsWith("https:"))
    ) {
      return globalThis.fetch(input, init);
    }
    return send(new URL(url), init ?? {}, body ?? undefined, agents, idleTimeoutMs);
  };
}

function send(
  url: URL,
  init: RequestInit,
  body: string | Uint8Array | undefined,
  agents: { "http:": HttpAgent; "https:": HttpsAgent },
  idleTimeoutMs: number,
): Promise<Response> {
  const signal = init.signal ?? undefined;
  if (signal?.aborted) return Promise.reject(signal.reason);
  const https = url.protocol === "https:";
  const headers = requestHeaders(init.headers, body);
  return new Promise<Response>((resolve, reject) => {
    let settled = false;
    const finish = (action: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      action();
    };
    const onAbort = () => {
      finish(() => reject(signal?.reason));
      request.destroy();
    };
    const options = {
      method: init.method ?? "GET",
      headers,
      agent: https ? agents["https:"] : agents["http:"],
      timeout: idleTimeoutMs,
    };
    const request = (https ? httpsRequest : httpRequest)(url, options, (response) => {
      const streaming = /^text\/event-stream/i.test(response.headers["content-type"] ?? "");
      if (streaming) {
        finish(() => resolve(toResponse(response, webStream(response, signal))));
        return;
      }
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        finish(() => resolve(toResponse(response, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks))));
      });
      response.on("error", (error) => {
        // As fetch: the headers arrived, so the reply resolves and reading its body fails.
        finish(() => resolve(toResponse(response, failingStream(Buffer.concat(chunks), error))));
      });
    });
    request.on("timeout", () => request.destroy(idleTimeoutError(idleTimeoutMs)));
    request.on("error", (error) => finish(() => reject(new TypeError("fetch failed", { cause: error }))));
    signal?.addEventListener("abort", onAbort, { once: true });
    request.end(body);
  });
}

/** Options of {@link createHttpFetch}. */
export interface HttpFetchOptions {
  /** Where a proxy setting is looked up (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** A request whose connection stays silent this long fails (default 300 000, undici's). */
  idleTimeoutMs?: number;
}

/** undici's code for a server that stops answering, so the error maps as fetch's does. */
function idleTimeoutError(ms: number): Error {
  return Object.assign(new Error(`no data from the server for ${ms} ms`), { code: "UND_ERR_HEADERS_TIMEOUT" });
}

/** fetch's request headers: lower-cased names, a length for the body, `*` accepts, node's user agent. */
function requestHeaders(given: RequestInit["headers"], body: string | Uint8Array | undefined) {
  const headers: Record<string, string> = { accept: "*/*", "accept-language": "*", "sec-fetch-mode": "cors" };
  const entries =
    given === undefined ? [] : given instanceof Headers || Array.isArray(given) ? given : Object.entries(given);
  for (const [name, value] of entries) {
    if (value !== undefined) headers[name.toLowerCase()] = String(value);
  }
  headers["user-agent"] ??= "node";
  if (body !== undefined) {
    headers["content-length"] = String(typeof body === "string" ? Buffer.byteLength(body) : body.byteLength);
    if (typeof body === "string") headers["content-type"] ??= "text/plain;charset=UTF-8";
  }
  return headers;
}

function toResponse(response: IncomingMessage, body: ConstructorParameters<typeof Response>[0]): Response {
  const headers = new Headers();
  const raw = response.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i] as string, raw[i + 1] as string);
  const status = response.statusCode ?? 200;
  // A Response for 204/205/304 (or HEAD) must not carry a body.
  const empty = status === 204 || status === 205 || status === 304;
  return new Response(empty ? null : body, { status, statusText: response.statusMessage ?? "", headers });
}

/** The body of an event stream as it arrives; an abort errors it with the signal's reason, as fetch's. */
function webStream(response: IncomingMessage, signal: AbortSignal | undefined): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let failure: unknown;
      const onAbort = () => {
        failure = signal?.reason;
        response.destroy();
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      response.on("data", (chunk: Buffer) => controller.enqueue(new Uint8Array(chunk)));
      response.on("end", () => {
        signal?.removeEventListener("abort", onAbort);
        controller.close();
      });
      response.on("close", () => {
        signal?.removeEventListener("abort", onAbort);
        if (!response.complete) controller.error(failure ?? new TypeError("terminated"));
      });
    },
    cancel() {
      response.destroy();
    },
  });
}

function failingStream(received: Buffer, error: Error): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (received.length > 0) controller.enqueue(new Uint8Array(received));
      controller.error(new TypeError("terminated", { cause: error }));
    },
  });
}

/** fetch goes through a proxy when Node is told to use the environment's; keep that path. */
function usesProxy(env: Readonly<Record<string, string | undefined>>): boolean {
  return Boolean(env.NODE_USE_ENV_PROXY);
}
