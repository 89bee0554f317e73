import { mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AbortError } from "../../src/errors/abort-error.js";
import { answerExactMatch } from "../../src/evaluate/answer-match.js";
import { LM } from "../../src/lm/lm.js";
import { BootstrapFewShotWithRandomSearch } from "../../src/optimizers/random-search.js";
import { Predict } from "../../src/predict/predict.js";
import { context } from "../../src/predict/settings.js";
import { Example } from "../../src/primitives/example.js";
import { savedProgramMetadata } from "../../src/primitives/program-file.js";
import { compileJob } from "../../src/runtime/compile-job.js";
import { evaluateJob } from "../../src/runtime/evaluate-job.js";
import { MemoryRunStore } from "../../src/runtime/memory-run-store.js";
import { createServer, type DashboardServer } from "../../src/server/create-server.js";
import { JobRegistry } from "../../src/server/job-registry.js";
import { ScriptedServer } from "../../src/test/scripted-server.js";

// Screenshots go to a temporary folder; `npm run docs:screenshots` points this at docs/.
const SCREENSHOTS = process.env.DSPY_SCREENSHOT_DIR ?? join(tmpdir(), "dspy-dashboard-e2e");
const CHROMIUM = process.env.DSPY_CHROMIUM ?? "/usr/bin/chromium";
const SECRET_KEY = "sk-e2e-0123456789abcdefghijklmnop";

const countries = ["France", "Peru", "Japan", "Kenya", "Chile", "Italy", "Egypt", "Nepal"];
const capitals: Record<string, string> = {
  France: "Paris",
  Peru: "Lima",
  Japan: "Tokyo",
  Kenya: "Nairobi",
  Chile: "Santiago",
  Italy: "Rome",
  Egypt: "Cairo",
  Nepal: "Kathmandu",
};

let llm: ScriptedServer;
let dashboard: DashboardServer;
let browser: Browser;
let url: string;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // Wrong for every third country unless demos show the way, so scores move and charts have a shape.
  llm = await ScriptedServer.start({
    rules: [
      {
        latencyMs: 60,
        reply: (request) => {
          const country = countries.find((name) => request.lastUserMessage.includes(`of ${name} #`)) ?? "France";
          // Demos in the prompt (more than system + user messages) fix the wrong answers.
          const withDemos = ((request.body?.messages as unknown[] | undefined)?.length ?? 0) > 2;
          const answer = countries.indexOf(country) % 3 === 2 && !withDemos ? "Atlantis" : capitals[country];
          return `[[ ## answer ## ]]\n${answer}\n\n[[ ## completed ## ]]`;
        },
      },
    ],
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });
});

afterAll(async () => {
  await browser?.close();
  await dashboard?.close();
  await llm?.close();
});

function devset(size: number): Example[] {
  return Array.from({ length: size }, (_, index) => {
    const country = countries[index % countries.length] as string;
    return new Example({
      question: `What is the capital of ${country} #${index}?`,
      answer: capitals[country],
    }).withInputs("question");
  });
}

