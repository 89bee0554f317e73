import { savedProgramMetadata } from "../primitives/program-file.js";

/** One candidate program as a run store keeps it. */
export interface StoredCandidate {
  /** The score the optimizer gave it (its validation score, as a percentage or a fraction as the optimizer reports). */
  score: number | null;
  /** Whether it is the program the optimizer returned. */
  chosen: boolean;
  /** Its state in DSPy's JSON save format (metadata included), when it is a module. */
  program?: Record<string, unknown>;
  /** Other plain facts the optimizer reported about it (seed, parents, minibatch flag, …). */
  detail?: Record<string, unknown>;
}

interface Scored {
  program: unknown;
  score: unknown;
  detail: Record<string, unknown>;
}

/**
 * The candidate programs an optimizer reports on the program it returns, in its order, ready
 * for a run store: DSPy's `candidate_programs` (`BootstrapFewShotWithRandomSearch`, `COPRO`,
 * `MIPROv2`) and GEPA's `detailed_results` (`trackStats`). Empty when it reports none.
 *
 * @example
 * const compiled = await optimizer.compile(student, { trainset });
 * for (const [index, candidate] of scoredCandidates(compiled).entries()) await store.putCandidate(runId, index, candidate);
 */
export function scoredCandidates(result: unknown): StoredCandidate[] {
  if (result === null || typeof result !== "object") return [];
  return reported(result as Record<string, unknown>).map(({ program, score, detail }) => {
    const candidate: StoredCandidate = {
      score: typeof score === "number" && Number.isFinite(score) ? score : null,
      chosen: program === result,
    };
    const state = stateOf(program);
    if (state) candidate.program = state;
    if (Object.keys(detail).length > 0) candidate.detail = detail;
    return candidate;
  });
}

function reported(result: Record<string, unknown>): Scored[] {
  const list = result.candidatePrograms;
  if (Array.isArray(list)) {
    return list.map((entry: Record<string, unknown>) => {
      const { program, score, ...rest } = entry ?? {};
      return { program, score, detail: plainFacts(rest) };
    });
  }
  const details = result.detailedResults as
    | { candidates?: unknown[]; valAggregateScores?: unknown[]; parents?: unknown[]; bestCandidate?: unknown }
    | undefined;
  if (details && Array.isArray(details.candidates)) {
    return details.candidates.map((program, index) => ({
      program: program === details.bestCandidate ? result : program,
      score: details.valAggregateScores?.[index],
      detail: details.parents ? { parents: details.parents[index] } : {},
    }));
  }
  return [];
}

function stateOf(program: unknown): Record<string, unknown> | undefined {
  const dump = (program as { dumpState?: unknown } | null)?.dumpState;
  if (typeof dump !== "function") return undefined;
  try {
    // With DSPy's metadata block, so the stored state is a file both runtimes' `load()` accept.
    return { ...(dump.call(program) as Record<string, unknown>), metadata: savedProgramMetadata() };
  } catch {
    return undefined;
  }
}

// Numbers, strings, booleans and arrays of them travel; programs and other objects do not.
function plainFacts(record: Record<string, unknown>): Record<string, unknown> {
  const facts: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (isPlain(value) || (Array.isArray(value) && value.every(isPlain))) facts[key] = value;
  }
  return facts;
}

function isPlain(value: unknown): boolean {
  return value === null || ["number", "string", "boolean"].includes(typeof value);
}
