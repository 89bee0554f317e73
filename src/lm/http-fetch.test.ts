import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LMError } from "../errors/lm-errors.js";
import { createHttpFetch } from "./http-fetch.js";
import { LM } from "./lm.js";

const completion = JSON.stringify({
  id: "chatcmpl-1",
  object: "chat.completion",
  created: 1,
  model: "gpt-4o-mini",
  choices: [{ index: 0, message: { role: "assistant", content: "hello" }, finish_reason: "stop" }],
  usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
});

/** Raw replies by path, including the ones a well-behaved server never sends. */
const routes: Record<string, (request: IncomingMessage, response: ServerResponse) => void> = {
  "/ok/chat/completions": (_, response) => {
    response.writeHead(200, { "content-type": "application/json", "x-request-id": "req-1" });
    response.end(completion);
  },
  "/chunked/chat/completions": (_, response) => {
    response.writeHead(200, { "content-type": "application/json" });
    response.write(completion.slice(0, 40));
    setTimeout(() => response.end(completion.slice(40)), 5);
  },
  "/rate/chat/completions": (_, response) => {
    response.writeHead(429, { "content-type": "application/json", "retry-after": "7", "x-request-id": "req-2" });
    response.end(JSON.stringify({ error: { message: "slow down", type: "rate_limit_error", code: null } }));
  },
  "/server/chat/completions": (_, response) => {
    response.writeHead(503, { "content-type": "application/json" });
    response.end(JSON.stringify({ error: { message: "overloaded", type: "server_error", code: null } }));
  },
  "/malformed/chat/completions": (_, response) => {
    response.writeHead(200, { "content-type": "application/json" });
    response.end('{"id": "chatcmpl-broken", "choices": [');
  },
  "/truncated/chat/completions": (_, response) => {
    response.writeHead(200, { "content-type": "application/json", "content-length": String(completion.length) });
    response.write(completion.slice(0, 30));
    setTimeout(() => response.socket?.destroy(), 5);
  },
  "/reset/chat/completions": (request) => request.socket.destroy(),
  "/silent/chat/completions": () => {},
  "/html/chat/completions": (_, response) => {
    response.writeHead(502, { "content-type": "text/html" });
    response.end("<html>bad gateway</html>");
  },
};

let server: Server;
let base: string;
const seen: Record<string, string | undefined>[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      seen.push({ ...(request.headers as Record<string, string>) });
      routes[request.url ?? ""]?.(request, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** What an LM call through `fetch` ended with: its text, or its error's class, code, status and hints. */
async function outcome(path: string, fetch?: typeof globalThis.fetch): Promise<unknown> {
  const lm = new LM("openai/gpt-4o-mini", {
    baseURL: `${base}/${path}`,
    apiKey: "sk-test",
    cache: false,
    numRetries: 0,
    ...(fetch ? { fetch } : {}),
  });
  try {
    const [output] = await lm.call([{ role: "user", content: "hi" }]);
    return { text: output?.text, usage: lm.history.at(-1)?.usage };
  } catch (error) {
    if (!(error instanceof LMError)) throw error;
    return {
      class: error.constructor.name,
      code: error.code,
      status: error.status,
      retryAfter: error.retryAfter,
      requestId: error.requestId,
    };
  }
}

describe("createHttpFetch", () => {
  it.each(
    Object.keys(routes)
      .map((route) => route.split("/")[1] as string)
      .filter((path) => path !== "silent"),
  )("ends an LM call on %s exactly as the built-in fetch does", async (path) => {
    const ours = await outcome(path);
    const native = await outcome(path, (input, init) => globalThis.fetch(input, init));
    expect(ours).toEqual(native);
  });

  it("answers with status, headers and body", async () => {
    const response = await createHttpFetch()(`${base}/rate/chat/completions`, { method: "POST", body: "{}" });
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("7");
    expect(await response.json()).toEqual({ error: { message: "slow down", type: "rate_limit_error", code: null } });
  });

  it("sends the headers fetch sends", async () => {
    seen.length = 0;
    await createHttpFetch()(`${base}/ok/chat/completions`, {
      method: "POST",
      headers: { Authorization: "Bearer sk-test", "Content-Type": "application/json" },
      body: "{}",
    });
    const [ours] = seen.splice(0);
    await globalThis.fetch(`${base}/ok/chat/completions`, {
      method: "POST",
      headers: { Authorization: "Bearer sk-test", "Content-Type": "application/json" },
      body: "{}",
    });
    const [native] = seen.splice(0);
    const compared = ["authorization", "content-type", "content-length", "accept", "user-agent"];
    for (const name of compared) expect(ours?.[name], name).toBe(native?.[name]);
  });

  it("rejects with the signal's reason on abort", async () => {
    const controller = new AbortController();
    const reason = new Error("stop");
    const pending = createHttpFetch()(`${base}/chunked/chat/completions`, {
      method: "POST",
      body: "{}",
      signal: controller.signal,
    });
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it("rejects a refused connection with fetch's TypeError and the socket error as cause", async () => {
    const error = await createHttpFetch()("http://127.0.0.1:1/", { method: "POST", body: "{}" }).catch((e) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe("fetch failed");
    expect(error.cause.code).toBe("ECONNREFUSED");
  });

  it("fails a request whose server stays silent, as a transport error", async () => {
    const lm = new LM("openai/gpt-4o-mini", {
      baseURL: `${base}/silent`,
      apiKey: "sk-test",
      cache: false,
      numRetries: 0,
      fetch: createHttpFetch({ idleTimeoutMs: 50 }),
    });
    const error = await lm.call([{ role: "user", content: "hi" }]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LMError);
    expect((error as LMError).code).toBe("transport");
    const causes: string[] = [];
    for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) causes.push(cause.message);
    expect(causes.at(-1)).toBe("no data from the server for 50 ms");
  });

  it("leaves a Request object and a swapped-in global fetch to the global fetch", async () => {
    const fetch = createHttpFetch();
    const original = globalThis.fetch;
    const calls: unknown[] = [];
    globalThis.fetch = (input, init) => {
      calls.push(input);
      return original(input, init);
    };
    try {
      await fetch(`${base}/ok/chat/completions`, { method: "POST", body: "{}" });
    } finally {
      globalThis.fetch = original;
    }
    expect(calls).toHaveLength(1);
  });
});
