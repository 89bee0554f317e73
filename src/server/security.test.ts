import { describe, expect, it } from "vitest";
import type { JobEvent } from "../runtime/job-event.js";
import { MemoryRunStore } from "../runtime/memory-run-store.js";
import { createServer } from "./create-server.js";
import { isLoopbackHost } from "./guards.js";

const TOKEN = "0123456789abcdef-token";
const SECRETS = ["sk-proj-SECRET123456", "plain-secret-value", "AIzaSyD-0123456789abcdefghijklmnopqrs", "eyJhbGciOiJI"];

async function storeWithSecrets(): Promise<MemoryRunStore> {
  const store = new MemoryRunStore();
  await store.startRun("leaky", "evaluate");
  const base = { jobId: "j", runId: "leaky", at: 1 };
  await store.appendEvent("leaky", { ...base, type: "job-start", name: "evaluate", resumed: false });
  await store.appendEvent("leaky", {
    ...base,
    type: "trial-end",
    trial: 0,
    score: 50,
    detail: {
      api_key: "plain-secret-value",
      lm: { apiKey: SECRETS[0], headers: { Authorization: "Bearer eyJhbGciOiJI" } },
    },
  } as JobEvent);
  await store.appendEvent("leaky", {
    ...base,
    type: "job-error",
    status: "failed",
    code: "lm_error",
    message: `401 Incorrect API key provided: ${SECRETS[0]} (google fallback ${SECRETS[2]})`,
  });
  await store.putResult("leaky", 0, {
    score: 0,
    inputs: { question: "what is my key?" },
    prediction: { answer: `it is ${SECRETS[0]}`, authorization: "Bearer eyJhbGciOiJI" },
  });
  await store.finishRun("leaky", "failed");
  return store;
}

describe("redaction on every response", () => {
  it("no endpoint returns a credential the store holds", async () => {
    const { app } = createServer({ store: await storeWithSecrets() });
    const paths = [
      "/api/runs",
      "/api/runs/leaky",
      "/api/runs/leaky/events",
      "/api/runs/leaky/events?after=1",
      "/api/runs/leaky/results",
      "/api/runs/leaky/stream",
    ];
    for (const path of paths) {
      const response = await app.request(path);
      expect(response.status, path).toBe(200);
      const body = await response.text();
      for (const secret of SECRETS) expect(body, `${path} leaks ${secret}`).not.toContain(secret);
    }
    const events = await (await app.request("/api/runs/leaky/events")).text();
    expect(events).toContain("[REDACTED]");
    expect(events).toContain("401 Incorrect API key provided"); // the useful part stays
    const stream = await (await app.request("/api/runs/leaky/stream")).text();
    expect(stream).toContain('"api_key":"[REDACTED]"');
  });
});

describe("binding and tokens", () => {
  const store = new MemoryRunStore();

  it("refuses to bind beyond loopback without a token, and refuses short tokens", () => {
    expect(() => createServer({ store, host: "0.0.0.0" })).toThrow(/token/);
    expect(() => createServer({ store, host: "192.168.1.5" })).toThrow(/token/);
    expect(() => createServer({ store, host: "0.0.0.0", token: "short" })).toThrow(/16 characters/);
    expect(() => createServer({ store, host: "0.0.0.0", token: TOKEN })).not.toThrow();
    expect(() => createServer({ store, host: "::1" })).not.toThrow();
    expect(isLoopbackHost("127.8.0.1")).toBe(true);
    expect(isLoopbackHost("[::1]")).toBe(true);
    expect(isLoopbackHost("127.0.0.1.evil.example")).toBe(false);
  });

  it("with a token, every API call needs the bearer header; the page itself does not", async () => {
    const { app } = createServer({ store, host: "0.0.0.0", token: TOKEN });
    const bad = [{}, { Authorization: "Bearer wrong-token-wrong-token" }, { Authorization: TOKEN }];
    for (const headers of bad) {
      const response = await app.request("/api/runs", { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toContain("Bearer");
    }
    for (const path of ["/api/runs/x", "/api/runs/x/events", "/api/runs/x/stream"])
      expect((await app.request(path)).status, path).toBe(401);
    expect((await app.request("/api/runs/x/cancel", { method: "POST" })).status).toBe(401);
    const ok = await app.request("/api/runs", { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    const page = await app.request("/");
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain(TOKEN);
  });

  it("without a token, answers only loopback host names and same-origin writes", async () => {
    const { app } = createServer({ store });
    // A DNS-rebinding page reaches 127.0.0.1 under its own name.
    expect((await app.request("http://evil.example/api/runs")).status).toBe(403);
    expect((await app.request("http://127.0.0.1:4000/api/runs")).status).toBe(200);
    const crossSite = await app.request("http://127.0.0.1:4000/api/runs/x/cancel", {
      method: "POST",
      headers: { Origin: "https://evil.example" },
    });
    expect(crossSite.status).toBe(403);
    const sameSite = await app.request("http://127.0.0.1:4000/api/runs/x/cancel", {
      method: "POST",
      headers: { Origin: "http://127.0.0.1:4000" },
    });
    expect(sameSite.status).toBe(404); // past the guard; the run just does not exist
  });
});
