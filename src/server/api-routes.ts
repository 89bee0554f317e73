import { Hono, type MiddlewareHandler } from "hono";
import type { RunRecord } from "../runtime/run-store.js";
import { candidateSummary } from "./candidate-summary.js";
import { type EventStreamOptions, parseSeq, resumePoint, streamRunEvents } from "./event-stream.js";
import { redact } from "./redact.js";

/** A run as the API shows it: the stored record, and whether this process runs it now. */
export type ApiRun = RunRecord & { live: boolean };

/**
 * The JSON API and the event stream under `/api`:
 *
 * | route | answers |
 * | --- | --- |
 * | `GET /runs` | `{ runs: ApiRun[] }`, newest first |
 * | `GET /runs/:id` | `{ run: ApiRun }` |
 * | `GET /runs/:id/events?after=seq` | `{ events: { seq, event }[] }` |
 * | `GET /runs/:id/results` | `{ results: { index, value }[] }` (per-example scores, inputs, outputs, `lmCallCount`) |
 * | `GET /runs/:id/results/:index` | `{ result: { index, value } }` with `value.lmCalls`: the exact messages sent and outputs |
 * | `GET /runs/:id/candidates` | `{ candidates: { index, value }[] }`: score, `chosen`, per predictor its instructions and demo count |
 * | `GET /runs/:id/candidates/:index` | `{ candidate: { index, value } }` with `value.program`, the DSPy JSON state |
 * | `POST /runs/:id/cancel` | 202 `{ cancelled: true }`; 409 when the run is not live in this process |
 * | `GET /runs/:id/stream` | server-sent events, resuming after `Last-Event-ID` |
 *
 * Every JSON body passes through {@link redact} on its way out.
 *
 * @example
 * app.route("/api", apiRoutes({ store, jobs, pollMs: 500, heartbeatMs: 15_000 }));
 */
export function apiRoutes(options: EventStreamOptions): Hono {
  const { store, jobs } = options;
  const api = new Hono();
  api.use("*", redactJson());

  // A job registered a moment ago may not have reached the store yet; it is still a run.
  async function findRun(runId: string): Promise<ApiRun | undefined> {
    const record = await store.getRun(runId);
    const live = jobs.has(runId);
    if (record) return { ...record, live };
    return live
      ? { runId, name: "", status: "running", createdAt: Date.now(), updatedAt: Date.now(), live }
      : undefined;
  }
  const unknownRun = (runId: string) => ({ error: "not_found", message: `No run '${runId}'.` });

  api.get("/runs", async (c) => {
    const runs = (await store.listRuns()).map((record) => ({ ...record, live: jobs.has(record.runId) }));
    return c.json({ runs });
  });

  api.get("/runs/:id", async (c) => {
    const run = await findRun(c.req.param("id"));
    return run ? c.json({ run }) : c.json(unknownRun(c.req.param("id")), 404);
  });

  api.get("/runs/:id/events", async (c) => {
    const runId = c.req.param("id");
    const afterSeq = parseSeq(c.req.query("after") ?? "0");
    if (afterSeq === undefined) return badRequest(c, "'after' must be a non-negative integer.");
    if (!(await findRun(runId))) return c.json(unknownRun(runId), 404);
    return c.json({ events: await store.listEvents(runId, { afterSeq }) });
  });

  // Results and candidates alike: a light list (prompts and program states left out), and one
  // row in full by its index.
  const rowRoutes = (
    plural: "results" | "candidates",
    singular: "result" | "candidate",
    list: (runId: string) => Promise<{ index: number; value: unknown }[]>,
    summarize: (value: unknown) => unknown,
  ) => {
    api.get(`/runs/:id/${plural}`, async (c) => {
      const runId = c.req.param("id");
      if (!(await findRun(runId))) return c.json(unknownRun(runId), 404);
      const rows = (await list(runId)).map(({ index, value }) => ({ index, value: summarize(value) }));
      return c.json({ [plural]: rows });
    });
    api.get(`/runs/:id/${plural}/:index`, async (c) => {
      const runId = c.req.param("id");
      const index = parseSeq(c.req.param("index"));
      if (index === undefined) return badRequest(c, `the ${singular} index must be a non-negative integer.`);
      if (!(await findRun(runId))) return c.json(unknownRun(runId), 404);
      const row = (await list(runId)).find((entry) => entry.index === index);
      if (!row) return c.json({ error: "not_found", message: `Run '${runId}' has no ${singular} ${index}.` }, 404);
      return c.json({ [singular]: row });
    });
  };
  rowRoutes("results", "result", (runId) => store.listResults(runId), withoutCalls);
  rowRoutes("candidates", "candidate", (runId) => store.listCandidates(runId), candidateSummary);

  api.post("/runs/:id/cancel", async (c) => {
    const runId = c.req.param("id");
    if (jobs.cancel(runId)) return c.json({ cancelled: true, runId }, 202);
    const run = await findRun(runId);
    if (!run) return c.json(unknownRun(runId), 404);
    return c.json(
      { error: "not_live", message: `Run '${runId}' is ${run.status} and not running in this process.` },
      409,
    );
  });

  api.get("/runs/:id/stream", async (c) => {
    const runId = c.req.param("id");
    const afterSeq = resumePoint(c.req.header("last-event-id"), c.req.query("after"));
    if (afterSeq === undefined) return badRequest(c, "'Last-Event-ID' / 'after' must be a non-negative integer.");
    if (!(await findRun(runId))) return c.json(unknownRun(runId), 404);
    return streamRunEvents(c, runId, afterSeq, options);
  });

  api.onError((error, c) => {
    // The message may quote a key; the JSON pass below redacts it.
    return c.json({ error: "internal_error", message: String(error.message ?? error) }, 500);
  });
  return api;
}

/** A stored result without its LM calls, which it counts instead. */
function withoutCalls(value: unknown): unknown {
  if (value === null || typeof value !== "object" || !("lmCalls" in value)) return value;
  const { lmCalls, ...rest } = value as { lmCalls: unknown };
  return { ...rest, lmCallCount: Array.isArray(lmCalls) ? lmCalls.length : 0 };
}

function badRequest(c: Parameters<MiddlewareHandler>[0], message: string) {
  return c.json({ error: "bad_request", message }, 400);
}

/**
 * Rewrites every JSON response through {@link redact}, so no route (present or future) can
 * leak a credential that a job wrote into the store. Streams redact per message instead.
 */
function redactJson(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (!c.res.headers.get("content-type")?.startsWith("application/json")) return;
    const body = redact(await c.res.clone().json());
    const headers = new Headers(c.res.headers);
    headers.delete("content-length");
    c.res = new Response(JSON.stringify(body), { status: c.res.status, headers });
  };
}
