import { bridgeCommand } from "./bridge-command.js";
import type { CliIo } from "./cli-io.js";
import { evaluateCommand } from "./evaluate-command.js";
import { ExitCode, InputError, UsageError } from "./exit-codes.js";
import { inspectCommand } from "./inspect-command.js";
import { errorMessage } from "./job-report.js";
import { optimizeCommand } from "./optimize-command.js";
import { serveCommand } from "./serve-command.js";
import { MAIN_USAGE } from "./usage.js";
import { workerCommand } from "./worker-command.js";

const COMMANDS: Record<string, (args: string[], io: CliIo) => Promise<number>> = {
  run: (args, io) => evaluateCommand("run", args, io),
  eval: (args, io) => evaluateCommand("eval", args, io),
  optimize: optimizeCommand,
  serve: serveCommand,
  inspect: inspectCommand,
  bridge: bridgeCommand,
  worker: workerCommand,
};

/**
 * The `dspy-typescript` command line: dispatches to a subcommand and turns every error into a
 * message on stderr and a meaningful exit code (see `ExitCode`). Never throws.
 *
 * @example
 * process.exitCode = await runCli(process.argv.slice(2), processIo());
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    (command === undefined ? io.stderr : io.stdout).write(`${MAIN_USAGE}\n`);
    return command === undefined ? ExitCode.usage : ExitCode.ok;
  }
  const handler = COMMANDS[command];
  if (!handler) {
    io.stderr.write(`dspy-typescript: unknown command '${command}'.\n\n${MAIN_USAGE}\n`);
    return ExitCode.usage;
  }
  try {
    return await handler(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(
        `dspy-typescript ${command}: ${error.message}\nRun 'dspy-typescript ${command} --help' for usage.\n`,
      );
      return ExitCode.usage;
    }
    if (error instanceof InputError) {
      io.stderr.write(`dspy-typescript ${command}: ${error.message}\n`);
      return ExitCode.badInput;
    }
    io.stderr.write(`dspy-typescript ${command}: ${errorMessage(error)}\n`);
    return ExitCode.jobFailed;
  }
}
