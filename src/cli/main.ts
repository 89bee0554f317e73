#!/usr/bin/env node
/**
 * The `dspy-typescript` executable (package.json `bin`). Everything lives in {@link runCli};
 * this file only binds it to the real process.
 *
 * @example
 * // npx dspy-typescript eval qa.ts dev.jsonl --model openai/gpt-4o-mini
 */
import { processIo } from "./cli-io.js";
import { runCli } from "./run-cli.js";

// `dspy-typescript inspect … | head` closes the pipe early; that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await runCli(process.argv.slice(2), processIo());
// A keep-alive socket or a stray timer must not hold a finished command open; an unref'd timer
// fires only if something else still keeps the process alive.
setTimeout(() => process.exit(), 1_000).unref();
