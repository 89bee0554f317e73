import type { RunContext } from "../evaluate/run-context.js";
import type { Example } from "../primitives/example.js";
import { resetCopy } from "../primitives/module-copy.js";
import type { PythonRandom } from "../utils/python-random.js";
import { BootstrapFewShot, type BootstrapFewShotOptions } from "./bootstrap-few-shot.js";
import { labeledCopy } from "./labeled-few-shot.js";
import { demoPredictors, type PredictorDemo } from "./predictor-demos.js";
import type { Program } from "./program.js";
import { scopedRunContext } from "./scoped-run-context.js";

/** What {@link createNFewshotDemoSets} needs. */
export interface FewshotDemoSetsOptions {
  /** N_fs: the number of sets *in total* (DSPy subtracts its three fixed seeds from it). */
  numCandidateSets: number;
  trainset: readonly Example[];
  maxLabeledDemos: number;
  maxBootstrappedDemos: number;
  teacher?: Program | undefined;
  /** The shared MIPROv2 RNG: shuffles and budget draws advance it. */
  rng: PythonRandom;
  /** Everything else BootstrapFewShot needs (metric, threshold, teacher settings, errors, logger). */
  bootstrap: BootstrapFewShotOptions;
  /** DSPy's `labeled_sample` (seed −2 samples its labeled demos). */
  labeledSample?: boolean;
}

/**
 * DSPy's `create_n_fewshot_demo_sets` (teleprompt/utils.py) as MIPROv2 calls it: seeds
 * `−3..N−4`, one demo list per predictor per seed.
 * - `−3`: no demos; `−2`: labeled demos (only when `maxLabeledDemos > 0` — otherwise it falls
 *   through to the shuffled branch, as in DSPy); `−1`: BootstrapFewShot over the trainset in order;
 * - others: `rng.shuffle(trainset)`, then `rng.randint(1, maxBootstrappedDemos)` — one *shared*
 *   RNG, unlike RandomSearch's fresh `Random(seed)` per candidate.
 *
 * @example
 * const sets = await createNFewshotDemoSets(program, { numCandidateSets: 6, trainset, maxLabeledDemos: 4, maxBootstrappedDemos: 4, rng, bootstrap: { metric } }, context);
 * sets[0].length; // 6
 */
export async function createNFewshotDemoSets(
  student: Program,
  options: FewshotDemoSetsOptions,
  context: RunContext,
): Promise<PredictorDemo[][][]> {
  const { maxLabeledDemos, maxBootstrappedDemos, rng } = options;
  const predictorCount = student.predictors().length;
  const candidates: PredictorDemo[][][] = Array.from({ length: predictorCount }, () => []);
  for (let seed = -3; seed < options.numCandidateSets - 3; seed++) {
    const trainset = [...options.trainset];
    // Each seed's nested bootstrap checkpoints under its own key, and its events stay inside.
    const inner = scopedRunContext(context, { prefix: `demos:${seed}/`, forward: () => false });
    let program: Program;
    if (seed === -3) {
      program = resetCopy(student);
    } else if (seed === -2 && maxLabeledDemos > 0) {
      program = labeledCopy(student, trainset, maxLabeledDemos, options.labeledSample ?? true);
    } else {
      let budget = maxBootstrappedDemos;
      if (seed !== -1) {
        rng.shuffle(trainset);
        budget = rng.randint(1, maxBootstrappedDemos);
      }
      const bootstrap = new BootstrapFewShot({
        ...options.bootstrap,
        maxBootstrappedDemos: budget,
        maxLabeledDemos,
      });
      program = await bootstrap.compile(student, { teacher: options.teacher, trainset }, inner);
    }
    demoPredictors(program).forEach(([, predictor], index) => {
      (candidates[index] as PredictorDemo[][]).push([...predictor.demos]);
    });
  }
  return candidates;
}
