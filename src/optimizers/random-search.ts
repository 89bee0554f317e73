import { DSPyError } from "../errors/dspy-error.js";
import { Evaluate } from "../evaluate/evaluate.js";
import { metricScore } from "../evaluate/metric.js";
import { detachedRunContext, type RunContext } from "../evaluate/run-context.js";
import type { Example } from "../primitives/example.js";
import type { BootstrapFewShotOptions } from "./bootstrap-few-shot.js";
import { throwIfCancelled } from "./cancelled.js";
import { type OptimizerLogger, silentInfoLogger } from "./optimizer-logger.js";
import type { OptimizerMetric, Program } from "./program.js";
import { pythonIntSetRepr } from "./python-int-set.js";
import { buildCandidate } from "./random-search-candidate.js";
import {
  loadSearchProgress,
  type SearchCandidate,
  saveSearchProgress,
  searchFingerprint,
} from "./random-search-checkpoint.js";
import { scopedRunContext } from "./scoped-run-context.js";

/** Options for {@link BootstrapFewShotWithRandomSearch}; defaults are DSPy 3.4.1's. */
export interface RandomSearchOptions extends Omit<BootstrapFewShotOptions, "metric"> {
  /** Filters bootstrapped demos and scores candidates on the valset. */
  metric: OptimizerMetric;
  /** Shuffled-trainset candidates to try after the three fixed ones (default 16). */
  numCandidatePrograms?: number | undefined;
  /** Valset examples evaluated at once (default 8, DSPy's `settings.num_threads`). */
  numThreads?: number | undefined;
  /** Stop as soon as a candidate scores at least this (a percentage). */
  stopAtScore?: number | undefined;
}

/** What {@link BootstrapFewShotWithRandomSearch.compile} takes besides the student. */
export interface RandomSearchCompileOptions {
  trainset: readonly Example[];
  /** Where candidates are scored (default, and when empty: the trainset, as in DSPy). */
  valset?: readonly Example[] | undefined;
  teacher?: Program | undefined;
  /** Only try these seeds (−3 zero-shot, −2 labeled only, −1 unshuffled, 0… shuffled). */
  restrict?: readonly number[] | undefined;
  /** Whether the labeled-only candidate samples its demos (default true). */
  labeledSample?: boolean | undefined;
}

/** One tried candidate (DSPy's `candidate_programs` entry). */
export interface CandidateProgram<P extends Program = Program> {
  /** Valset score, a percentage rounded as DSPy rounds it. */
  score: number;
  /** The metric per valset example, as numbers (bools as 1/0). */
  subscores: number[];
  seed: number;
  program: P;
}

/** The best program, with every candidate tried, best first (equal scores keep seed order). */
export type RandomSearchResult<P extends Program> = P & { readonly candidatePrograms: CandidateProgram<P>[] };

/**
 * DSPy's `BootstrapFewShotWithRandomSearch` (`BootstrapRS`): builds candidates for seeds
 * −3 … `numCandidatePrograms − 1` (zero-shot, labeled only, bootstrapped in order, then
 * bootstrapped over seeded shuffles with seeded demo budgets), scores each on the valset, and
 * returns the first best. Every seeded choice is CPython's, so the candidates and the winner are
 * the ones Python DSPy 3.4.1 picks.
 *
 * Emits `trial-start`/`trial-end` per candidate and checkpoints after each, so a resumed run
 * skips finished candidates (and finished bootstrap examples of the interrupted one).
 *
 * @example
 * const search = new BootstrapFewShotWithRandomSearch({ metric: answerExactMatch, numCandidatePrograms: 8 });
 * const best = await context({ lm }, () => search.compile(student, { trainset, valset }));
 * best.candidatePrograms[0].score;
 */
export class BootstrapFewShotWithRandomSearch {
  readonly options: Readonly<RandomSearchOptions>;
  readonly #logger: OptimizerLogger;

  constructor(options: RandomSearchOptions) {
    this.options = { ...options };
    this.#logger = options.logger ?? silentInfoLogger;
  }

