import { readFile, writeFile } from "node:fs/promises";
import { DSPyError } from "../errors/dspy-error.js";
import { ProgramStateError } from "../errors/program-state-error.js";
import { isPlainObject } from "../utils/plain-object.js";
import { savedProgramJson } from "./saved-program-json.js";

/** This package's version, as written into saved programs (a test keeps it equal to package.json). */
export const DSPY_TYPESCRIPT_VERSION = "0.1.0";

/**
 * The `metadata` block we write. DSPy's loader compares every key of `dependency_versions`
 * with its own `python`/`dspy`/`cloudpickle` versions and raises `KeyError` on any other key, so
 * we list none (claiming a Python or DSPy version would be untrue) and say who wrote the file in
 * a sibling key, which DSPy ignores.
 *
 * @example
 * savedProgramMetadata(); // { dependency_versions: {}, dspy_typescript: "0.1.0" }
 */
export function savedProgramMetadata(): Record<string, unknown> {
  return { dependency_versions: {}, dspy_typescript: DSPY_TYPESCRIPT_VERSION };
}

/**
 * Writes a program state as DSPy 3.4.1's `program.save(path)` does for a `.json` path: the state,
 * then `metadata`, in orjson's indent-2 layout. `.pkl` and other suffixes are refused, as
 * cloudpickle files are Python-only.
 *
 * @example
 * await writeProgramFile(program.dumpState(), "program.json");
 */
export async function writeProgramFile(state: Record<string, unknown>, path: string): Promise<void> {
  checkSuffix(path);
  const text = savedProgramJson({ ...state, metadata: savedProgramMetadata() });
  await writeFile(path, text, "utf8");
}

/**
 * Reads a saved program (ours or Python DSPy's) as DSPy's `program.load(path)` does: a `.json`
 * path, a JSON object, with `metadata.dependency_versions` present (DSPy raises `KeyError`
 * without it). Version differences are not checked — DSPy only warns about them.
 *
 * @example
 * const state = await readProgramFile("program.json"); // { "predict": {...}, "metadata": {...} }
 */
export async function readProgramFile(path: string): Promise<Record<string, unknown>> {
  checkSuffix(path);
  const text = await readFile(path, "utf8");
  let state: unknown;
  try {
    state = JSON.parse(text);
  } catch (cause) {
    throw new ProgramStateError(`Saved program '${path}' is not valid JSON: ${(cause as Error).message}`, {
      cause,
      pythonType: "ValueError",
    });
  }
  if (!isPlainObject(state)) {
    throw new ProgramStateError(
      `Saved program '${path}' must hold a JSON object keyed by predictor name, but holds ${Array.isArray(state) ? "a list" : typeof state}.`,
    );
  }
  const metadata = state.metadata;
  if (!isPlainObject(metadata) || !isPlainObject(metadata.dependency_versions)) {
    throw new ProgramStateError(
      `Saved program '${path}' has no 'metadata.dependency_versions' object, which DSPy's program.save() always writes and program.load() requires.`,
      { field: "metadata.dependency_versions", pythonType: "KeyError" },
    );
  }
  return state;
}

function checkSuffix(path: string): void {
  if (path.endsWith(".json")) return;
  const reason = path.endsWith(".pkl")
    ? "`.pkl` (cloudpickle) files are Python-only; use a `.json` path"
    : `\`path\` must end with \`.json\`, but received: ${path}`;
  throw new DSPyError(reason, { code: "invalid_argument", pythonType: "ValueError" });
}
