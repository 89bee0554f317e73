import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { Bridge } from "../../src/bridge/bridge.js";
import { bridgePaths } from "../../src/bridge/bridge-paths.js";
import { DSPY_VERSION, TYPINGS_GENERATOR_SHA256 } from "../../src/bridge/generated/index.js";
import type { CliIo } from "../../src/cli/cli-io.js";
import { runCli } from "../../src/cli/run-cli.js";

const paths = bridgePaths();
const generator = join(paths.root, "scripts/bridge/generate-typings.py");
const generated = join(paths.root, "src/bridge/generated");
const lockPath = join(paths.root, "scripts/bridge/bridge-lock.json");
const lock = JSON.parse(readFileSync(lockPath, "utf8")) as Record<string, unknown> & {
  packages: Record<string, string>;
};
const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

function memoryIo(
  env: Record<string, string | undefined> = process.env,
): CliIo & { out: () => string; err: () => string } {
  let out = "";
  let err = "";
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    env,
    cwd: paths.root,
    onSignal: () => () => {},
    exitNow: () => {},
    out: () => out,
    err: () => err,
  };
}

describe("generated typings", () => {
  it("regenerating from the installed DSPy gives the committed files, byte for byte", async () => {
    const target = mkdtempSync(join(tmpdir(), "bridge-typings-"));
    await promisify(execFile)(paths.python, [generator, target]);
    const fresh = readdirSync(target).sort();
    expect(readdirSync(generated).sort()).toEqual(fresh);
    for (const file of fresh) {
      expect(readFileSync(join(generated, file), "utf8"), file).toBe(readFileSync(join(target, file), "utf8"));
    }
    expect(fresh).toContain("predict.ts");
    expect(fresh.length).toBeGreaterThan(50);
  });

  it("records the generator's hash in the typings and in the lock", () => {
    expect(TYPINGS_GENERATOR_SHA256).toBe(sha256(generator));
    expect(lock.typingsGeneratorSha256).toBe(TYPINGS_GENERATOR_SHA256);
    expect(DSPY_VERSION).toBe("3.4.1");
    expect(lock.packages.dspy).toBe(DSPY_VERSION);
  });

  it("types Bridge.create and Bridge.invoke from DSPy's signatures (defaults and docs included)", async () => {
    const predict = readFileSync(join(generated, "predict.ts"), "utf8");
    expect(predict).toContain("signature: string | PyRef;");
    expect(predict).toMatch(/\/\*\* @default False \*\/\n\s+allow_unsafe_lm_state\?: boolean;/);
    expect(predict).toContain("Basic DSPy module that maps inputs to outputs using a language model.");
    const bridge = await Bridge.start({ size: 1 });
    try {
      const cot = await bridge.create("ChainOfThought", { signature: "question -> answer" });
      expect(cot.type).toBe("dspy.ChainOfThought");
      expect(await bridge.invoke("ChainOfThought", cot, "dump_state", { json_mode: true })).toMatchObject({
        predict: { demos: [] },
      });
      // @ts-expect-error: ChainOfThought has no method "fly"
      await expect(bridge.invoke("ChainOfThought", cot, "fly", {})).rejects.toMatchObject({ code: "python_error" });
      // @ts-expect-error: Evaluate needs a devset
      await expect(bridge.create("Evaluate", {})).rejects.toMatchObject({ code: "python_error" });
    } finally {
      await bridge.close();
    }
  });
});

describe("lock and `dspy-typescript bridge setup`", () => {
  let badLock: string;
  beforeAll(() => {
    badLock = join(mkdtempSync(join(tmpdir(), "bridge-lock-")), "bridge-lock.json");
    writeFileSync(badLock, JSON.stringify({ ...lock, python: "3.0.0", packages: { ...lock.packages, dspy: "3.4.0" } }));
  });

  it("the lock records interpreter, platform, packages and file hashes that match this env", async () => {
    expect(lock).toMatchObject({ implementation: "CPython", proto: "proto/bridge.proto" });
    expect(lock.protoSha256).toBe(sha256(paths.proto));
    expect(lock.requirementsSha256).toBe(sha256(join(paths.root, "scripts/bridge/requirements.lock")));
    const io = memoryIo();
    expect(await runCli(["bridge", "setup", "--check", "--json"], io)).toBe(0);
    const report = JSON.parse(io.out()) as { python: string; platform: string; packages: number; problems: string[] };
    expect(report.problems).toEqual([]);
    expect(report.python).toBe(lock.python);
    expect(report.packages).toBe(Object.keys(lock.packages).length);
  });

  it("setup reuses an env built from the same lock and reports it ready", async () => {
    const io = memoryIo();
    expect(await runCli(["bridge", "setup"], io)).toBe(0);
    expect(io.out()).toMatch(/bridge venv ready: .*\.venv-bridge \(dspy 3\.4\.1/);
    expect(io.out()).toMatch(/bridge env ready: .*\n {2}Python 3\.\d+\.\d+ \(CPython, .+\), \d+ packages as in/);
  });

  it("reports every difference from the lock and fails", async () => {
    const io = memoryIo({ ...process.env, BRIDGE_LOCK: badLock });
    expect(await runCli(["bridge", "setup", "--check"], io)).toBe(1);
    expect(io.err()).toMatch(/python: lock has 3\.0\.0, this interpreter is 3\./);
    expect(io.err()).toMatch(/package dspy: lock has 3\.4\.0, installed 3\.4\.1/);
  });

  it("says what is wrong with the command line or a missing env", async () => {
    const usage = memoryIo();
    expect(await runCli(["bridge", "setup", "extra"], usage)).toBe(2);
    expect(usage.err()).toMatch(/takes no arguments/);
    const missing = memoryIo();
    expect(await runCli(["bridge", "setup", "--check", "--venv", "/nonexistent/venv"], missing)).toBe(3);
    expect(missing.err()).toMatch(/no Python env at \/nonexistent\/venv/);
  });
});
