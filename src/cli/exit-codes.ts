/**
 * What the CLI's exit code means, so scripts and CI can branch on it.
 *
 * @example
 * process.exitCode = ExitCode.usage;
 */
export const ExitCode = {
  /** The command did what was asked. */
  ok: 0,
  /** The job ran and failed (an error stopped it, or every example failed). */
  jobFailed: 1,
  /** The command line is wrong: unknown command or flag, missing or malformed value. */
  usage: 2,
  /** A file named on the command line is missing or unusable (program module, dataset, store). */
  badInput: 3,
  /** Interrupted with Ctrl-C (SIGINT); the job was cancelled and its finished work kept. */
  interrupted: 130,
  /** Stopped with SIGTERM; the job was cancelled and its finished work kept. */
  terminated: 143,
} as const;

/** One of the {@link ExitCode} values. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * A command-line mistake: reported with a pointer to `--help`, exit code 2.
 *
 * @example
 * throw new UsageError("--concurrency must be a positive integer, got 'x'.");
 */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/**
 * A missing or unusable input file: reported with the file (and line) at fault, exit code 3.
 *
 * @example
 * throw new InputError("data.jsonl:3: not valid JSON (Unexpected token).");
 */
export class InputError extends Error {
  override readonly name = "InputError";
}
