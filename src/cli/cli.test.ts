import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ScriptedRule, ScriptedServer } from "../test/scripted-server.js";

const main = join(import.meta.dirname, "main.ts");
const fixtures = join(import.meta.dirname, "__fixtures__");
const program = join(fixtures, "qa-program.ts");
const capitals = join(fixtures, "capitals.jsonl");
const API_KEY = "sk-test-cli-0123456789abcdef";
const capitalOf: Record<string, string> = { France: "Paris", Japan: "Tokyo", Italy: "Rome", Peru: "Cusco" };

/** The scripted LM knows every capital but Peru's (the metric then scores 3 of 4: 75%). */
function answerRules(latencyMs = 0): ScriptedRule[] {
  return Object.entries(capitalOf).map(([country, capital]) => ({
    match: `capital of ${country}?`,
    reply: `[[ ## answer ## ]]\n${capital}\n\n[[ ## completed ## ]]`,
    latencyMs,
  }));
}

let server: ScriptedServer;
beforeAll(async () => {
  server = await ScriptedServer.start({ rules: answerRules() });
});
afterAll(async () => {
  await server.close();
});

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts the CLI as users run it (through tsx), offline: the LM is the scripted server. */
function start(args: string[]): { child: ChildProcess; done: Promise<CliRun>; stderr: () => string } {
  const child = spawn(process.execPath, ["--import", "tsx", main, ...args], {
    env: { ...process.env, OPENAI_API_KEY: API_KEY, CI: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  const done = new Promise<CliRun>((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
  return { child, done, stderr: () => stderr };
}

const cli = (args: string[]) => start(args).done;
const lmFlags = () => ["--model", "openai/gpt-4o-mini", "--base-url", server.baseURL, "--no-cache"];

describe("dspy-typescript CLI", () => {
  it("eval scores the program with the module's metric; --json gives per-example results", async () => {
    const before = server.chatRequests.length;
    const text = await cli(["eval", program, capitals, ...lmFlags()]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^Score: 75% on 4 examples/);
    expect(text.stderr).toContain("[evaluate] 4/4 (100%)"); // plain progress lines off a TTY

    const json = await cli(["eval", program, capitals, ...lmFlags(), "--json", "--concurrency", "2"]);
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({ status: "succeeded", score: 75, total: 4, failed: 0 });
    expect(report.results[3]).toEqual({
      index: 3,
      inputs: { question: "What is the capital of Peru?" },
      outputs: { answer: "Cusco" },
      score: 0,
    });
    expect(json.stderr).toBe(""); // --json keeps stderr clean too
    expect(server.chatRequests.length - before).toBe(8);
    expect(server.chatRequests.at(-1)?.headers.authorization).toBe(`Bearer ${API_KEY}`);
  }, 60_000);

  it("run prints the outputs, in dataset order", async () => {
    const result = await cli(["run", program, capitals, ...lmFlags()]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe("[0] answer: Paris\n[1] answer: Tokyo\n[2] answer: Rome\n[3] answer: Cusco\n");
  }, 30_000);

  it("exit code 3 with file and line for bad input files; 2 for bad flags; 2 for an unknown bridge command", async () => {
    const cases: [string[], number, RegExp][] = [
      [["eval", program, join(fixtures, "broken.jsonl"), ...lmFlags()], 3, /broken\.jsonl:2: not valid JSON/],
      [
        ["eval", program, join(fixtures, "missing-input.jsonl"), ...lmFlags()],
        3,
        /missing-input\.jsonl:2: missing input field 'question'/,
      ],
      [["eval", program, join(fixtures, "nope.jsonl"), ...lmFlags()], 3, /nope\.jsonl: dataset not found/],
      [
        ["eval", join(fixtures, "no-program.ts"), capitals, ...lmFlags()],
        3,
        /must export `program`.*exports: something/,
      ],
      [
        ["eval", program, capitals, "--concurrency", "zero"],
        2,
        /--concurrency must be an integer from 1 to 1024, got 'zero'/,
      ],
      [["eval", program, capitals, "--frobnicate"], 2, /Unknown option '--frobnicate'/],
      [["eval", program], 2, /takes a program module and a JSONL dataset, got 1 argument/],
      [["eval", program, capitals], 2, /No LM: pass --model/],
      [["optimize", program, capitals, ...lmFlags()], 2, /needs --out/],
      [["wat"], 2, /unknown command 'wat'/],
      [["bridge", "frobnicate"], 2, /the only bridge command is 'bridge setup'/],
    ];
    const results = await Promise.all(cases.map(([args]) => cli(args)));
    results.forEach((result, index) => {
      const [args, code, message] = cases[index] as [string[], number, RegExp];
      expect(result.code, args.join(" ")).toBe(code);
      expect(result.stderr, args.join(" ")).toMatch(message);
      expect(result.stdout).toBe("");
    });
  }, 60_000);

  it("exit code 1 when the job fails, without the API key in the message", async () => {
    server.rules = [{ fault: { type: "status", status: 401, message: `Incorrect API key provided: ${API_KEY}` } }];
    try {
      const stopped = await cli(["eval", program, capitals, ...lmFlags(), "--max-errors", "1", "--concurrency", "1"]);
      expect(stopped.code).toBe(1);
      expect(stopped.stderr).toMatch(/Job failed: /);
      const allFailed = await cli(["run", program, capitals, ...lmFlags(), "--json"]);
      expect(allFailed.code).toBe(1);
      const report = JSON.parse(allFailed.stdout);
      expect(report.status).toBe("failed");
      expect(report.failed).toBe(4);
      for (const output of [stopped.stdout, stopped.stderr, allFailed.stdout, allFailed.stderr]) {
        expect(output).not.toContain(API_KEY);
      }
    } finally {
      server.rules = answerRules();
    }
  }, 60_000);

  it("Ctrl-C cancels the job gracefully (exit 130); the same --run-id resumes with only the unfinished examples", async () => {
    const store = join(mkdtempSync(join(tmpdir(), "dspy-cli-")), "runs.db");
    server.rules = answerRules(3_000);
    try {
      const args = ["eval", program, capitals, ...lmFlags(), "--store", store, "--run-id", "r1", "--concurrency", "1"];
      const sent = server.chatRequests.length;
      const first = start(args);
      // Example 0 is done and example 1's request (3 s to answer) has reached the server.
      while (!first.stderr().includes("[evaluate] 1/4") || server.chatRequests.length < sent + 2) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const startedAt = Date.now();
      first.child.kill("SIGINT");
      const cancelled = await first.done;
      // Cancelling aborts the request in flight rather than waiting for its answer.
      expect(Date.now() - startedAt).toBeLessThan(2_500);
      expect(cancelled.code, cancelled.stderr).toBe(130);
      expect(cancelled.stderr).toContain("Cancelling the job (SIGINT)");
      expect(cancelled.stderr).toMatch(/Cancelled after 1 of 4 examples\.\nResume with: .* --run-id r1/);
      // No example was started after SIGINT.
      expect(server.chatRequests.length).toBe(sent + 2);

      server.rules = answerRules();
      const resumedFrom = server.chatRequests.length;
      const resumed = await cli([...args, "--json"]);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(JSON.parse(resumed.stdout)).toMatchObject({ runId: "r1", score: 75, total: 4 });
      expect(server.chatRequests.length - resumedFrom).toBe(3);

      const inspected = await cli(["inspect", "--store", store, "r1", "--json"]);
      expect(inspected.code).toBe(0);
      const summary = JSON.parse(inspected.stdout);
      expect(summary.run).toMatchObject({ runId: "r1", status: "succeeded" });
      expect(summary.results).toHaveLength(4);
      expect(summary.events).toBeGreaterThan(8);
    } finally {
      server.rules = answerRules();
    }
  }, 60_000);

  it("optimize saves the compiled program; inspect lists the run and rejects unknown ones", async () => {
    const folder = mkdtempSync(join(tmpdir(), "dspy-cli-"));
    const store = join(folder, "runs.db");
    const out = join(folder, "qa.json");
    const result = await cli([
      "optimize",
      program,
      capitals,
      ...lmFlags(),
      "--out",
      out,
      "--store",
      store,
      "--run-id",
      "o1",
      "--max-demos",
      "2",
      "--json",
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ runId: "o1", optimizer: "bootstrap", demos: { self: 4 } });
    expect(existsSync(out)).toBe(true);
    const saved = JSON.parse(readFileSync(out, "utf8"));
    // 2 bootstrapped demos (the LM's right answers), then labeled ones up to 16 from the rest.
    expect(saved.demos.filter((demo: { augmented?: boolean }) => demo.augmented)).toHaveLength(2);

    const listed = await cli(["inspect", "--store", store]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^o1 {2}BootstrapFewShot {2}succeeded/);

    // Random search keeps its scored candidates in the store; inspect lists them and prints one.
    const searched = await cli([
      "optimize",
      program,
      capitals,
      ...lmFlags(),
      "--optimizer",
      "random-search",
      "--candidates",
      "1",
      "--out",
      join(folder, "rs.json"),
      "--store",
      store,
      "--run-id",
      "rs1",
      "--json",
    ]);
    expect(searched.code, searched.stderr).toBe(0);
    const shown = JSON.parse((await cli(["inspect", "--store", store, "rs1", "--json"])).stdout);
    expect(shown.candidates).toHaveLength(4); // seeds -3..0
    expect(shown.candidates.filter((candidate: { chosen: boolean }) => candidate.chosen)).toHaveLength(1);
    const text = await cli(["inspect", "--store", store, "rs1"]);
    expect(text.stdout).toContain("candidates: 4");
    const chosen = shown.candidates.find((candidate: { chosen: boolean }) => candidate.chosen).index;
    const printed = await cli(["inspect", "--store", store, "rs1", "--candidate", String(chosen)]);
    expect(printed.stdout).toBe(readFileSync(join(folder, "rs.json"), "utf8")); // byte for byte what save() wrote
    const absent = await cli(["inspect", "--store", store, "rs1", "--candidate", "9"]);
    expect(absent.code).toBe(3);
    const unknown = await cli(["inspect", "--store", store, "nope"]);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain("No run 'nope'");
    const missing = await cli(["inspect", "--store", join(folder, "missing.db")]);
    expect(missing.code).toBe(3);
  }, 60_000);

  it("--serve shows the job on the dashboard, whose cancel really stops it", async () => {
    server.rules = answerRules(1_000);
    try {
      const running = start([
        "eval",
        program,
        capitals,
        ...lmFlags(),
        "--serve",
        "--port",
        "0",
        "--run-id",
        "served",
        "--concurrency",
        "1",
      ]);
      let url: string | undefined;
      while (url === undefined) {
        url = /Dashboard: (http:\/\/127\.0\.0\.1:\d+)\//.exec(running.stderr())?.[1];
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const run = await (await fetch(`${url}/api/runs/served`)).json();
      expect(run).toMatchObject({ run: { runId: "served", status: "running", live: true } });
      const page = await fetch(`${url}/`);
      expect(page.status).toBe(200);
      const cancel = await fetch(`${url}/api/runs/served/cancel`, { method: "POST" });
      expect(cancel.status).toBe(202);
      const ended = await running.done;
      expect(ended.code).toBe(1);
      expect(ended.stderr).toMatch(/Cancelled after \d of 4 examples/);
    } finally {
      server.rules = answerRules();
    }
  }, 60_000);
});
