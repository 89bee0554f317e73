import { type ParseArgsConfig, parseArgs } from "node:util";
import { UsageError } from "./exit-codes.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Options every job command (run, eval, optimize) takes. */
export const JOB_FLAGS = {
  "input-keys": { type: "string" },
  concurrency: { type: "string" },
  "run-id": { type: "string" },
  store: { type: "string" },
  json: { type: "boolean" },
  model: { type: "string" },
  "base-url": { type: "string" },
  cache: { type: "boolean", default: true },
  "max-errors": { type: "string" },
  serve: { type: "boolean" },
  port: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const satisfies Options;

/** What {@link parseCommandLine} returns: flag values by name, and the positionals. */
export interface ParsedCommandLine {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/**
 * `node:util` parseArgs in strict mode, with its errors turned into {@link UsageError}s that say
 * which flag is wrong.
 *
 * @example
 * parseCommandLine(["--json", "x.ts"], { json: { type: "boolean" } }); // { values: { json: true }, positionals: ["x.ts"] }
 */
export function parseCommandLine(args: string[], options: Options): ParsedCommandLine {
  try {
    const { values, positionals } = parseArgs({
      args,
      options,
      strict: true,
      allowPositionals: true,
      allowNegative: true,
    });
    return { values: values as ParsedCommandLine["values"], positionals };
  } catch (error) {
    const message = String((error as Error).message ?? error)
      .replace(/\. To specify a positional argument starting with a '-'.*$/s, ".")
      .trim();
    throw new UsageError(message);
  }
}

/**
 * A flag's value as an integer within bounds, or a {@link UsageError} naming the flag.
 *
 * @example
 * integerFlag({ concurrency: "4" }, "concurrency", 8, 1); // 4
 */
export function integerFlag(
  values: ParsedCommandLine["values"],
  name: string,
  fallback: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const text = String(raw).trim();
  const value = Number(text);
  if (!/^-?\d+$/.test(text) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer from ${min} to ${max}`;
    throw new UsageError(`--${name} must be ${range}, got '${raw}'.`);
  }
  return value;
}

/**
 * A string flag, or undefined; an empty value is a {@link UsageError} (`--run-id ""`).
 *
 * @example
 * stringFlag({ model: "openai/gpt-4o-mini" }, "model"); // "openai/gpt-4o-mini"
 */
export function stringFlag(values: ParsedCommandLine["values"], name: string): string | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== "string" || raw.trim() === "") throw new UsageError(`--${name} needs a value.`);
  return raw;
}
