import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DSPyError } from "../errors/dspy-error.js";
import { ProgramStateError } from "../errors/program-state-error.js";
import { DSPY_TYPESCRIPT_VERSION, readProgramFile, savedProgramMetadata, writeProgramFile } from "./program-file.js";

async function tempFile(name: string, text?: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), "dspy-saved-")), name);
  if (text !== undefined) await writeFile(path, text, "utf8");
  return path;
}

async function loadError(path: string): Promise<ProgramStateError> {
  const error = await readProgramFile(path).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ProgramStateError);
  return error as ProgramStateError;
}

describe("program files", () => {
  it("writes the state, then our metadata, which DSPy's loader accepts (see check-saved-roundtrip.sh)", async () => {
    const path = await tempFile("p.json");
    await writeProgramFile({ predict: { lm: null } }, path);
    expect(await readFile(path, "utf8")).toBe(
      `{\n  "predict": {\n    "lm": null\n  },\n  "metadata": {\n    "dependency_versions": {},\n    "dspy_typescript": "${DSPY_TYPESCRIPT_VERSION}"\n  }\n}\n`,
    );
    expect(await readProgramFile(path)).toEqual({ predict: { lm: null }, metadata: savedProgramMetadata() });
  });

  it("records the package's real version", async () => {
    const packageJson = JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8"));
    expect(DSPY_TYPESCRIPT_VERSION).toBe(packageJson.version);
  });

  it("refuses paths that are not .json, as DSPy does for anything but .json/.pkl", async () => {
    await expect(writeProgramFile({}, "program.txt")).rejects.toThrow(
      new DSPyError("`path` must end with `.json`, but received: program.txt", { code: "invalid_argument" }),
    );
    await expect(readProgramFile("program.pkl")).rejects.toThrow(/Python-only/);
  });

  it("reports a file that is not JSON", async () => {
    const error = await loadError(await tempFile("bad.json", "{not json"));
    expect(error.message).toMatch(/^Saved program '.*bad\.json' is not valid JSON: /);
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it("reports the wrong top-level shape", async () => {
    const error = await loadError(await tempFile("list.json", "[1]"));
    expect(error.message).toMatch(/must hold a JSON object keyed by predictor name, but holds a list\.$/);
  });

  it("requires metadata.dependency_versions, as DSPy's load does", async () => {
    const error = await loadError(await tempFile("nometa.json", '{"predict": {}}'));
    expect(error.field).toBe("metadata.dependency_versions");
    expect(error.pythonType).toBe("KeyError");
  });
});
