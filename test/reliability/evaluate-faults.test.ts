/**
 * Evaluate over real HTTP under injected faults: 1,000 examples through the real `LM` against a
 * ScriptedServer where 20% of the examples meet 429s (with short Retry-After), 500s, hung
 * requests (cut by the per-attempt timeout), connection resets or malformed bodies. Some recover
 * within the retry budget, some exhaust it. Every example must come back, failures must score
 * `failureScore`, retries must stay bounded, and nothing may reject unhandled.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type LMError,
  LMProviderError,
  LMRateLimitError,
  LMServerError,
  LMTimeoutError,
} from "../../src/errors/lm-errors.js";
import { Evaluate } from "../../src/evaluate/evaluate.js";
import { LM } from "../../src/lm/lm.js";
import { Predict } from "../../src/predict/predict.js";
import { context } from "../../src/predict/settings.js";
import { Example } from "../../src/primitives/example.js";
import type { Prediction } from "../../src/primitives/prediction.js";
import { type RecordedRequest, type ScriptedFault, ScriptedServer } from "../../src/test/scripted-server.js";
import { pyRound } from "../../src/utils/py-round.js";

const EXAMPLES = 1000;
const NUM_RETRIES = 2;
const FAILURE_SCORE = 0.25;
// Generous, so a normal request never times out by accident: on a loaded 2-core machine the
// event loop (client and server share it) can stall for seconds, and a timer that fires after a
// stall beats the response that arrived during it. Only the scripted hangs reach it, and no
// example hangs more than once, so the hangs cost about one timeout of wall time in all.
const TIMEOUT_MS = 5000;

const FAULTS = {
  "429-fast": { type: "status", status: 429, code: "rate_limit_exceeded", headers: { "retry-after": "0.01" } },
  "429-slow": { type: "status", status: 429, code: "rate_limit_exceeded", headers: { "retry-after": "0.05" } },
  "500": { type: "status", status: 500 },
  hang: { type: "hang" },
  reset: { type: "reset" },
  malformed: { type: "malformed-json" },
} satisfies Record<string, ScriptedFault>;
type FaultName = keyof typeof FAULTS;

/**
 * A faulty example's script: the fault of each attempt in turn. A recovering script answers once
 * it runs out; an exhausting one repeats its last fault forever, so the error is the one expected.
 */
interface Plan {
  script: FaultName[];
  exhausts: boolean;
  error?: new (...args: never[]) => LMError;
}
const HANG_LAST: Plan = { script: ["500", "500", "hang"], exhausts: true, error: LMTimeoutError };
const HANG_ONCE: Plan = { script: ["hang"], exhausts: false };
const QUICK_PLANS: Plan[] = [
  { script: ["429-fast"], exhausts: false },
  { script: ["500", "500"], exhausts: false },
  { script: ["429-slow", "500"], exhausts: false },
  { script: ["reset"], exhausts: false },
  { script: ["500"], exhausts: true, error: LMServerError },
  { script: ["429-fast"], exhausts: true, error: LMRateLimitError },
  // Not retryable: a 200 whose body is not JSON may have been served, so it fails at once.
  { script: ["malformed"], exhausts: true, error: LMProviderError },
];

/**
 * Every fifth example is faulty (20%). The hanging ones come first, so their timeouts overlap
 * the rest of the run instead of trailing it; the others cycle through the quick plans.
 */
function planOf(index: number): Plan | undefined {
  if (index % 5 !== 0) return undefined;
  const faulty = index / 5;
  if (faulty < 8) return HANG_LAST;
  if (faulty < 24) return HANG_ONCE;
  return QUICK_PLANS[(faulty - 24) % QUICK_PLANS.length];
}

/** Requests the scripted outcome of an example costs. */
function expectedRequests(index: number): number {
  const plan = planOf(index);
  if (!plan) return 1;
  if (!plan.exhausts) return plan.script.length + 1;
  return plan.script[0] === "malformed" ? 1 : NUM_RETRIES + 1;
}

/** Every third answer is wrong, so the score is not trivially 100. */
const answerOf = (index: number) => (index % 3 === 0 ? "wrong" : `A${index}`);

const devset = Array.from({ length: EXAMPLES }, (_, index) =>
  new Example({ question: `Question #${index}: what is the code?`, answer: `A${index}` }).withInputs("question"),
);

