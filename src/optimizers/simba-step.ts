import { AbortError } from "../errors/abort-error.js";
import type { BaseLM } from "../lm/base-lm.js";
import { deepcopyModule } from "../primitives/module-copy.js";
import type { NumpyPCG64 } from "../utils/numpy-pcg64.js";
import type { PythonRandom } from "../utils/python-random.js";
import type { Program } from "./program.js";
import type { SimbaOutcome } from "./simba-rollout.js";
import {
  appendADemo,
  appendARule,
  type SimbaPredictor,
  type SimbaStrategy,
  type SimbaStrategyName,
} from "./simba-strategies.js";

/** What building candidates needs for the whole run. */
export interface CandidateRecipe {
  maxDemos: number;
  strategies: readonly SimbaStrategyName[];
  rng: PythonRandom;
  rngNp: NumpyPCG64;
  promptModel: BaseLM | undefined;
  programCode: string;
  demoInputFieldMaxlen: number;
  log: (message: string) => void;
  error: (message: string) => void;
}

/** What building one candidate needs from its step. */
export interface BucketContext {
  predictorNames: ReadonlyMap<unknown, string>;
  batch10pScore: number;
  batch90pScore: number;
  step: number;
}

const STRATEGIES: Record<SimbaStrategyName, SimbaStrategy> = {
  append_a_demo_: appendADemo,
  append_a_rule: appendARule,
};

/**
 * SIMBA's step 4 for one bucket, draws in DSPy's order: copy the source program, drop
 * `max(poisson(demos / maxDemos), demos >= maxDemos)` demo positions (capped at the demo count,
 * each `rng.randrange(demos)`, the same positions from every predictor), pick a strategy with
 * `rng.choice` and apply it. A strategy that skips still yields the candidate; one that fails
 * yields none (its draws are spent all the same).
 *
 * @example
 * const candidate = await buildCandidate(programs[source], bucket.outcomes, recipe, bucketContext);
 */
export async function buildCandidate<P extends Program>(
  source: P,
  bucket: SimbaOutcome[],
  recipe: CandidateRecipe,
  bucketContext: BucketContext,
): Promise<P | undefined> {
  const { rng, rngNp } = recipe;
  const system = deepcopyModule(source);
  const namedPredictors = new Map<string, SimbaPredictor>();
  const demoCounts: number[] = [];
  for (const [name, predictor] of system.namedPredictors()) {
    const holder = predictor as unknown as SimbaPredictor;
    namedPredictors.set(name, holder);
    demoCounts.push(holder.demos.length);
  }
  const numDemos = demoCounts.length ? Math.max(...demoCounts) : 0;
  const maxDemos = recipe.maxDemos > 0 ? recipe.maxDemos : 3;
  const drawn = rngNp.poisson(numDemos / maxDemos);
  const numDrop = Math.min(Math.max(drawn, Number(numDemos >= maxDemos)), numDemos);
  const dropped = new Set(Array.from({ length: numDrop }, () => rng.randrange(numDemos)));
  for (const holder of namedPredictors.values()) {
    holder.demos = holder.demos.filter((_, index) => !dropped.has(index));
  }
  const name = rng.choice(recipe.strategies);
  recipe.log(
    `Batch ${bucketContext.step + 1}: Invoking strategy: ${name}` +
      (numDrop ? `, having dropped ${numDrop} demos per predictor` : ""),
  );
  try {
    await STRATEGIES[name](bucket, system, {
      predictorNames: bucketContext.predictorNames,
      namedPredictors,
      batch10pScore: bucketContext.batch10pScore,
      batch90pScore: bucketContext.batch90pScore,
      promptModel: recipe.promptModel,
      programCode: recipe.programCode,
      demoInputFieldMaxlen: recipe.demoInputFieldMaxlen,
      log: recipe.log,
    });
  } catch (error) {
    if (error instanceof AbortError) throw error;
    recipe.error(`Strategy failed with error: ${String(error)}`);
    return undefined;
  }
  return system;
}
