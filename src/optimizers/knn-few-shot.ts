import { detachedRunContext, type RunContext } from "../evaluate/run-context.js";
import type { Example } from "../primitives/example.js";
import { resetCopy } from "../primitives/module-copy.js";
import type { Prediction } from "../primitives/prediction.js";
import { BootstrapFewShot, type BootstrapFewShotOptions } from "./bootstrap-few-shot.js";
import { throwIfCancelled } from "./cancelled.js";
import { compileWithCallbacks } from "./compile-with-callbacks.js";
import type { Embedder } from "./embedder.js";
import { KNN } from "./knn.js";
import type { Program, ProgramCallOptions } from "./program.js";

/** Options for {@link KNNFewShot}: the KNN settings plus any {@link BootstrapFewShot} option. */
export interface KNNFewShotOptions extends BootstrapFewShotOptions {
  /** Neighbours per query, which become the bootstrap trainset. */
  k: number;
  trainset: readonly Example[];
  /** Embeds examples and queries (DSPy's `vectorizer`). */
  vectorizer: Embedder;
}

/** What {@link KNNFewShot.compile} takes besides the student. */
export interface KNNFewShotCompileOptions {
  /** The teacher for each per-query bootstrap (default: the student). */
  teacher?: Program | undefined;
}

/**
 * DSPy's `KNNFewShot`: optimisation at inference time. Compiling is free; every call of the
 * compiled program finds the `k` training examples nearest to its inputs, runs
 * `BootstrapFewShot` on just those, and answers with the result — so each query gets demos
 * that resemble it.
 *
 * @example
 * const optimizer = new KNNFewShot({ k: 3, trainset, vectorizer: embedder, metric: answerExactMatch });
 * const qa = await optimizer.compile(new ChainOfThought("question -> answer"));
 * await context({ lm }, () => qa.call({ question: "What is the capital of Belgium?" }));
 */
export class KNNFewShot {
  readonly knn: KNN;
  readonly bootstrapOptions: BootstrapFewShotOptions;

  constructor(options: KNNFewShotOptions) {
    const { k, trainset, vectorizer, ...bootstrapOptions } = options;
    this.knn = new KNN(k, trainset, vectorizer);
    this.bootstrapOptions = bootstrapOptions;
  }

  /**
   * A reset copy of `student` whose `call` bootstraps demos from the query's neighbours first.
   * The student itself is untouched and is what each per-query bootstrap compiles.
   *
   * @example
   * const qa = await new KNNFewShot({ k: 2, trainset, vectorizer }).compile(student);
   */
  compile<P extends Program>(
    student: P,
    options: KNNFewShotCompileOptions = {},
    context: RunContext = detachedRunContext(),
  ): Promise<P> {
    return compileWithCallbacks(this, { student, ...options }, () => this.#compile(student, options, context));
  }

  async #compile<P extends Program>(student: P, options: KNNFewShotCompileOptions, context: RunContext): Promise<P> {
    throwIfCancelled(context.signal, "KNNFewShot");
    const program = resetCopy(student);
    const call = async (inputs: Record<string, unknown>, callOptions: ProgramCallOptions = {}): Promise<Prediction> => {
      const neighbours = await this.knn.retrieve(inputs, callOptions);
      // A fresh optimizer per query, as DSPy builds one per forward call (its error count starts at 0).
      const optimizer = new BootstrapFewShot(this.bootstrapOptions);
      const compiled = await optimizer.compile(
        student,
        { teacher: options.teacher, trainset: neighbours },
        detachedRunContext(callOptions.signal ? { signal: callOptions.signal } : {}),
      );
      return compiled.call(inputs, callOptions);
    };
    // An own property, like DSPy's `types.MethodType` patch of `forward` on the copy.
    Object.defineProperty(program, "call", { value: call, writable: true, configurable: true, enumerable: false });
    return program;
  }
}
