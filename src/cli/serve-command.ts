import { createServer } from "../server/create-server.js";
import type { CliIo } from "./cli-io.js";
import { ExitCode, UsageError } from "./exit-codes.js";
import { DEFAULT_PORT, openStore } from "./job-setup.js";
import { integerFlag, parseCommandLine, stringFlag } from "./parse-command-line.js";
import { COMMAND_USAGE } from "./usage.js";

const SERVE_FLAGS = {
  store: { type: "string" },
  host: { type: "string" },
  port: { type: "string" },
  token: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * `dspy-typescript serve --store runs.db`: the dashboard over a store until Ctrl-C (exit 0).
 * The token may come from `$DSPY_DASHBOARD_TOKEN`, which keeps it out of `ps` listings.
 *
 * @example
 * await serveCommand(["--store", "runs.db", "--port", "4173"], io);
 */
export async function serveCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandLine(args, SERVE_FLAGS);
  if (values.help) {
    io.stdout.write(`${COMMAND_USAGE.serve}\n`);
    return ExitCode.ok;
  }
  if (positionals.length > 0) throw new UsageError(`serve takes no arguments, got '${positionals[0]}'.`);
  const storePath = stringFlag(values, "store");
  if (storePath === undefined) throw new UsageError("serve needs --store <runs.db>.");
  const port = integerFlag(values, "port", DEFAULT_PORT, 0, 65_535);
  const host = stringFlag(values, "host") ?? "127.0.0.1";
  const token = stringFlag(values, "token") ?? (io.env.DSPY_DASHBOARD_TOKEN || undefined);
  const store = openStore(storePath);
  let server: ReturnType<typeof createServer>;
  try {
    server = createServer({ store, host, port, token });
  } catch (error) {
    // A missing token for a public host, or a short one: the command line must change.
    await store.close();
    if ((error as { code?: string }).code === "value_error") throw new UsageError((error as Error).message);
    throw error;
  }
  let url: string;
  try {
    url = await server.listen();
  } catch (error) {
    await store.close();
    throw new UsageError(`Cannot listen on ${host}:${port}: ${(error as Error).message}`);
  }
  io.stdout.write(values.json ? `${JSON.stringify({ url })}\n` : `Dashboard: ${url}/  (Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    const off = io.onSignal(() => {
      off();
      resolve();
    });
  });
  await server.close();
  await store.close();
  return ExitCode.ok;
}
