/**
 * The dashboard server (`dspy-typescript/server`): a JSON API, a server-sent-events stream of
 * job events and a single live page over a run store, bound to 127.0.0.1 unless a token is set.
 *
 * @example
 * import { createServer, JobRegistry } from "dspy-typescript/server";
 * const jobs = new JobRegistry();
 * const server = createServer({ store, jobs, port: 4000 });
 * await server.listen();
 * jobs.add(evaluateJob(program, { devset, metric, store }));
 */
export { type ApiRun, apiRoutes } from "./api-routes.js";
export { createServer, type DashboardServer, type ServerOptions } from "./create-server.js";
export { type EventStreamOptions, streamRunEvents } from "./event-stream.js";
export { isLoopbackHost } from "./guards.js";
export { JobRegistry, type RegisteredJob } from "./job-registry.js";
export { isSecretKey, REDACTED, redact, redactText } from "./redact.js";
