import type { Prediction } from "../primitives/prediction.js";
import { buildGepaProgram, FailedPrediction, type GepaEvaluation } from "./gepa-evaluate.js";
import { attemptMerge, mergeSubsample } from "./gepa-merge.js";
import { makeReflectiveDataset, type ReflectiveDataset } from "./gepa-reflective-dataset.js";
import { type GepaIterationOutcome, type GepaRun, sumScores } from "./gepa-run.js";
import { addGepaCandidate, averageScore, type GepaCandidate } from "./gepa-state.js";
import { nextMinibatch, selectCandidate, selectComponents } from "./gepa-strategies.js";

/**
 * One iteration of gepa's engine: a scheduled merge if the last iteration found a program (its
 * outcome ends the iteration), else a reflective mutation.
 *
 * @example
 * const outcome = await gepaIteration(run);
 */
export async function gepaIteration(run: GepaRun): Promise<GepaIterationOutcome> {
  const { merge } = run.progress;
  if (run.settings.useMerge) {
    if (merge.mergesDue > 0 && merge.lastIterFoundNewProgram) {
      const outcome = await mergeIteration(run);
      merge.lastIterFoundNewProgram = false;
      if (outcome) return outcome;
    }
    merge.lastIterFoundNewProgram = false;
  }
  const outcome = await reflectiveIteration(run);
  if (outcome.skipped) {
    run.logger.info(
      `Iteration ${run.progress.state.iteration + 1}: Reflective mutation did not propose a new candidate`,
    );
  }
  return outcome;
}

/**
 * Evaluates a candidate on the whole valset and adds it (gepa's `_run_full_eval_and_add`).
 *
 * @example
 * const index = await fullEvaluationAndAdd(run, candidate, [parent]);
 */
export async function fullEvaluationAndAdd(run: GepaRun, candidate: GepaCandidate, parents: number[]): Promise<number> {
  const evaluation = await run.evaluate(candidate, run.valset, true);
  const { state } = run.progress;
  const discovery = state.totalEvals;
  state.totalEvals += run.valset.length;
  state.fullEvals += 1;
  const outputs = run.settings.trackBestOutputs ? evaluation.outputs.map(plainOutput) : undefined;
  return addGepaCandidate(state, parents, candidate, evaluation.scores, discovery, outputs);
}

/**
 * A prediction as plain JSON for `bestOutputs` (null for a failed example).
 *
 * @example
 * plainOutput(prediction); // { answer: "4" }
 */
export function plainOutput(output: Prediction | FailedPrediction | null): Record<string, unknown> | null {
  if (output === null) return null;
  if (output instanceof FailedPrediction) return { completionText: output.completionText };
  return Object.fromEntries(output.keys().map((key) => [key, output.get(key)]));
}

async function mergeIteration(run: GepaRun): Promise<GepaIterationOutcome | undefined> {
  const { state, merge } = run.progress;
  const iteration = state.iteration + 1;
  const attempt = attemptMerge(state, merge, run.rng);
  if (attempt === undefined) {
    run.logger.info(`Iteration ${iteration}: No merge candidates found`);
    return undefined;
  }
  const { candidate, id1, id2, ancestor } = attempt;
  merge.performedTriplets.push([id1, id2, ancestor]);
  run.logger.info(`Iteration ${iteration}: Merged programs ${id1} and ${id2} via ancestor ${ancestor}`);
  const scores1 = state.valSubscores[id1] as number[];
  const scores2 = state.valSubscores[id2] as number[];
  const ids = mergeSubsample(scores1, scores2, run.rng);
  if (ids.length === 0) return undefined;
  const evaluation = await run.evaluate(
    candidate,
    ids.map((id) => run.valset[id]).filter((example) => example !== undefined),
    false,
  );
  state.totalEvals += ids.length;
  const parentSums = [
    sumScores(ids.map((id) => scores1[id] as number)),
    sumScores(ids.map((id) => scores2[id] as number)),
  ];
  const newSum = sumScores(evaluation.scores);
  const base = {
    kind: "merge" as const,
    parents: [id1, id2],
    subsampleBefore: Math.max(...parentSums),
    subsampleSize: ids.length,
    subsampleAfter: newSum,
    proposal: candidate,
  };
  if (newSum >= Math.max(...parentSums)) {
    const index = await fullEvaluationAndAdd(run, candidate, [id1, id2]);
    merge.mergesDue -= 1;
    merge.totalMergesTested += 1;
    return { ...base, accepted: true, candidate: index, valScore: averageScore(state, index) };
  }
  run.logger.info(
    `Iteration ${iteration}: New program subsample score ${newSum} is worse than both parents [${parentSums.join(", ")}], skipping merge`,
  );
  return { ...base, accepted: false };
}

