import type { RunContext } from "../evaluate/run-context.js";
import type { Example } from "../primitives/example.js";
import { resetCopy } from "../primitives/module-copy.js";
import { PythonRandom } from "../utils/python-random.js";
import { BootstrapFewShot, type BootstrapFewShotOptions } from "./bootstrap-few-shot.js";
import { LabeledFewShot } from "./labeled-few-shot.js";
import type { Program } from "./program.js";

/** How the candidate for one seed of the random search is built. */
export interface CandidateRecipe {
  trainset: readonly Example[];
  teacher?: Program | undefined;
  /** Labeled demos per predictor, and the ceiling for every candidate. */
  maxLabeledDemos: number;
  /** Upper bound of the bootstrapped-demo budget drawn for shuffled seeds. */
  maxNumSamples: number;
  /** Lower bound of that draw (DSPy fixes it at 1). */
  minNumSamples: number;
  /** Seed −2 samples its labeled demos (`true`) or takes the first ones. */
  labeledSample: boolean;
  /** Everything else BootstrapFewShot needs (metric, threshold, rounds, errors, teacher settings). */
  bootstrap: BootstrapFewShotOptions;
}

/**
 * DSPy's candidate for one seed of `BootstrapFewShotWithRandomSearch`:
 * - `-3`: zero-shot, the student with no demos;
 * - `-2`: labeled demos only (`LabeledFewShot`);
 * - `-1`: `BootstrapFewShot` over the trainset in order;
 * - `0, 1, …`: `BootstrapFewShot` over the trainset shuffled by `random.Random(seed)`, with a
 *   bootstrapped-demo budget drawn by a *second, fresh* `random.Random(seed)` — so the draw is
 *   the first of its stream, exactly as in DSPy.
 *
 * @example
 * const program = await buildCandidate(student, 3, recipe, context);
 */
export async function buildCandidate<P extends Program>(
  student: P,
  seed: number,
  recipe: CandidateRecipe,
  context: RunContext,
): Promise<P> {
  const trainset = [...recipe.trainset];
  if (seed === -3) return resetCopy(student);
  if (seed === -2) {
    // Through LabeledFewShot.compile, as DSPy does, so compile callbacks report it.
    const labeled = new LabeledFewShot({ k: recipe.maxLabeledDemos });
    return labeled.compile(student, { trainset, sample: recipe.labeledSample });
  }
  let maxBootstrappedDemos = recipe.maxNumSamples;
  if (seed >= 0) {
    new PythonRandom(seed).shuffle(trainset);
    maxBootstrappedDemos = new PythonRandom(seed).randint(recipe.minNumSamples, recipe.maxNumSamples);
  }
  const optimizer = new BootstrapFewShot({
    ...recipe.bootstrap,
    maxBootstrappedDemos,
    maxLabeledDemos: recipe.maxLabeledDemos,
  });
  return optimizer.compile(student, { teacher: recipe.teacher, trainset }, context);
}
