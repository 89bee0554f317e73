import { DSPyError } from "../errors/dspy-error.js";
import { Module } from "../primitives/module.js";
import { callModule } from "./call-module.js";
import type { ModuleCallOptions } from "./callable-module.js";

/** A program an ensemble can hold: anything with an async `call(inputs, options)`. */
export interface EnsembleMember<Result = unknown> {
  call(inputs: Record<string, unknown>, options?: ModuleCallOptions): Promise<Result>;
}

/** Options for {@link Ensemble} (DSPy's constructor arguments, plus the random source). */
export interface EnsembleOptions<Result, Reduced> {
  /** Combines the members' outputs, e.g. `majority`; without it the outputs are returned as a list. */
  reduceFn?: (outputs: Result[]) => Reduced;
  /** Runs this many members, drawn at random on each call; all of them when unset. */
  size?: number;
  /** Not implemented in DSPy either; `true` throws. */
  deterministic?: boolean;
  /** Uniform numbers in [0, 1) for the draw (default `Math.random`; DSPy's is global `random`). */
  random?: () => number;
}

/**
 * DSPy's `Ensemble` teleprompter: `compile(programs)` returns a program that calls every member
 * (or `size` members drawn at random each call) one after another on the same inputs and
 * reduces their outputs with `reduceFn`.
 *
 * @example
 * const voted = new Ensemble({ reduceFn: (outputs: Prediction[]) => majority(outputs) }).compile([qa1, qa2, qa3]);
 * (await voted.call({ question: "2+2?" })).get("answer");
 */
export class Ensemble<Result = unknown, Reduced = Result[]> {
  readonly reduceFn: ((outputs: Result[]) => Reduced) | undefined;
  readonly size: number | undefined;
  readonly #random: () => number;

  constructor(options: EnsembleOptions<Result, Reduced> = {}) {
    if (options.deterministic) {
      throw new DSPyError("TODO: Implement example hashing for deterministic ensemble.", {
        code: "not_implemented",
        pythonType: "AssertionError",
      });
    }
    this.reduceFn = options.reduceFn;
    this.size = options.size;
    this.#random = options.random ?? Math.random;
  }

  /**
   * Builds the ensembled program (no LM calls).
   *
   * @example
   * const program = new Ensemble({ size: 2 }).compile([a, b, c]);
   */
  compile(programs: readonly EnsembleMember<Result>[]): EnsembledProgram<Result, Reduced> {
    return new EnsembledProgram([...programs], this.size, this.reduceFn, this.#random);
  }
}

/**
 * The program {@link Ensemble.compile} returns; its members are found by `namedPredictors` as
 * `programs[i]...`, so it can be saved and loaded like any module.
 *
 * @example
 * await ensembled.call({ question });
 */
export class EnsembledProgram<Result = unknown, Reduced = Result[]> extends Module {
  constructor(
    readonly programs: EnsembleMember<Result>[],
    readonly size: number | undefined,
    readonly reduceFn: ((outputs: Result[]) => Reduced) | undefined,
    readonly random: () => number,
  ) {
    super();
  }

  /**
   * Calls the chosen members in turn and reduces their outputs, as a module call (callbacks,
   * module history, usage tracking).
   *
   * @example
   * await ensembled.call({ question: "2+2?" });
   */
  call(inputs: Record<string, unknown>, options?: ModuleCallOptions): Promise<Reduced> {
    return callModule(this, { ...inputs }, () => this.forward(inputs, options));
  }

  /**
   * DSPy's `forward`: the call itself, without the module instrumentation `call` adds (public
   * because module copies are made without the constructor).
   */
  async forward(inputs: Record<string, unknown>, options?: ModuleCallOptions): Promise<Reduced> {
    const chosen = this.size ? sample(this.programs, this.size, this.random) : this.programs;
    const outputs: Result[] = [];
    for (const program of chosen) outputs.push(await program.call(inputs, options));
    return this.reduceFn ? this.reduceFn(outputs) : (outputs as Reduced);
  }
}

// `random.sample(population, k)`: k distinct members in random order (a partial Fisher–Yates).
function sample<T>(population: readonly T[], k: number, random: () => number): T[] {
  if (k < 0 || k > population.length) {
    throw new DSPyError("Sample larger than population or is negative", { code: "invalid_argument" });
  }
  const pool = [...population];
  for (let index = 0; index < k; index++) {
    const pick = index + Math.floor(random() * (pool.length - index));
    [pool[index], pool[pick]] = [pool[pick] as T, pool[index] as T];
  }
  return pool.slice(0, k);
}
