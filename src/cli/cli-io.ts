/** A stream the CLI writes to: `process.stdout`/`process.stderr`, or a test double. */
export interface CliStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/**
 * Everything the CLI touches of its process, passed in so commands stay testable in-process
 * and nothing happens at import.
 *
 * @example
 * const code = await runCli(["inspect", "--store", "runs.db"], processIo());
 */
export interface CliIo {
  stdout: CliStream;
  stderr: CliStream;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** Calls `handler` on SIGINT/SIGTERM until the returned function is called. */
  onSignal(handler: (signal: "SIGINT" | "SIGTERM") => void): () => void;
  /** Ends the process now (a second Ctrl-C while a job winds down). */
  exitNow(code: number): void;
}

/**
 * The real process's streams, environment and signals.
 *
 * @example
 * process.exitCode = await runCli(process.argv.slice(2), processIo());
 */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    onSignal(handler) {
      const onInt = () => handler("SIGINT");
      const onTerm = () => handler("SIGTERM");
      process.on("SIGINT", onInt);
      process.on("SIGTERM", onTerm);
      return () => {
        process.off("SIGINT", onInt);
        process.off("SIGTERM", onTerm);
      };
    },
    exitNow: (code) => process.exit(code),
  };
}
