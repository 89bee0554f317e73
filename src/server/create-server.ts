import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { DSPyError } from "../errors/dspy-error.js";
import type { RunStore } from "../runtime/run-store.js";
import { apiRoutes } from "./api-routes.js";
import { dashboardCsp, dashboardPage } from "./dashboard-page.js";
import { isLoopbackHost, loopbackOnly, requireToken } from "./guards.js";
import { JobRegistry } from "./job-registry.js";

/** Options for {@link createServer}. */
export interface ServerOptions {
  /** Where runs are read from (the store the jobs write to). */
  store: RunStore;
  /** Live jobs the dashboard may stream and cancel (default: an empty registry). */
  jobs?: JobRegistry;
  /** Required to bind a non-loopback host; then every API call needs `Authorization: Bearer <token>`. */
  token?: string;
  /** Interface to bind (default `127.0.0.1`). */
  host?: string;
  /** Port to bind (default 0: any free port; see `url` after `listen()`). */
  port?: number;
  /** How often streams poll the store for runs not live in this process, in ms (default 500). */
  pollMs?: number;
  /** Longest silence on a stream before a keep-alive comment, in ms (default 15 000). */
  heartbeatMs?: number;
}

/** A dashboard server: the Hono app (usable without a socket) and its listener. */
export interface DashboardServer {
  /** The app; `app.request("/api/runs")` exercises it without a socket. */
  readonly app: Hono;
  readonly jobs: JobRegistry;
  /** Binds the socket; resolves with the base URL, e.g. `http://127.0.0.1:4000`. */
  listen(): Promise<string>;
  /** The base URL once listening. */
  readonly url: string | undefined;
  /** Ends event streams and stops listening; other open requests get a second to finish. */
  close(): Promise<void>;
}

const MIN_TOKEN_LENGTH = 16;
const CLOSE_GRACE_MS = 1_000;

/**
 * The dashboard: a JSON API and event stream over a run store (see `apiRoutes`) and one static
 * page at `/`. It binds 127.0.0.1 unless told otherwise, and refuses to bind anything else
 * without a token, because the API can cancel jobs and shows prompts and outputs. Credentials
 * that jobs wrote into the store are redacted from every response.
 *
 * @example
 * const jobs = new JobRegistry();
 * const server = createServer({ store, jobs, port: 4000 });
 * console.log(`dashboard at ${await server.listen()}`);
 * jobs.add(evaluateJob(program, { devset, metric, store }));
 */
export function createServer(options: ServerOptions): DashboardServer {
  const { store, token, host = "127.0.0.1", port = 0 } = options;
  const jobs = options.jobs ?? new JobRegistry();
  if (token !== undefined && token.length < MIN_TOKEN_LENGTH) {
    throw new DSPyError(`The dashboard token must have at least ${MIN_TOKEN_LENGTH} characters.`, {
      code: "value_error",
    });
  }
  if (!isLoopbackHost(host) && token === undefined) {
    throw new DSPyError(
      `Binding the dashboard to '${host}' exposes it beyond this machine; pass a token (--token or DSPY_DASHBOARD_TOKEN), or bind 127.0.0.1.`,
      { code: "value_error" },
    );
  }

  const app = new Hono();
  app.use("*", async (c, next) => {
    await next();
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Referrer-Policy", "no-referrer");
    c.header("Cache-Control", "no-store");
  });
  // With a token, the token is the guard; without one, only loopback callers get in.
  if (token === undefined) app.use("*", loopbackOnly());
  else app.use("/api/*", requireToken(token));
  app.get("/", (c) => {
    const nonce = randomBytes(16).toString("base64");
    c.header("Content-Security-Policy", dashboardCsp(nonce));
    c.header("X-Frame-Options", "DENY");
    return c.html(dashboardPage(nonce));
  });
  // Streams of runs still going would hold a closing server open; this ends them.
  const closing = new AbortController();
  const pollMs = options.pollMs ?? 500;
  app.route(
    "/api",
    apiRoutes({ store, jobs, pollMs, heartbeatMs: options.heartbeatMs ?? 15_000, closing: closing.signal }),
  );
  app.notFound((c) => c.json({ error: "not_found", message: `No route ${c.req.method} ${c.req.path}.` }, 404));

  let server: Server | undefined;
  let url: string | undefined;
  return {
    app,
    jobs,
    get url() {
      return url;
    },
    listen() {
      if (url !== undefined) return Promise.resolve(url);
      return new Promise((resolve, reject) => {
        const listening = serve({ fetch: app.fetch, hostname: host, port }, (info: AddressInfo) => {
          const shown = info.family === "IPv6" || info.address.includes(":") ? `[${info.address}]` : info.address;
          url = `http://${shown}:${info.port}`;
          resolve(url);
        }) as Server;
        listening.once("error", reject);
        server = listening;
      });
    },
    close() {
      const listening = server;
      server = undefined;
      url = undefined;
      closing.abort();
      if (!listening) return Promise.resolve();
      return new Promise((resolve) => {
        listening.close(() => resolve());
        // Answers in flight (say, to the cancel that ended the job) still go out; a client that
        // holds its connection open longer is cut after a short grace period.
        listening.closeIdleConnections();
        setTimeout(() => listening.closeAllConnections(), CLOSE_GRACE_MS).unref();
      });
    },
  };
}
