import { detachedRunContext, type RunContext } from "../evaluate/run-context.js";
import type { Example } from "../primitives/example.js";
import type { Module } from "../primitives/module.js";
import { resetCopy } from "../primitives/module-copy.js";
import { PythonRandom } from "../utils/python-random.js";
import { throwIfCancelled } from "./cancelled.js";
import { compileWithCallbacks } from "./compile-with-callbacks.js";
import { demoPredictors } from "./predictor-demos.js";

/** Options for {@link LabeledFewShot}. */
export interface LabeledFewShotOptions {
  /** How many labeled examples each predictor gets as demos (DSPy's default: 16). */
  k?: number;
}

/** What {@link LabeledFewShot.compile} takes besides the student. */
export interface LabeledFewShotCompileOptions {
  trainset: readonly Example[];
  /** Sample the demos at random (seeded, as DSPy does) instead of taking the first `k`. */
  sample?: boolean;
}

/**
 * DSPy's `LabeledFewShot`: gives every predictor up to `k` training examples as demos, with no
 * LM calls. Sampling uses Python's `random.Random(0)`, one generator shared by the predictors in
 * order, so the same trainset yields exactly the demos Python DSPy 3.4.1 picks.
 *
 * @example
 * const compiled = await new LabeledFewShot({ k: 4 }).compile(new Predict("question -> answer"), { trainset });
 */
export class LabeledFewShot {
  readonly k: number;

  constructor(options: LabeledFewShotOptions = {}) {
    this.k = options.k ?? 16;
  }

  /**
   * A reset copy of `student` whose predictors hold the chosen demos. The student is untouched.
   *
   * @example
   * const program = await new LabeledFewShot({ k: 2 }).compile(student, { trainset, sample: false });
   */
  compile<P extends Module>(
    student: P,
    options: LabeledFewShotCompileOptions,
    context: RunContext = detachedRunContext(),
  ): Promise<P> {
    return compileWithCallbacks(this, { student, ...options }, () => this.#compile(student, options, context));
  }

  async #compile<P extends Module>(student: P, options: LabeledFewShotCompileOptions, context: RunContext): Promise<P> {
    throwIfCancelled(context.signal, "LabeledFewShot");
    return labeledCopy(student, options.trainset, this.k, options.sample ?? true);
  }
}

/**
 * The synchronous core of {@link LabeledFewShot.compile}, for optimizers that build labeled
 * teachers and candidates inline.
 *
 * @example
 * const teacher = labeledCopy(student, trainset, 16);
 */
export function labeledCopy<P extends Module>(student: P, trainset: readonly Example[], k: number, sample = true): P {
  const program = resetCopy(student);
  if (trainset.length === 0) return program;
  const rng = new PythonRandom(0);
  const size = Math.min(k, trainset.length);
  for (const [, predictor] of demoPredictors(program)) {
    predictor.demos = sample ? rng.sample(trainset, size) : trainset.slice(0, size);
  }
  return program;
}
