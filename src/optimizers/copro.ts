import { DSPyError } from "../errors/dspy-error.js";
import { Evaluate, type EvaluateOptions } from "../evaluate/evaluate.js";
import { detachedRunContext, type RunContext } from "../evaluate/run-context.js";
import type { BaseLM } from "../lm/base-lm.js";
import type { Example } from "../primitives/example.js";
import { deepcopyModule } from "../primitives/module-copy.js";
import { throwIfCancelled } from "./cancelled.js";
import { compileWithCallbacks } from "./compile-with-callbacks.js";
import { applyProposals, type CoproCandidate, predictorSignatures, propose } from "./copro-program.js";
import { BASIC_GENERATE_INSTRUCTION, GENERATE_INSTRUCTION_GIVEN_ATTEMPTS } from "./copro-signatures.js";
import {
  appendStats,
  attempts,
  byScore,
  type CoproProgress,
  type CoproStats,
  cleanProposal,
  coproFingerprint,
  emptyStats,
  type Proposal,
} from "./copro-state.js";
import { type OptimizerLogger, silentInfoLogger } from "./optimizer-logger.js";
import type { OptimizerMetric, Program } from "./program.js";
import { scopedRunContext } from "./scoped-run-context.js";

/** Options for {@link COPRO}; defaults are DSPy 3.4.1's. */
export interface COPROOptions {
  /** Scores each program on the trainset. */
  metric: OptimizerMetric;
  /** Writes the proposals (default: the LM in the settings context). */
  promptModel?: BaseLM | undefined;
  /** New proposals per predictor per round; must be more than 1 (default 10). */
  breadth?: number | undefined;
  /** Rounds of scoring, each followed (except the last) by a round of proposals (default 3). */
  depth?: number | undefined;
  /** Temperature of the proposal calls (default 1.4). */
  initTemperature?: number | undefined;
  /** Attach per-depth score statistics to the result (default false). */
  trackStats?: boolean | undefined;
  /** Where COPRO's progress lines go (DSPy logs them at INFO). */
  logger?: OptimizerLogger | undefined;
}

/** What {@link COPRO.compile} takes besides the student. */
export interface COPROCompileOptions {
  trainset: readonly Example[];
  /** Extra `Evaluate` options (DSPy's `eval_kwargs`), e.g. `{ numThreads: 4 }`. */
  evalOptions?: Omit<Partial<EvaluateOptions>, "devset" | "metric"> | undefined;
}

/** The best program, with what COPRO found along the way. */
export type COPROResult<P extends Program> = P & {
  /** Every distinct scored program, best first (DSPy's `candidate_programs`). */
  readonly candidatePrograms: CoproCandidate<P>[];
  /** Evaluations run (DSPy's `total_calls`). */
  readonly totalCalls: number;
  /** With `trackStats`, per predictor name: the top 10 scores' statistics after each depth. */
  readonly resultsBest?: Record<string, CoproStats>;
  /** With `trackStats`, per predictor name: statistics of the newest candidates at each depth. */
  readonly resultsLatest?: Record<string, CoproStats>;
};

const CHECKPOINT_KEY = "copro";

/**
 * DSPy's COPRO: coordinate ascent over each predictor's instructions and last output prefix. A
 * prompt model proposes `breadth` instructions per predictor; each is scored by evaluating the
 * whole program on the trainset; the best is kept, and the best so far are shown back to the
 * prompt model (worst to best, with scores) for the next round. Same loop, prompts, tie rules
 * and result as DSPy 3.4.1, so the same LM answers give the same program.
 *
 * Emits `trial-start`/`trial-end` per evaluation and checkpoints after each, so a resumed run
 * pays only for the evaluations (and proposal rounds) it had not finished.
 *
 * @example
 * const copro = new COPRO({ metric: answerExactMatch, promptModel, breadth: 4, depth: 2 });
 * const best = await context({ lm }, () => copro.compile(new ChainOfThought("question -> answer"), { trainset }));
 * best.candidatePrograms[0].score;
 */
export class COPRO {
  readonly metric: OptimizerMetric;
  readonly promptModel: BaseLM | undefined;
  readonly breadth: number;
  readonly depth: number;
  readonly initTemperature: number;
  readonly trackStats: boolean;
  readonly #logger: OptimizerLogger;