async function chartPoints(page: Page): Promise<number> {
  const line = page.locator("#chart polyline");
  if ((await line.count()) === 0) return 0;
  const points = (await line.first().getAttribute("points"))?.trim();
  return points ? points.split(/\s+/).length : 0;
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("dashboard in headless Chromium", () => {
  it("shows a live evaluation, updates its chart and table, and cancels it from the button", async () => {
    const store = new MemoryRunStore();
    const jobs = new JobRegistry();
    dashboard = createServer({ store, jobs });
    url = await dashboard.listen();
    const lm = new LM("openai/gpt-4o-mini", { baseURL: llm.baseURL, apiKey: SECRET_KEY, cache: false });
    const job = context({ lm }, () =>
      evaluateJob(new Predict("question -> answer"), {
        devset: devset(400),
        metric: answerExactMatch,
        runId: "e2e-live",
        store,
        numThreads: 2,
      }),
    );
    jobs.add(job);

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(String(error)));
    await page.goto(`${url}/`);
    await page.locator("#runs li", { hasText: "e2e-live" }).click();
    await waitFor(
      async () => ((await page.locator("#run-status").textContent()) ?? "").startsWith("running"),
      "status running",
    );

    // The chart is redrawn from the event stream while the job runs.
    await waitFor(async () => (await chartPoints(page)) >= 3, "first chart points");
    const early = await chartPoints(page);
    await waitFor(async () => (await chartPoints(page)) >= early + 5, "more chart points");
    expect(await page.locator("#results tr").count()).toBeGreaterThan(0);
    // LM calls and tokens per model, from the job's lm-call events.
    const lmRow = page.locator("#lm tr", { hasText: "openai/gpt-4o-mini" });
    await waitFor(async () => (await lmRow.count()) === 1, "the LM usage row");
    const [calls, inputTokens] = (await lmRow.locator("td.num").allTextContents()).map(Number);
    expect(calls).toBeGreaterThan(0);
    expect(inputTokens).toBeGreaterThan(0);
    const progress = await page.locator("#progress-text").textContent();
    expect(progress).toMatch(/\d+ \/ 400/);
    await page.screenshot({ path: join(SCREENSHOTS, "dashboard-running.png") });

    // Each row opens onto the exact messages its LM call sent and the text that came back.
    await page.locator("#results tr").first().locator("summary").click();
    const prompt = page.locator("#results tr").first().locator("pre");
    await waitFor(async () => ((await prompt.textContent()) ?? "").includes("[response]"), "the prompt");
    const shown = (await prompt.textContent()) ?? "";
    expect(shown).toContain("── call 1 · openai/gpt-4o-mini ──");
    expect(shown).toContain("[system]\nYour input fields are:");
    expect(shown).toContain("[user]\n[[ ## question ## ]]\nWhat is the capital of France #0?");
    expect(shown).toContain("[response]\n[[ ## answer ## ]]\nParis");
    // It stays open while the table refreshes under it.
    const refreshedAt = await chartPoints(page);
    await waitFor(async () => (await chartPoints(page)) > refreshedAt + 2, "a refresh");
    expect(await page.locator("#results tr").first().locator("details").getAttribute("open")).not.toBeNull();
    await page.locator("#results tr").first().locator("details").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, "dashboard-prompt.png") });

    // The cancel button stops the job itself: its result rejects and no LM request starts afterwards.
    expect(await page.locator("#cancel").isEnabled()).toBe(true);
    await page.locator("#cancel").click();
    const outcome = await job.result.then(
      () => "finished",
      (error: unknown) => error,
    );
    expect(outcome).toBeInstanceOf(AbortError);
    await waitFor(
      async () => ((await page.locator("#run-status").textContent()) ?? "").startsWith("cancelled"),
      "status cancelled",
    );
    expect(await page.locator("#cancel").isDisabled()).toBe(true);
    expect(await page.locator("#cancel-message").textContent()).toBe("");
    const requestsAtCancel = llm.requests.length;
    expect(requestsAtCancel).toBeLessThan(400);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(llm.requests.length).toBe(requestsAtCancel);
    await page.screenshot({ path: join(SCREENSHOTS, "dashboard-cancelled.png") });

    // The key the LM was given never reaches the page.
    expect(await page.content()).not.toContain(SECRET_KEY);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it("charts an optimizer's score per trial as its trials end", async () => {
    const store = new MemoryRunStore();
    const jobs = new JobRegistry();
    const server = createServer({ store, jobs });
    const base = await server.listen();
    const lm = new LM("openai/gpt-4o-mini", { baseURL: llm.baseURL, apiKey: SECRET_KEY, cache: false });
    const optimizer = new BootstrapFewShotWithRandomSearch({
      metric: answerExactMatch,
      numCandidatePrograms: 4,
      maxBootstrappedDemos: 2,
      maxLabeledDemos: 2,
      numThreads: 4,
      logger: { info: () => {}, error: () => {} },
    });
    const examples = devset(24);
    const job = context({ lm }, () =>
      compileJob(
        optimizer,
        new Predict("question -> answer"),
        { trainset: examples.slice(0, 12), valset: examples.slice(12) },
        { runId: "e2e-optimizer", store },
      ),
    );
    jobs.add(job);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await page.goto(`${base}/#run=e2e-optimizer`);
      await waitFor(async () => (await chartPoints(page)) >= 2, "trial points");
      await job;
      const trials = (await store.listEvents("e2e-optimizer")).filter(({ event }) => event.type === "trial-end");
      await waitFor(async () => (await chartPoints(page)) === trials.length, "every trial charted");
      expect(trials.length).toBe(7); // seeds -3..3
      // Zero-shot (the first trial) misses the third countries; candidates with demos do not.
      expect(trials.map(({ event }) => (event as { score: number }).score)).toEqual([75, 100, 100, 100, 100, 100, 100]);
      expect(await page.locator("#chart text", { hasText: "score by trial" }).count()).toBe(1);
      await waitFor(
        async () => ((await page.locator("#run-status").textContent()) ?? "").startsWith("succeeded"),
        "done",
      );
      // The candidates it scored, the chosen one marked, each downloadable as DSPy JSON.
      await waitFor(async () => (await page.locator("#candidates tr").count()) === 7, "the candidate list");
      expect(await page.locator("#candidates tr.chosen").count()).toBe(1);
      const chosen = page.locator("#candidates tr.chosen");
      expect(await chosen.locator("td.num").textContent()).toBe("100");
      expect(await chosen.textContent()).toMatch(
        /self: Given the fields `question`, produce the fields `answer`\. · [1-4] demos?/,
      );
      const [download] = await Promise.all([page.waitForEvent("download"), chosen.locator("button").click()]);
      const saved = JSON.parse(await readFile((await download.path()) as string, "utf8"));
      const compiled = await job;
      expect(saved).toEqual({ ...JSON.parse(JSON.stringify(compiled.dumpState())), metadata: savedProgramMetadata() });
      await page.locator("#candidates-section").scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SCREENSHOTS, "dashboard-optimizer.png") });
    } finally {
      await page.close();
      await server.close();
    }
  });
});
