import { AbortError } from "../errors/abort-error.js";
import type { Evaluate } from "../evaluate/evaluate.js";
import type { RunContext } from "../evaluate/run-context.js";
import type { Example } from "../primitives/example.js";
import { deepcopyModule } from "../primitives/module-copy.js";
import type { Signature } from "../signatures/signature.js";
import type { PythonRandom } from "../utils/python-random.js";
import { throwIfCancelled } from "./cancelled.js";
import { createMinibatch } from "./mipro-auto.js";
import { MIPRO_KEYS, type MiproSearchProgress, readSearch, reviveProgram } from "./mipro-checkpoint.js";
import type { OptimizerLogger } from "./optimizer-logger.js";
import type { PredictorDemo } from "./predictor-demos.js";
import type { Program } from "./program.js";
import { scopedRunContext } from "./scoped-run-context.js";
import { TPESampler } from "./tpe-sampler.js";
import { TPEStudy } from "./tpe-study.js";

/** One evaluated program of a MIPROv2 search (DSPy's `score_data` entries). */
export interface MiproScoredProgram<P extends Program = Program> {
  score: number;
  program: P;
  fullEval: boolean;
}

/** What the search step needs (DSPy's `_optimize_prompt_parameters` arguments). */
export interface MiproSearchInput {
  instructionCandidates: string[][];
  demoCandidates: PredictorDemo[][][] | undefined;
  evaluate: Evaluate;
  valset: readonly Example[];
  numTrials: number;
  minibatch: boolean;
  minibatchSize: number;
  minibatchFullEvalSteps: number;
  seed: number;
  rng: PythonRandom;
  logger: OptimizerLogger;
  /** Identifies the run, so a checkpoint of another run is never resumed. */
  fingerprint: string;
}

/** The search's outcome: the best fully evaluated program and every evaluated one. */
export interface MiproSearchResult<P extends Program> {
  bestProgram: P;
  bestScore: number;
  scoreData: MiproScoredProgram<P>[];
}

type Params = Record<string, number>;
type Holder = { signature: Signature; demos: PredictorDemo[] };

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/**
 * DSPy's `eval_candidate_program`: the full valset, or a fresh `create_minibatch` (one `rng.sample`);
 * any error scores 0.0 rather than ending the run, as in DSPy.
 */
async function evalCandidate(
  batchSize: number,
  input: MiproSearchInput,
  program: Program,
  context: RunContext,
): Promise<number> {
  const devset = batchSize >= input.valset.length ? input.valset : createMinibatch(input.valset, batchSize, input.rng);
  try {
    return (await input.evaluate.run(program, { devset, runContext: context })).score;
  } catch (error) {
    // A cancelled run stops; only a failed evaluation scores 0.
    if (context.signal.aborted || error instanceof AbortError) throw error;
    input.logger.error(`An exception occurred during evaluation: ${String(error)}`);
    return 0.0;
  }
}

function distributions(input: MiproSearchInput): Record<string, number[]> {
  const result: Record<string, number[]> = {};
  input.instructionCandidates.forEach((list, i) => {
    result[`${i}_predictor_instruction`] = range(list.length);
    if (input.demoCandidates?.length) result[`${i}_predictor_demos`] = range(input.demoCandidates[i]?.length ?? 0);
  });
  return result;
}

/**
 * DSPy 3.4.1's step 3 of MIPROv2: full-evaluate the default program (Optuna trial 0), then
 * `numTrials` TPE trials over each predictor's `(instruction, demo set)` indices. With
 * minibatching, every `steps + 1`-th trial number (and the second-to-last) fully evaluates the
 * not-yet-fully-evaluated combination with the best *mean* minibatch score and adds it to the
 * study; only full evaluations can replace the best program, and only on a strict improvement.
 *
 * @example
 * const { bestProgram } = await searchPromptParameters(program, input, context);
 */
