import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { BootstrapFewShot } from "../optimizers/bootstrap-few-shot.js";
import { LabeledFewShot } from "../optimizers/labeled-few-shot.js";
import type { OptimizerMetric, Program } from "../optimizers/program.js";
import { BootstrapFewShotWithRandomSearch } from "../optimizers/random-search.js";
import { context } from "../predict/settings.js";
import type { Example } from "../primitives/example.js";
import type { Module } from "../primitives/module.js";
import { type CompilingOptimizer, compileJob } from "../runtime/compile-job.js";
import type { CliIo } from "./cli-io.js";
import { ExitCode, InputError, UsageError } from "./exit-codes.js";
import { reportUnfinished, resumeHint } from "./job-report.js";
import { prepareJob } from "./job-setup.js";
import { loadDataset } from "./load-dataset.js";
import { integerFlag, JOB_FLAGS, parseCommandLine, stringFlag } from "./parse-command-line.js";
import { superviseJob } from "./supervise-job.js";
import { COMMAND_USAGE } from "./usage.js";

const OPTIMIZE_FLAGS = {
  ...JOB_FLAGS,
  out: { type: "string" },
  optimizer: { type: "string" },
  valset: { type: "string" },
  "max-demos": { type: "string" },
  candidates: { type: "string" },
} as const;

const OPTIMIZERS = ["bootstrap", "random-search", "labeled"] as const;
type OptimizerName = (typeof OPTIMIZERS)[number];

/**
 * `dspy-typescript optimize <program> <train.jsonl> --out program.json`: compiles the program
 * with BootstrapFewShot (or random search, or labeled demos) as a resumable job and saves the
 * result in DSPy's JSON layout.
 *
 * @example
 * await optimizeCommand(["qa.ts", "train.jsonl", "--out", "qa.json", "--model", "openai/gpt-4o-mini"], io);
 */
export async function optimizeCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandLine(args, OPTIMIZE_FLAGS);
  if (parsed.values.help) {
    io.stdout.write(`${COMMAND_USAGE.optimize}\n`);
    return ExitCode.ok;
  }
  const out = stringFlag(parsed.values, "out");
  if (out === undefined) throw new UsageError("optimize needs --out <file.json> to save the optimized program.");
  const name = (stringFlag(parsed.values, "optimizer") ?? "bootstrap") as OptimizerName;
  if (!OPTIMIZERS.includes(name)) {
    throw new UsageError(`--optimizer must be one of ${OPTIMIZERS.join(", ")}, got '${name}'.`);
  }
  const maxDemos = integerFlag(parsed.values, "max-demos", 4, 0);
  const candidates = integerFlag(parsed.values, "candidates", 16, 1);
  const valsetPath = stringFlag(parsed.values, "valset");
  if (valsetPath !== undefined && name !== "random-search")
    throw new UsageError("--valset is for --optimizer random-search.");
  const outDir = dirname(resolve(io.cwd, out));
  if (!existsSync(outDir) || !statSync(outDir).isDirectory())
    throw new InputError(`${out}: folder ${outDir} does not exist.`);

  const setup = await prepareJob(parsed, io, { command: "optimize" });
  const { store, json } = setup;
  try {
    const inputKeys = [...(setup.examples[0]?.inputKeys ?? [])];
    const valset = valsetPath === undefined ? undefined : await loadDataset(valsetPath, io.cwd, inputKeys);
    const metric = setup.loaded.metric as OptimizerMetric;
    const trainset = setup.examples;
    const { optimizer, options } = optimizerFor(name, { metric, maxDemos, candidates, setup, trainset, valset });
    const job = context({ lm: setup.lm }, () =>
      compileJob(optimizer, setup.loaded.program, options, {
        runId: setup.runId,
        store,
        name: optimizer.constructor.name,
      }),
    );
    if (!json) io.stderr.write(`optimize ${job.runId}: ${optimizer.constructor.name} on ${trainset.length} examples\n`);
    const outcome = await superviseJob<Program>(job, io, { store, progress: !json, servePort: setup.servePort });
    if (outcome.status !== "succeeded") {
      const hint = resumeHint("optimize", `${parsed.positionals.join(" ")} --out ${out}`, setup.storePath, job.runId);
      return reportUnfinished(outcome, { runId: job.runId, rows: [], total: trainset.length, hint, json, io });
    }
    const compiled = outcome.value as Module & { candidatePrograms?: { score: number }[] };
    try {
      await compiled.save(resolve(io.cwd, out));
    } catch (error) {
      throw new InputError(`${out}: cannot save the optimized program: ${(error as Error).message}`);
    }
    const demos = Object.fromEntries(
      compiled.namedPredictors().map(([predictorName, predictor]) => [predictorName, demoCount(predictor)]),
    );
    const bestScore = compiled.candidatePrograms?.[0]?.score;
    if (json) {
      io.stdout.write(
        `${JSON.stringify({ runId: job.runId, status: "succeeded", optimizer: name, out, demos, bestScore })}\n`,
      );
    } else {
      const summary = Object.entries(demos)
        .map(([predictorName, count]) => `${predictorName}: ${count} demos`)
        .join(", ");
      const best = bestScore === undefined ? "" : ` (best validation score ${bestScore}%)`;
      io.stdout.write(`Saved the optimized program to ${out}${best}: ${summary}\n`);
    }
    return ExitCode.ok;
  } finally {
    await store.close();
  }
}

interface OptimizerChoice {
  metric: OptimizerMetric;
  maxDemos: number;
  candidates: number;
  setup: { concurrency: number; maxErrors: number };
  trainset: Example[];
  valset: Example[] | undefined;
}

function optimizerFor(
  name: OptimizerName,
  choice: OptimizerChoice,
): { optimizer: CompilingOptimizer<Program, unknown, Program>; options: unknown } {
  const { metric, maxDemos, trainset, valset, setup } = choice;
  const pair = (optimizer: CompilingOptimizer<Program, never, Program>, options: unknown) =>
    ({ optimizer, options }) as { optimizer: CompilingOptimizer<Program, unknown, Program>; options: unknown };
  switch (name) {
    case "labeled":
      return pair(new LabeledFewShot({ k: maxDemos }), { trainset });
    case "random-search":
      return pair(
        new BootstrapFewShotWithRandomSearch({
          metric,
          maxBootstrappedDemos: maxDemos,
          numCandidatePrograms: choice.candidates,
          numThreads: setup.concurrency,
          maxErrors: setup.maxErrors,
        }),
        { trainset, valset },
      );
    default:
      return pair(new BootstrapFewShot({ metric, maxBootstrappedDemos: maxDemos, maxErrors: setup.maxErrors }), {
        trainset,
      });
  }
}

function demoCount(predictor: unknown): number {
  return ((predictor as { demos?: unknown[] }).demos ?? []).length;
}
