import { AbortError } from "../errors/abort-error.js";
import { DSPyError } from "../errors/dspy-error.js";
import { Evaluate } from "../evaluate/evaluate.js";
import { metricScore } from "../evaluate/metric.js";
import { checkpointWithEvents, detachedRunContext, type RunContext } from "../evaluate/run-context.js";
import type { Example } from "../primitives/example.js";
import type { BootstrapFewShotOptions } from "./bootstrap-few-shot.js";
import { throwIfCancelled } from "./cancelled.js";
import { compileWithCallbacks } from "./compile-with-callbacks.js";
import { type OptimizerLogger, silentInfoLogger } from "./optimizer-logger.js";
import type { OptimizerMetric, Program } from "./program.js";
import { pythonIntSetRepr } from "./python-int-set.js";
import { buildCandidate, type CandidateRecipe } from "./random-search-candidate.js";
import {
  loadFinishedCandidate,
  loadSearchProgress,
  type SearchCandidate,
  saveFinishedCandidate,
  saveSearchProgress,
  searchFingerprint,
} from "./random-search-checkpoint.js";
import { CandidateSlots } from "./random-search-slots.js";
import { scopedRunContext } from "./scoped-run-context.js";

/** Options for {@link BootstrapFewShotWithRandomSearch}; defaults are DSPy 3.4.1's. */
export interface RandomSearchOptions extends Omit<BootstrapFewShotOptions, "metric" | "concurrency" | "slots"> {
  /** Filters bootstrapped demos and scores candidates on the valset. */
  metric: OptimizerMetric;
  /** Shuffled-trainset candidates to try after the three fixed ones (default 16). */
  numCandidatePrograms?: number | undefined;
  /**
   * Program runs in flight at once across the whole search (default 8, DSPy's
   * `settings.num_threads`): candidates are built and scored concurrently within this bound.
   */
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
  compile<P extends Program>(
    student: P,
    options: RandomSearchCompileOptions,
    context: RunContext = detachedRunContext(),
  ): Promise<RandomSearchResult<P>> {
    return compileWithCallbacks(this, { student, ...options }, () => this.#compile(student, options, context));
  }

  async #compile<P extends Program>(
    student: P,
    options: RandomSearchCompileOptions,
    context: RunContext,
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
    if (!Number.isInteger(numThreads) || numThreads < 1) {
      throw new DSPyError(`numThreads must be a positive integer, got ${numThreads}.`, { code: "value_error" });
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

    // Candidates are independent (each seeds its own RNGs), so up to `numThreads` of them run at
    // once, sharing `numThreads` slots for program runs; they are taken in seed order, so the
    // result, the log, the checkpoints and `trial-end` events are those of DSPy's sequential loop.
    const slots = new CandidateSlots(numThreads);
    const search = new AbortController();
    const signal = AbortSignal.any([context.signal, search.signal]);
    const runs: Promise<SearchCandidate<P>>[] = [];
    const finished = new Set<number>();
    let wake = () => {};
    const first = candidates.length;
    let launched = first;
    const launch = (trial: number) => {
      const seed = seeds[trial] as number;
      context.emit({ type: "trial-start", trial, detail: { seed } });
      // The nested steps checkpoint under the seed; their own events would misreport progress.
      const inner = { ...scopedRunContext(context, { prefix: `seed:${seed}/`, forward: () => false }), signal };
      const run = this.#candidate(student, seed, trial, { recipe, evaluate, slots, fingerprint }, inner).finally(() => {
        finished.add(trial);
        wake();
      });
      run.catch(() => {}); // awaited in seed order below, or abandoned with the search
      runs[trial] = run;
    };

    const stopped = candidates.some(({ score }) => stopAtScore !== undefined && score >= stopAtScore);
    try {
      for (let trial = first; trial < seeds.length && !stopped; trial++) {
        for (;;) {
          throwIfCancelled(context.signal, "BootstrapFewShotWithRandomSearch");
          // Taken before launching more, so one slot gives DSPy's start, end, start, end order.
          if (finished.has(trial)) break;
          while (launched < seeds.length && launched - first - finished.size < numThreads) launch(launched++);
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
        }
        const candidate = await (runs[trial] as Promise<SearchCandidate<P>>);
        const { score, seed } = candidate;
        if (bestIndex < 0 || score > (candidates[bestIndex] as SearchCandidate<P>).score) {
          this.#logger.info(`New best score: ${score} for seed ${seed}`);
          bestIndex = candidates.length;
        }
        candidates.push(candidate);
        // One write: a killed run has recorded this trial's end exactly when it can skip the trial.
        await checkpointWithEvents(context, "search", saveSearchProgress(fingerprint, candidates, bestIndex), [
          { type: "trial-end", trial, score, detail: { seed } },
        ]);
        context.emit({
          type: "progress-update",
          done: trial + 1,
          total: seeds.length,
          score: candidates[bestIndex]?.score,
        });
        if (stopAtScore !== undefined && score >= stopAtScore) {
          this.#logger.info(`Stopping early because score ${score} is >= stop_at_score ${stopAtScore}`);
          const wasted = slots.startedAfter(trial);
          if (wasted > 0) this.#logger.info(`Discarded ${wasted} program runs of later candidates started alongside.`);
          break;
        }
      }
    } finally {
      search.abort(new AbortError("BootstrapFewShotWithRandomSearch no longer needs this candidate."));
    }

    const best = (candidates[bestIndex] as SearchCandidate<P>).program;
    // Array sort is stable: equal scores keep seed order, as Python's sorted(reverse=True) does.
    const sorted = [...candidates].sort((a, b) => b.score - a.score);
    // Not enumerable: it is not part of the program's state (and holds the other programs).
    Object.defineProperty(best, "candidatePrograms", { value: sorted, configurable: true, writable: true });
    this.#logger.info(`${sorted.length} candidate programs found.`);
    return best as RandomSearchResult<P>;
  }

  // One candidate, built and scored with every program run in a shared slot; a candidate a
  // killed run finished ahead of the search's progress is read back instead.
  async #candidate<P extends Program>(
    student: P,
    seed: number,
    trial: number,
    shared: { recipe: CandidateRecipe; evaluate: Evaluate; slots: CandidateSlots; fingerprint: string },
    inner: RunContext,
  ): Promise<SearchCandidate<P>> {
    const { recipe, evaluate, slots, fingerprint } = shared;
    if (inner.resumed) {
      const finished = loadFinishedCandidate(await inner.restore("candidate"), fingerprint, seed);
      if (finished) return finished.revive(student);
    }
    const runSlots = { run: <T>(task: () => Promise<T>, signal: AbortSignal) => slots.run(trial, task, signal) };
    const bootstrap = { ...recipe.bootstrap, concurrency: slots.size, slots: runSlots };
    const program = await buildCandidate(student, seed, { ...recipe, bootstrap }, inner);
    const result = await evaluate.run(program, { runContext: inner, slots: runSlots });
    const subscores = result.results.map(([, , value]) => metricScore(value));
    const candidate = { score: result.score, subscores, seed, program };
    // Alone (one slot) a candidate is always the next in line and lands in the search checkpoint at once.
    if (slots.size > 1) await inner.checkpoint("candidate", saveFinishedCandidate(fingerprint, candidate));
    return candidate;
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