  constructor(options: COPROOptions) {
    this.breadth = options.breadth ?? 10;
    if (this.breadth <= 1) throw new DSPyError("Breadth must be greater than 1", { code: "value_error" });
    this.metric = options.metric;
    this.promptModel = options.promptModel;
    this.depth = options.depth ?? 3;
    this.initTemperature = options.initTemperature ?? 1.4;
    this.trackStats = options.trackStats ?? false;
    this.#logger = options.logger ?? silentInfoLogger;
  }

  /**
   * Optimizes the student's instructions; the student is untouched.
   *
   * @example
   * const best = await copro.compile(student, { trainset, evalOptions: { numThreads: 4 } }, runContext);
   */
  compile<P extends Program>(
    student: P,
    options: COPROCompileOptions,
    context: RunContext = detachedRunContext(),
  ): Promise<COPROResult<P>> {
    return compileWithCallbacks(this, { student, ...options }, () => this.#compile(student, options, context));
  }

  async #compile<P extends Program>(
    student: P,
    options: COPROCompileOptions,
    context: RunContext,
  ): Promise<COPROResult<P>> {
    const { trainset } = options;
    const base = deepcopyModule(student);
    const names = base.namedPredictors().map(([name]) => name);
    const P = names.length;
    const evaluate = new Evaluate({ ...options.evalOptions, devset: trainset, metric: this.metric });
    const settingsKey = { breadth: this.breadth, depth: this.depth, t: this.initTemperature, names };
    const fingerprint = coproFingerprint(trainset, settingsKey);
    const saved = context.resumed ? ((await context.restore(CHECKPOINT_KEY)) as CoproProgress | undefined) : undefined;
    const state = saved?.fingerprint === fingerprint ? saved : await this.#seed(base, fingerprint, context);
    context.setPartial(() =>
      state.evaluated.map((entries) => entries.map(({ instruction, score }) => ({ instruction, score }))),
    );
    const totalEvaluations =
      P === 1 ? this.breadth * this.depth : (P * this.breadth * this.depth * (this.depth + 1)) / 2;

    while (state.depth < this.depth) {
      const d = state.depth;
      if (state.predictor === 0 && state.candidate === 0) {
        this.#logger.info(`Iteration Depth: ${d + 1}/${this.depth}.`);
        state.latestScores = [];
      }
      while (state.predictor < P) {
        const p = state.predictor;
        // One predictor: score the newest batch. Several: rescore everything, the others changed.
        const candidates = P > 1 ? (state.all[p] as Proposal[]) : (state.latest[p] as Proposal[]);
        while (state.candidate < candidates.length) {
          throwIfCancelled(context.signal, "COPRO");
          await this.#evaluateCandidate(base, state, candidates, evaluate, context, totalEvaluations);
        }
        if (this.trackStats) appendStats(state.resultsLatest[p] as CoproStats, d, state.latestScores);
        // Keep the first best candidate in the program being edited.
        const best = firstBest(state.evaluated[p] ?? []);
        if (best) state.current[p] = [best.instruction, best.prefix];
        state.predictor = p + 1;
        state.candidate = 0;
        await context.checkpoint(CHECKPOINT_KEY, state);
      }
      if (d === this.depth - 1) break;
      await this.#proposeNext(state, d, context);
    }

    const programs = state.evaluated.flat().map((entry) => ({
      score: entry.score,
      program: applyProposals(student, entry.program),
      instruction: entry.instruction,
      prefix: entry.prefix,
      depth: entry.depth,
    }));
    if (this.trackStats) {
      state.evaluated.forEach((entries, p) => {
        appendStats(
          state.resultsBest[p] as CoproStats,
          state.depth,
          byScore(entries)
            .slice(0, 10)
            .map((e) => e.score),
        );
      });
    }
    // DSPy then runs `_drop_duplicates`, which compares the predictors' last fields as pydantic
    // FieldInfo objects: those compare by identity, and every evaluation makes new ones, so it
    // never drops anything. Keeping every candidate is the same result.
    const candidates = byScore(programs);
    const first = candidates[0];
    if (!first)
      throw new DSPyError("COPRO found no candidate: the program has no predictors.", { code: "value_error" });
    const extras: Record<string, unknown> = { candidatePrograms: candidates, totalCalls: state.totalCalls };
    if (this.trackStats) {
      extras.resultsBest = Object.fromEntries(names.map((name, p) => [name, state.resultsBest[p]]));
      extras.resultsLatest = Object.fromEntries(names.map((name, p) => [name, state.resultsLatest[p]]));
    }
    // Not enumerable: not part of the program's state (and they hold other programs).
    for (const [key, value] of Object.entries(extras)) {
      Object.defineProperty(first.program, key, { value, configurable: true, writable: true });
    }
    return first.program as COPROResult<P>;
  }

