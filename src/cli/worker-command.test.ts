import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CliIo } from "./cli-io.js";
import { runCli } from "./run-cli.js";

// Starting a worker against a real Redis is covered by test/scale (npm run test:scale); these
// are the command line's own checks, which need no server.
function memoryIo(env: Record<string, string> = {}) {
  const out = { stdout: "", stderr: "" };
  const io: CliIo = {
    stdout: { write: (text: string) => (out.stdout += text) },
    stderr: { write: (text: string) => (out.stderr += text) },
    env,
    cwd: import.meta.dirname,
    onSignal: () => () => {},
    exitNow: () => {},
  };
  return { io, out };
}

const program = join(import.meta.dirname, "__fixtures__", "qa-program.ts");

describe("dspy-typescript worker", () => {
  it("prints its help, and is listed in the main help", async () => {
    const { io, out } = memoryIo();
    expect(await runCli(["worker", "--help"], io)).toBe(0);
    expect(out.stdout).toContain("Usage: dspy-typescript worker <program> --redis");
    const main = memoryIo();
    expect(await runCli(["--help"], main.io)).toBe(0);
    expect(main.out.stdout).toContain("dspy-typescript worker");
  });

  it.each([
    [[program], "worker needs --redis redis://host:port (or $DSPY_REDIS_URL)."],
    [[program, "--redis", "http://localhost:6379"], "--redis must be a redis:// URL, got 'http://localhost:6379'."],
    [[], "worker takes one program module, got 0."],
    [
      [program, "--redis", "redis://127.0.0.1:1", "--concurrency", "0"],
      "--concurrency must be an integer from 1 to 1024",
    ],
    [[program, "--redis", "redis://127.0.0.1:1", "--base-url", "http://x"], "--base-url needs --model."],
    [[program, "--redis", "redis://127.0.0.1:1", "--shared-cache"], "--shared-cache needs --model"],
  ])("refuses %j with a usage error (exit 2)", async (args, message) => {
    const { io, out } = memoryIo();
    expect(await runCli(["worker", ...args], io)).toBe(2);
    expect(out.stderr).toContain(message);
  });

  it("needs a metric export and an LM before it connects anywhere", async () => {
    const noProgram = memoryIo({ DSPY_REDIS_URL: "redis://127.0.0.1:1" });
    expect(await runCli(["worker", join(import.meta.dirname, "__fixtures__", "no-program.ts")], noProgram.io)).toBe(3);
    expect(noProgram.out.stderr).toContain("must export `program`");
    const noLm = memoryIo({ DSPY_REDIS_URL: "redis://127.0.0.1:1" });
    expect(await runCli(["worker", program], noLm.io)).toBe(2);
    expect(noLm.out.stderr).toContain("No LM: pass --model or export `lm`");
  });
});
