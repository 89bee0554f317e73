import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Snippet } from "./doc-snippets.js";

/** What a snippet printed. */
export interface SnippetRun {
  stdout: string;
  stderr: string;
}

/**
 * Runs one snippet as its own ESM program (tsx), in a fresh temporary directory that is also its
 * working directory and its LM cache directory, with "dspy-typescript" mapped to the package's
 * source. `env` is added to the environment (e.g. `OPENAI_BASE_URL` of a ScriptedServer); `setup` is
 * code run first, defining the placeholders the snippet uses (e.g. `trainset`). Rejects
 * with the snippet's stderr when it exits non-zero.
 *
 * @example
 * const { stdout } = await runSnippet(process.cwd(), snippet, { OPENAI_BASE_URL: server.baseURL });
 */
export async function runSnippet(
  root: string,
  snippet: Snippet,
  env: Record<string, string>,
  setup = "",
): Promise<SnippetRun> {
  const directory = mkdtempSync(join(tmpdir(), "doc-snippet-run-"));
  try {
    writeFileSync(join(directory, "package.json"), JSON.stringify({ type: "module" }));
    symlinkSync(join(root, "node_modules"), join(directory, "node_modules"), "dir");
    const paths = {
      "dspy-typescript": [join(root, "src/index.ts")],
      "dspy-typescript/*": [join(root, "src/*/index.ts")],
    };
    writeFileSync(
      join(directory, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", target: "ES2023", paths },
      }),
    );
    const file = join(directory, "snippet.ts");
    writeFileSync(file, `${setup}\n${snippet.prelude}\n${snippet.code}\n`);
    const tsx = join(root, "node_modules/.bin/tsx");
    return await new Promise<SnippetRun>((resolve, reject) => {
      execFile(
        tsx,
        ["--tsconfig", join(directory, "tsconfig.json"), file],
        {
          cwd: directory,
          env: { ...process.env, DSPY_TS_CACHEDIR: join(directory, "cache"), NO_COLOR: "1", ...env },
          timeout: 120_000,
        },
        (error, stdout, stderr) => {
          if (error) reject(new Error(`${snippet.page}:${snippet.line} failed: ${error.message}\n${stderr}`));
          else resolve({ stdout, stderr });
        },
      );
    });
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