  // The first proposals: breadth - 1 per predictor, plus its original instruction and prefix.
  async #seed(base: Program, fingerprint: string, context: RunContext): Promise<CoproProgress> {
    const original = predictorSignatures(base);
    const all: Proposal[][] = [];
    for (const [instruction, prefix] of original) {
      throwIfCancelled(context.signal, "COPRO");
      const proposals = await propose(
        BASIC_GENERATE_INSTRUCTION,
        this.breadth - 1,
        this.initTemperature,
        this.promptModel,
        {
          basic_instruction: instruction,
        },
      );
      all.push([...proposals, [instruction, prefix]]);
    }
    const state: CoproProgress = {
      fingerprint,
      all,
      latest: all.map((proposals) => [...proposals]),
      evaluated: original.map(() => []),
      current: original.map((signature) => [...signature] as Proposal),
      depth: 0,
      predictor: 0,
      candidate: 0,
      latestScores: [],
      totalCalls: 0,
      resultsBest: original.map(emptyStats),
      resultsLatest: original.map(emptyStats),
    };
    await context.checkpoint(CHECKPOINT_KEY, state);
    return state;
  }

  async #evaluateCandidate(
    base: Program,
    state: CoproProgress,
    candidates: readonly Proposal[],
    evaluate: Evaluate,
    context: RunContext,
    totalEvaluations: number,
  ): Promise<void> {
    const { depth: d, predictor: p, candidate: c } = state;
    const [rawInstruction, rawPrefix] = candidates[c] as Proposal;
    const instruction = cleanProposal(rawInstruction);
    const prefix = cleanProposal(rawPrefix);
    state.current[p] = [instruction, prefix];
    const P = state.current.length;
    this.#logger.info(
      `At Depth ${d + 1}/${this.depth}, Evaluating Prompt Candidate #${c + 1}/${candidates.length} for ` +
        `Predictor ${p + 1} of ${P}.`,
    );
    const trial = state.totalCalls;
    context.emit({ type: "trial-start", trial, detail: { depth: d, predictor: p, candidate: c } });
    const inner = scopedRunContext(context, { prefix: `eval:${trial}/`, forward: () => false });
    const program = applyProposals(base, state.current);
    const { score } = await evaluate.run(program, { runContext: inner });
    state.totalCalls += 1;
    const evaluated = state.evaluated[p] as CoproProgress["evaluated"][number];
    const existing = evaluated.findIndex((entry) => entry.instruction === instruction && entry.prefix === prefix);
    // A later equal score does not replace an earlier one; a replaced entry keeps its place.
    const entry = { instruction, prefix, score, depth: d, program: state.current.map((s) => [...s] as Proposal) };
    if (existing < 0) evaluated.push(entry);
    else if ((evaluated[existing] as (typeof evaluated)[number]).score < score) evaluated[existing] = entry;
    if (candidates.length - this.breadth <= c) state.latestScores.push(score);
    state.candidate = c + 1;
    await context.checkpoint(CHECKPOINT_KEY, state);
    context.emit({ type: "trial-end", trial, score, detail: { depth: d, predictor: p, candidate: c } });
    context.emit({ type: "progress-update", done: state.totalCalls, total: totalEvaluations });
  }

  // After depth d: new proposals per predictor from its best candidates so far.
  async #proposeNext(state: CoproProgress, d: number, context: RunContext): Promise<void> {
    const latest: Proposal[][] = [];
    for (const [p, evaluated] of state.evaluated.entries()) {
      throwIfCancelled(context.signal, "COPRO");
      if (this.trackStats) {
        appendStats(
          state.resultsBest[p] as CoproStats,
          d,
          byScore(evaluated)
            .slice(0, 10)
            .map((e) => e.score),
        );
      }
      const proposals = await propose(
        GENERATE_INSTRUCTION_GIVEN_ATTEMPTS,
        this.breadth,
        this.initTemperature,
        this.promptModel,
        {
          attempted_instructions: attempts(evaluated, this.breadth),
        },
      );
      latest.push(proposals);
      state.all[p]?.push(...proposals);
    }
    state.latest = latest;
    state.depth = d + 1;
    state.predictor = 0;
    state.candidate = 0;
    await context.checkpoint(CHECKPOINT_KEY, state);
  }
}

/** Python's `max(..., key=score)`: the first of the highest scores. */
function firstBest<T extends { score: number }>(entries: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const entry of entries) if (!best || entry.score > best.score) best = entry;
  return best;
}