export async function searchPromptParameters<P extends Program>(
  program: P,
  input: MiproSearchInput,
  context: RunContext,
): Promise<MiproSearchResult<P>> {
  const { minibatch, numTrials, minibatchFullEvalSteps: steps, valset, logger } = input;
  const adjusted = minibatch
    ? numTrials + Math.trunc(numTrials / steps) + 1 + (numTrials % steps !== 0 ? 1 : 0)
    : numTrials;
  const inner = scopedRunContext(context, { prefix: "eval/", forward: () => false });
  const study = new TPEStudy(new TPESampler({ seed: input.seed, multivariate: true }), "maximize");
  const dists = distributions(input);
  const saved = context.resumed ? readSearch(await context.restore(MIPRO_KEYS.search), input.fingerprint) : undefined;
  let bestScore: number;
  let bestProgram: P;
  let scoreData: MiproScoredProgram<P>[];
  // DSPy's param_score_dict: insertion-ordered, so ties in the mean keep first-seen order.
  let paramScores: Map<string, { scores: number[]; program: P; params: Params }>;
  let fullyEvaluated: Set<string>;
  if (saved) {
    // The study is rebuilt from its finished trials; with both generators restored, the
    // sampler draws exactly what it would have drawn next.
    for (const trial of saved.trials) study.addTrial(trial);
    study.sampler.setState(saved.sampler);
    input.rng.setstate(saved.rng);
    bestScore = saved.bestScore;
    bestProgram = reviveProgram(program, saved.bestProgram);
    scoreData = saved.scoreData.map((entry) => ({ ...entry, program: reviveProgram(program, entry.program) }));
    paramScores = new Map(
      saved.paramScores.map(([key, entry]) => [key, { ...entry, program: reviveProgram(program, entry.program) }]),
    );
    fullyEvaluated = new Set(saved.fullyEvaluated);
  } else {
    const defaultScore = await evalCandidate(valset.length, input, program, inner);
    bestScore = defaultScore;
    bestProgram = deepcopyModule(program);
    scoreData = [{ score: defaultScore, program: deepcopyModule(program), fullEval: true }];
    paramScores = new Map();
    fullyEvaluated = new Set();
    const defaultParams = Object.fromEntries(Object.keys(dists).map((name) => [name, 0]));
    study.addTrial({ params: defaultParams, distributions: dists, value: defaultScore });
  }
  const save = (done: number) =>
    context.checkpoint(MIPRO_KEYS.search, {
      fingerprint: input.fingerprint,
      done,
      trials: study.trials.map(({ params, distributions, value }) => ({
        params,
        distributions,
        value: value as number,
      })),
      sampler: study.sampler.getState(),
      rng: input.rng.getstate(),
      bestScore,
      bestProgram: bestProgram.dumpState(),
      scoreData: scoreData.map((entry) => ({ ...entry, program: entry.program.dumpState() })),
      paramScores: [...paramScores].map(([key, entry]) => [key, { ...entry, program: entry.program.dumpState() }]),
      fullyEvaluated: [...fullyEvaluated],
    } satisfies MiproSearchProgress);
  if (!saved) await save(0);

  for (let t = saved?.done ?? 0; t < numTrials; t++) {
    throwIfCancelled(context.signal, "MIPROv2");
    const trial = study.ask();
    const trialNum = trial.number + 1;
    context.emit({ type: "trial-start", trial: trialNum, detail: { minibatch } });
    const candidate = deepcopyModule(program);
    const chosen: string[] = [];
    const params: Params = {};
    candidate.predictors().forEach((predictor, i) => {
      const holder = predictor as unknown as Holder;
      const instructions = input.instructionCandidates[i] as string[];
      const instructionIndex = trial.suggestCategorical(`${i}_predictor_instruction`, range(instructions.length));
      holder.signature = holder.signature.withInstructions(instructions[instructionIndex] as string);
      chosen.push(`Predictor ${i}: Instruction ${instructionIndex}`);
      params[`${i}_predictor_instruction`] = instructionIndex;
      const sets = input.demoCandidates?.[i];
      if (input.demoCandidates?.length && sets) {
        const demosIndex = trial.suggestCategorical(`${i}_predictor_demos`, range(sets.length));
        holder.demos = [...(sets[demosIndex] as PredictorDemo[])];
        chosen.push(`Predictor ${i}: Few-Shot Set ${demosIndex}`);
        params[`${i}_predictor_demos`] = demosIndex;
      }
    });
    const batchSize = minibatch ? input.minibatchSize : valset.length;
    const score = await evalCandidate(batchSize, input, candidate, inner);
    if (!minibatch && score > bestScore) {
      bestScore = score;
      bestProgram = deepcopyModule(candidate);
    }
    scoreData.push({ score, program: candidate, fullEval: batchSize >= valset.length });
    logger.info(`Score: ${score} with parameters ${JSON.stringify(chosen)}.`);
    const key = chosen.join(",");
    const entry = paramScores.get(key);
    if (entry) entry.scores.push(score);
    else paramScores.set(key, { scores: [score], program: candidate, params });

    if (minibatch && (trialNum % (steps + 1) === 0 || trialNum === adjusted - 1)) {
      const best = highestMean(paramScores, fullyEvaluated);
      const fullScore = await evalCandidate(valset.length, input, best.program, inner);
      scoreData.push({ score: fullScore, program: best.program, fullEval: true });
      study.addTrial({ params: best.params, distributions: dists, value: fullScore });
      fullyEvaluated.add(best.key);
      if (fullScore > bestScore) {
        bestScore = fullScore;
        bestProgram = deepcopyModule(best.program);
      }
      logger.info(`Full eval score: ${fullScore}; best full score so far: ${bestScore}`);
    }
    // Optuna completes the trial when the objective returns: after the full eval it added.
    study.tell(trial, score);
    await save(t + 1);
    context.emit({ type: "trial-end", trial: trialNum, score, detail: { params } });
  }
  return { bestProgram, bestScore, scoreData };
}

/** DSPy's `get_program_with_highest_avg_score` (a ValueError there when every combo is done). */
function highestMean<P extends Program>(
  paramScores: Map<string, { scores: number[]; program: P; params: Params }>,
  fullyEvaluated: ReadonlySet<string>,
): { key: string; program: P; params: Params } {
  const results = [...paramScores].map(([key, value]) => ({
    key,
    mean: value.scores.reduce((sum, s) => sum + s, 0) / value.scores.length,
    program: value.program,
    params: value.params,
  }));
  results.sort((a, b) => b.mean - a.mean);
  const found = results.find((result) => !fullyEvaluated.has(result.key));
  if (!found) throw new Error("No valid program found in param_score_dict");
  return found;
}
