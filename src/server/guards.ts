import { timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";

/**
 * Whether a host name or address only reaches this machine (`127.0.0.0/8`, `::1`, `localhost`).
 *
 * @example
 * isLoopbackHost("127.0.0.1"); // true
 * isLoopbackHost("0.0.0.0"); // false — every interface
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  return bare === "localhost" || bare === "::1" || /^127(\.\d{1,3}){3}$/.test(bare);
}

/**
 * Requires `Authorization: Bearer <token>` (compared in constant time).
 *
 * @example
 * app.use("/api/*", requireToken("s3cret"));
 */
export function requireToken(token: string): MiddlewareHandler {
  const expected = Buffer.from(token);
  return async (c, next) => {
    const match = /^Bearer\s+(.+)$/i.exec(c.req.header("authorization") ?? "");
    const given = Buffer.from(match?.[1]?.trim() ?? "");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      c.header("WWW-Authenticate", 'Bearer realm="dspy-typescript"');
      return c.json({ error: "unauthorized", message: "Send 'Authorization: Bearer <token>'." }, 401);
    }
    await next();
  };
}

/**
 * Protects an unauthenticated loopback server from web pages the user happens to visit: a
 * request must name a loopback host (a DNS-rebinding page names its own domain), and a
 * state-changing request from a browser must come from the dashboard's own origin (a
 * cross-site form POST carries a foreign `Origin`).
 *
 * @example
 * app.use("*", loopbackOnly());
 */
export function loopbackOnly(): MiddlewareHandler {
  return async (c, next) => {
    const url = new URL(c.req.url);
    if (!isLoopbackHost(url.hostname)) {
      return c.json({ error: "forbidden", message: "This server answers only to a loopback host name." }, 403);
    }
    const origin = c.req.header("origin");
    if (c.req.method !== "GET" && c.req.method !== "HEAD" && origin !== undefined && origin !== url.origin) {
      return c.json({ error: "forbidden", message: "Cross-origin requests are not allowed." }, 403);
    }
    await next();
  };
}
