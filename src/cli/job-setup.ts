import type { BaseLM } from "../lm/base-lm.js";
import { LM } from "../lm/lm.js";
import type { Example } from "../primitives/example.js";
import { MemoryRunStore } from "../runtime/memory-run-store.js";
import type { RunStore } from "../runtime/run-store.js";
import { SqliteRunStore } from "../runtime/sqlite-run-store.js";
import type { CliIo } from "./cli-io.js";
import { InputError, UsageError } from "./exit-codes.js";
import { loadDataset } from "./load-dataset.js";
import { type LoadedProgram, loadProgram } from "./load-program.js";
import { integerFlag, type ParsedCommandLine, stringFlag } from "./parse-command-line.js";

/** Everything a job command needs, resolved from its command line. */
export interface JobSetup {
  loaded: LoadedProgram;
  examples: Example[];
  lm: BaseLM;
  store: RunStore;
  /** Where the store lives, for the resume hint (undefined: in memory). */
  storePath: string | undefined;
  runId: string | undefined;
  concurrency: number;
  maxErrors: number;
  json: boolean;
  servePort: number | undefined;
}

/** The dashboard's default port (`serve`, `--serve`). */
export const DEFAULT_PORT = 4173;

/**
 * Resolves a job command's `<program> <data.jsonl>` and flags: flags are checked before any file
 * is opened (a usage error is cheap to report), then the program module, the dataset and the
 * store are loaded. Throws `UsageError` or `InputError`.
 *
 * @example
 * const setup = await prepareJob(parseCommandLine(args, JOB_FLAGS), io, { command: "eval" });
 */
export async function prepareJob(
  parsed: ParsedCommandLine,
  io: CliIo,
  options: { command: string },
): Promise<JobSetup> {
  const { values, positionals } = parsed;
  if (positionals.length !== 2) {
    throw new UsageError(
      `${options.command} takes a program module and a JSONL dataset, got ${positionals.length} argument${positionals.length === 1 ? "" : "s"}.`,
    );
  }
  const concurrency = integerFlag(values, "concurrency", 8, 1, 1024);
  const maxErrors = integerFlag(values, "max-errors", 10, 1);
  const runId = stringFlag(values, "run-id");
  const storePath = stringFlag(values, "store");
  const model = stringFlag(values, "model");
  const baseURL = stringFlag(values, "base-url");
  if (baseURL !== undefined && !/^https?:\/\//.test(baseURL)) {
    throw new UsageError(`--base-url must be an http(s) URL, got '${baseURL}'.`);
  }
  if (baseURL !== undefined && model === undefined) throw new UsageError("--base-url needs --model.");
  if (values.port !== undefined && !values.serve) throw new UsageError("--port is for --serve.");
  const servePort = values.serve ? integerFlag(values, "port", DEFAULT_PORT, 0, 65_535) : undefined;
  const explicitKeys = stringFlag(values, "input-keys")
    ?.split(",")
    .map((key) => key.trim())
    .filter(Boolean);
  if (explicitKeys?.length === 0) throw new UsageError("--input-keys needs at least one field name.");

  const [programPath, dataPath] = positionals as [string, string];
  const loaded = await loadProgram(programPath, io.cwd);
  if (options.command !== "run" && loaded.metric === undefined) {
    throw new InputError(
      `${programPath}: ${options.command} needs a \`metric\` export (example, prediction) => score.`,
    );
  }
  const inputKeys = explicitKeys ?? loaded.inputFields;
  if (!inputKeys) throw new UsageError(`Cannot tell the inputs of ${programPath}'s program; pass --input-keys.`);
  const examples = await loadDataset(dataPath, io.cwd, inputKeys);

  let lm: BaseLM;
  if (model !== undefined) lm = new LM(model, { baseURL, cache: values.cache !== false });
  else if (loaded.lm) lm = loaded.lm;
  else throw new UsageError(`No LM: pass --model (e.g. openai/gpt-4o-mini) or export \`lm\` from ${programPath}.`);

  return {
    loaded,
    examples,
    lm,
    store: openStore(storePath),
    storePath,
    runId,
    concurrency,
    maxErrors,
    json: values.json === true,
    servePort,
  };
}

/**
 * The SQLite store at `path`, or an in-memory one; an unusable file is an {@link InputError}.
 *
 * @example
 * const store = openStore("runs.db");
 */
export function openStore(path: string | undefined): RunStore {
  if (path === undefined) return new MemoryRunStore();
  try {
    return new SqliteRunStore({ path });
  } catch (error) {
    throw new InputError(`${path}: cannot open the run store: ${(error as Error).message}`);
  }
}