let server: ScriptedServer;
const attempts = new Map<number, number>();
const idOf = (request: RecordedRequest) => Number(/Question #(\d+):/.exec(request.lastUserMessage)?.[1]);

/** The fault this request meets, or undefined to answer it. */
function faultFor(request: RecordedRequest): FaultName | undefined {
  const plan = planOf(idOf(request));
  if (!plan) return undefined;
  const attempt = attempts.get(idOf(request)) ?? 1;
  return plan.exhausts ? plan.script[Math.min(attempt, plan.script.length) - 1] : plan.script[attempt - 1];
}

beforeEach(async () => {
  attempts.clear();
  server = await ScriptedServer.start({
    rules: [
      {
        // Sees every request first and never answers: counts the attempts of each example.
        match: (request) => {
          attempts.set(idOf(request), (attempts.get(idOf(request)) ?? 0) + 1);
          return false;
        },
      },
      ...Object.entries(FAULTS).map(([name, fault]) => ({
        match: (request: RecordedRequest) => faultFor(request) === name,
        fault,
      })),
      {
        latencyMs: 1,
        reply: (request: RecordedRequest) => `[[ ## answer ## ]]\n${answerOf(idOf(request))}\n\n[[ ## completed ## ]]`,
      },
    ],
  });
});

afterEach(async () => {
  await server.close();
});

describe("Evaluate under injected HTTP faults", () => {
  it("accounts for all 1,000 examples, scores failures, and bounds retries", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const lm = new LM("openai/gpt-4o-mini", {
        baseURL: server.baseURL,
        apiKey: "sk-test",
        cache: false,
        numRetries: NUM_RETRIES,
        timeoutMs: TIMEOUT_MS,
        // Backoff for errors without Retry-After (500, reset, timeout); 429s wait what they are told.
        retryDelay: { initialMs: 10, maxMs: 100 },
        logger: { warn: () => {} },
      });
      const errors = new Map<number, unknown>();
      const evaluate = new Evaluate({
        devset,
        metric: (example: Example, prediction: Prediction) => prediction.get("answer") === example.get("answer"),
        // Leaves plenty of slots free while the hanging examples wait out their timeouts.
        numThreads: 64,
        maxErrors: EXAMPLES,
        failureScore: FAILURE_SCORE,
        onError: (error, _example, index) => errors.set(index, error),
      });
      const program = new Predict("question -> answer");
      // Warm up (JIT, first connection) outside the run, so the first wave is not the slowest.
      await context({ lm }, () => program.call({ question: "Warm-up: what is the code?" }));
      const warmup = server.chatRequests.length;
      const result = await context({ lm }, () => evaluate.run(program));
      // Let any stray rejection (an aborted hang, a late socket error) surface before checking.
      await new Promise((resolve) => setTimeout(resolve, 50));

      // Every example is accounted for, in devset order.
      expect(result.results).toHaveLength(EXAMPLES);
      expect(result.results.map(([example]) => example.get("question"))).toEqual(
        devset.map((example) => example.get("question")),
      );

      // Exactly the examples scripted to exhaust their retries failed, with the expected error,
      // an empty prediction and the failure score.
      const failing = devset.map((_, index) => index).filter((index) => planOf(index)?.exhausts);
      expect([...errors.keys()].sort((a, b) => a - b)).toEqual(failing);
      for (const index of failing) {
        expect(errors.get(index)).toBeInstanceOf(planOf(index)?.error);
        const [, prediction, score] = result.results[index] ?? [];
        expect(prediction?.keys()).toEqual([]);
        expect(score).toBe(FAILURE_SCORE);
      }

      // The score is the one the scripted outcomes imply.
      let sum = 0;
      for (let index = 0; index < EXAMPLES; index++) {
        if (planOf(index)?.exhausts) sum += FAILURE_SCORE;
        else sum += answerOf(index) === `A${index}` ? 1 : 0;
      }
      expect(result.score).toBe(pyRound((100 * sum) / EXAMPLES, 2));

      // Retries are bounded, and each example cost exactly what its script implies.
      const requests = server.chatRequests.length - warmup;
      expect(requests).toBeLessThanOrEqual(EXAMPLES * (NUM_RETRIES + 1));
      for (let index = 0; index < EXAMPLES; index++) {
        expect(attempts.get(index), `requests for example ${index}`).toBe(expectedRequests(index));
      }
      expect(requests).toBe(devset.reduce((total, _, index) => total + expectedRequests(index), 0));

      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  }, 30_000);
});
