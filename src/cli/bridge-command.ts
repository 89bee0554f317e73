import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { CliIo } from "./cli-io.js";
import { ExitCode, UsageError } from "./exit-codes.js";
import { parseCommandLine } from "./parse-command-line.js";
import { COMMAND_USAGE } from "./usage.js";

/** What `bridge_lock.py check` reports about an env. */
interface LockReport {
  python: string;
  implementation: string;
  platform: string;
  packages: number;
  problems: string[];
}

/**
 * `dspy-typescript bridge setup`: creates the Python env the bridge workers run in from the
 * committed lock (scripts/bridge/requirements.lock: dspy 3.4.1 and every resolved dependency,
 * pinned, installed with --no-deps), or reuses it when it was built from the same lock, then
 * checks it against scripts/bridge/bridge-lock.json (Python version, platform, package
 * versions, file hashes) and reports any difference. `--check` only checks.
 *
 * @example
 * // npx dspy-typescript bridge setup --venv .venv-bridge
 */
export async function bridgeCommand(args: string[], io: CliIo): Promise<number> {
  const [subcommand, ...rest] = args;
  if (subcommand === "--help" || subcommand === "-h" || subcommand === "help") {
    io.stdout.write(`${COMMAND_USAGE.bridge}\n`);
    return ExitCode.ok;
  }
  if (subcommand !== "setup") throw new UsageError("the only bridge command is 'bridge setup'.");
  const { values, positionals } = parseCommandLine(rest, {
    venv: { type: "string" },
    python: { type: "string" },
    check: { type: "boolean" },
    json: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    io.stdout.write(`${COMMAND_USAGE.bridge}\n`);
    return ExitCode.ok;
  }
  if (positionals.length > 0) throw new UsageError(`bridge setup takes no arguments, got '${positionals[0]}'.`);
  const root = fileURLToPath(new URL("../../", import.meta.url));
  const venv = resolve(io.cwd, String(values.venv ?? io.env.BRIDGE_VENV ?? join(root, ".venv-bridge")));
  const json = values.json === true;
  if (!values.check) {
    const env = { ...io.env, BRIDGE_VENV: venv, ...(values.python ? { PYTHON: String(values.python) } : {}) };
    const log = json ? io.stderr : io.stdout;
    const code = await run("bash", [join(root, "scripts/bridge/setup-venv.sh")], env, log, io.stderr);
    if (code !== 0) {
      io.stderr.write(`dspy-typescript bridge setup: building ${venv} failed (exit ${code}).\n`);
      return ExitCode.jobFailed;
    }
  }
  const python = join(venv, "bin", "python");
  if (!existsSync(python)) {
    io.stderr.write(`dspy-typescript bridge setup: no Python env at ${venv}; run without --check to create it.\n`);
    return ExitCode.badInput;
  }
  let output = "";
  const code = await run(
    python,
    [join(root, "scripts/bridge/bridge_lock.py"), "check"],
    io.env,
    {
      write: (text: string) => (output += text),
    },
    io.stderr,
  );
  const report = parseReport(output);
  if (!report) {
    io.stderr.write(`dspy-typescript bridge setup: the lock check failed (exit ${code}).\n`);
    return ExitCode.jobFailed;
  }
  if (json) io.stdout.write(`${JSON.stringify({ venv, ...report })}\n`);
  else if (report.problems.length === 0) {
    io.stdout.write(
      `bridge env ready: ${venv}\n  Python ${report.python} (${report.implementation}, ${report.platform}), ` +
        `${report.packages} packages as in scripts/bridge/bridge-lock.json\n`,
    );
  } else {
    io.stderr.write(`bridge env at ${venv} differs from scripts/bridge/bridge-lock.json:\n`);
    for (const problem of report.problems) io.stderr.write(`  - ${problem}\n`);
  }
  return report.problems.length === 0 ? ExitCode.ok : ExitCode.jobFailed;
}

function parseReport(output: string): LockReport | undefined {
  try {
    return JSON.parse(output.trim().split("\n").at(-1) ?? "") as LockReport;
  } catch {
    return undefined;
  }
}

function run(
  command: string,
  args: string[],
  env: Readonly<Record<string, string | undefined>>,
  stdout: { write(text: string): unknown },
  stderr: { write(text: string): unknown },
): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.setEncoding("utf8").on("data", (text: string) => stdout.write(text));
    child.stderr.setEncoding("utf8").on("data", (text: string) => stderr.write(text));
    child.once("error", (error) => {
      stderr.write(`${error.message}\n`);
      resolve(127);
    });
    child.once("close", (code) => resolve(code ?? 1));
  });
}
