import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");

describe("examples/bridge-gepa.ts", () => {
  it("Python GEPA optimizes through the bridge with a TS metric; both runtimes then send identical prompts", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "examples/bridge-gepa.ts"], {
      cwd: root,
      timeout: 170_000,
    });
    expect(stdout).toMatch(/GEPA ran in Python \(\d+ calls of the TypeScript metric\)/);
    // The seed instruction scores 0; the reflection LM's proposal is the only way to 100%.
    expect(stdout).toContain('Optimized instruction: "Given a question about a country, answer with its capital');
    expect(stdout).toContain('Python answered {"answer":"NAIROBI"}; native answered {"answer":"NAIROBI"}.');
    expect(stdout).toContain("Prompts identical in both runtimes: true");
  }, 180_000);
});