  /**
   * Runs the search; the student is untouched.
   *
   * @example
   * const best = await search.compile(student, { trainset, valset, restrict: [-1, 0, 1] }, context);
   */
  async compile<P extends Program>(
    student: P,
    options: RandomSearchCompileOptions,
    context: RunContext = detachedRunContext(),
  ): Promise<RandomSearchResult<P>> {
    const { metric, numCandidatePrograms = 16, numThreads = 8, stopAtScore } = this.options;
    const maxErrors = this.options.maxErrors ?? 10;
    const maxLabeledDemos = this.options.maxLabeledDemos ?? 16;
    const maxNumSamples = this.options.maxBootstrappedDemos ?? 4;
    const { trainset, teacher, restrict } = options;
    const valset = options.valset?.length ? options.valset : trainset;
    const seeds = range(-3, numCandidatePrograms).filter((seed) => !restrict || restrict.includes(seed));
    if (seeds.length === 0) {
      throw new DSPyError(
        `\`restrict\` ${pythonIntSetRepr(restrict ?? [])} does not match any candidate seed in range(-3, ${numCandidatePrograms}); no candidate programs would be evaluated.`,
        { code: "value_error" },
      );
    }
    const recipe = {
      trainset,
      teacher,
      maxLabeledDemos,
      maxNumSamples,
      minNumSamples: 1,
      labeledSample: options.labeledSample ?? true,
      bootstrap: { ...this.options, metric, maxErrors, logger: this.#logger },
    };
    const evaluate = new Evaluate({
      devset: valset,
      metric,
      numThreads,
      maxErrors,
      onError: (error, example) =>
        this.#logger.error(`Error for ${JSON.stringify(example.toDict())}: ${String(error)}`),
    });

    const fingerprint = searchFingerprint(trainset, valset, { seeds, maxLabeledDemos, maxNumSamples, stopAtScore });
    const saved = context.resumed ? loadSearchProgress(await context.restore("search"), fingerprint) : undefined;
    const candidates: SearchCandidate<P>[] = saved?.candidates.map((entry) => entry.revive(student)) ?? [];
    let bestIndex = saved?.bestIndex ?? -1;
    context.setPartial(() => candidates.map(({ score, seed }) => ({ score, seed })));

    const start = candidates.length;
    const stopped = candidates.some(({ score }) => stopAtScore !== undefined && score >= stopAtScore);
    for (let trial = start; trial < seeds.length && !stopped; trial++) {
      const seed = seeds[trial] as number;
      throwIfCancelled(context.signal, "BootstrapFewShotWithRandomSearch");
      context.emit({ type: "trial-start", trial, detail: { seed } });
      // The nested steps checkpoint under the seed; their own events would misreport progress.
      const inner = scopedRunContext(context, { prefix: `seed:${seed}/`, forward: () => false });
      const program = await buildCandidate(student, seed, recipe, inner);
      const result = await evaluate.run(program, { runContext: inner });
      const score = result.score;
      const subscores = result.results.map(([, , value]) => metricScore(value));
      if (bestIndex < 0 || score > (candidates[bestIndex] as SearchCandidate<P>).score) {
        this.#logger.info(`New best score: ${score} for seed ${seed}`);
        bestIndex = candidates.length;
      }
      candidates.push({ score, subscores, seed, program });
      await context.checkpoint("search", saveSearchProgress(fingerprint, candidates, bestIndex));
      context.emit({ type: "trial-end", trial, score, detail: { seed } });
      context.emit({
        type: "progress-update",
        done: trial + 1,
        total: seeds.length,
        score: candidates[bestIndex]?.score,
      });
      if (stopAtScore !== undefined && score >= stopAtScore) {
        this.#logger.info(`Stopping early because score ${score} is >= stop_at_score ${stopAtScore}`);
        break;
      }
    }

    const best = (candidates[bestIndex] as SearchCandidate<P>).program;
    // Array sort is stable: equal scores keep seed order, as Python's sorted(reverse=True) does.
    const sorted = [...candidates].sort((a, b) => b.score - a.score);
    // Not enumerable: it is not part of the program's state (and holds the other programs).
    Object.defineProperty(best, "candidatePrograms", { value: sorted, configurable: true, writable: true });
    this.#logger.info(`${sorted.length} candidate programs found.`);
    return best as RandomSearchResult<P>;
  }
}

/**
 * DSPy's alias `dspy.BootstrapRS`.
 *
 * @example
 * const search = new BootstrapRS({ metric: answerExactMatch, numCandidatePrograms: 4 });
 */
export const BootstrapRS = BootstrapFewShotWithRandomSearch;

function range(start: number, stop: number): number[] {
  return Array.from({ length: Math.max(0, stop - start) }, (_, index) => start + index);
}