async function reflectiveIteration(run: GepaRun): Promise<GepaIterationOutcome> {
  const { state, sampler, merge } = run.progress;
  const iteration = state.iteration + 1;
  const parent = selectCandidate(run.settings.candidateSelection, state, run.rng);
  const ids = nextMinibatch(sampler, {
    trainsetSize: run.trainset.length,
    minibatchSize: run.settings.minibatchSize,
    iteration: state.iteration,
    rng: run.rng,
  });
  const batch = ids.map((id) => run.trainset[id]).filter((example) => example !== undefined);
  const parentCandidate = state.candidates[parent] as GepaCandidate;
  const before = await run.evaluate(parentCandidate, batch, true);
  state.totalEvals += batch.length;
  run.logger.info(`Iteration ${iteration}: Selected program ${parent} score: ${averageScore(state, parent)}`);
  const skip = (skipped: string): GepaIterationOutcome => ({
    kind: "reflective",
    accepted: false,
    skipped,
    parents: [parent],
    subsampleBefore: sumScores(before.scores),
    subsampleSize: batch.length,
  });
  if (!before.trajectories?.length) {
    run.logger.info(`Iteration ${iteration}: No trajectories for parent ${parent}. Skipping.`);
    return skip("no_trajectories");
  }
  if (run.settings.skipPerfectScore && before.scores.every((score) => score >= run.settings.perfectScore)) {
    run.logger.info(`Iteration ${iteration}: All subsample scores perfect for parent ${parent}. Skipping.`);
    return skip("all_scores_perfect");
  }
  const components = selectComponents(run.settings.componentSelection, state, parent);
  let dataset: ReflectiveDataset;
  try {
    dataset = await reflectiveDataset(run, parentCandidate, before, components);
  } catch (error) {
    if (run.context.signal.aborted) throw error;
    run.logger.info(`Iteration ${iteration}: Exception building reflective dataset: ${message(error)}`);
    return skip("reflective_dataset_failed");
  }
  const texts = await proposeWithRetry(run, parentCandidate, dataset, components);
  if (texts === undefined || Object.keys(texts).length === 0) {
    run.logger.info(`Iteration ${iteration}: Reflection returned no text updates; skipping proposal for this task.`);
    return skip("no_proposal");
  }
  for (const [name, text] of Object.entries(texts)) {
    run.logger.info(`Iteration ${iteration}: Proposed new text for ${name}: ${text}`);
  }
  const proposal: GepaCandidate = { ...parentCandidate, ...texts };
  const after = await run.evaluate(proposal, batch, true);
  state.totalEvals += batch.length;
  const oldSum = sumScores(before.scores);
  const newSum = sumScores(after.scores);
  const base = {
    kind: "reflective" as const,
    parents: [parent],
    subsampleBefore: oldSum,
    subsampleAfter: newSum,
    proposal,
  };
  const improved = run.settings.acceptanceCriterion === "improvement_or_equal" ? newSum >= oldSum : newSum > oldSum;
  if (!improved) {
    run.logger.info(
      `Iteration ${iteration}: New subsample score ${newSum} is not better than old score ${oldSum}, skipping`,
    );
    return { ...base, accepted: false };
  }
  run.logger.info(
    `Iteration ${iteration}: Accepted candidate (subsample score ${oldSum} -> ${newSum}); running full eval.`,
  );
  const index = await fullEvaluationAndAdd(run, proposal, [parent]);
  if (run.settings.useMerge) {
    merge.lastIterFoundNewProgram = true;
    if (merge.totalMergesTested < run.settings.maxMergeInvocations) merge.mergesDue += 1;
  }
  return { ...base, accepted: true, candidate: index, valScore: averageScore(state, index) };
}

function reflectiveDataset(run: GepaRun, candidate: GepaCandidate, evaluation: GepaEvaluation, components: string[]) {
  const warnings = { scoreMismatch: run.progress.warnScoreMismatch };
  return makeReflectiveDataset(evaluation, components, {
    program: buildGepaProgram(run.student, candidate),
    metric: run.metric,
    rng: run.adapterRng,
    addFormatFailureAsFeedback: run.settings.addFormatFailureAsFeedback,
    warnings,
    logger: run.logger,
  }).finally(() => {
    run.progress.warnScoreMismatch = warnings.scoreMismatch;
  });
}

// gepa retries a failed reflection once, then gives up on the iteration's proposal.
async function proposeWithRetry(
  run: GepaRun,
  candidate: GepaCandidate,
  reflectiveDataset: ReflectiveDataset,
  componentsToUpdate: string[],
): Promise<GepaCandidate | undefined> {
  const request = { candidate, reflectiveDataset, componentsToUpdate, signal: run.context.signal };
  try {
    return await run.propose(request);
  } catch (error) {
    if (run.context.signal.aborted) throw error;
    run.logger.info(`Batched reflection failed (${message(error)}); retrying per task.`);
  }
  try {
    return await run.propose(request);
  } catch (error) {
    if (run.context.signal.aborted) throw error;
    run.logger.info(`Per-task reflection failed: ${message(error)}`);
    return undefined;
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
