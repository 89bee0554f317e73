import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import type { Snippet } from "./doc-snippets.js";

/**
 * Names the docs use without defining them, as a reader would expect them to exist ("your trainset",
 * "your program"). A snippet's own declaration of such a name shadows this one.
 */
export const PLACEHOLDERS = `
import type { ChainOfThought, Example, LM, Prediction } from "dspy-typescript";
import type { OptimizerMetricFn } from "dspy-typescript/optimizers";
import type { Job } from "dspy-typescript/runtime";
declare global {
  /** Your training examples, inputs marked with withInputs. */
  const trainset: Example[];
  /** Your validation examples. */
  const valset: Example[];
  /** Your evaluation examples. */
  const devset: Example[];
  /** Your metric. */
  const metric: OptimizerMetricFn;
  /** Your program. */
  const program: ChainOfThought;
  /** The program an optimizer compiles. */
  const student: ChainOfThought;
  /** A running job. */
  const job: Job<unknown>;
  /** An LM. */
  const lm: LM;
  /** Cancels a run. */
  const signal: AbortSignal;
  /** One example and a prediction for it. */
  const example: Example;
  const prediction: Prediction;
  const question: string;
}
export {};
`;

/** A type error in a snippet, located in its Markdown page. */
export interface SnippetDiagnostic {
  page: string;
  line: number;
  message: string;
}

/**
 * Type-checks snippets against the package's source: each becomes a module in a temporary
 * directory where "dspy-typescript" and its subpaths map to src/ (tsconfig paths), compiled with the
 * repository's compiler options. Returns the errors, located in the pages.
 *
 * @example
 * typeCheckSnippets(process.cwd(), allSnippets(process.cwd()));
 */
export function typeCheckSnippets(root: string, snippets: readonly Snippet[]): SnippetDiagnostic[] {
  const directory = mkdtempSync(join(tmpdir(), "doc-snippets-"));
  try {
    writeFileSync(join(directory, "package.json"), JSON.stringify({ type: "module" }));
    symlinkSync(join(root, "node_modules"), join(directory, "node_modules"), "dir");
    mkdirSync(join(directory, "snippets"));
    const placeholders = join(directory, "placeholders.ts");
    writeFileSync(placeholders, PLACEHOLDERS);
    const files = new Map<string, { snippet: Snippet; offset: number }>();
    snippets.forEach((snippet, index) => {
      const name = join(
        directory,
        "snippets",
        `${snippet.page.replace(/[^a-z0-9]+/gi, "-")}-${snippet.line}-${index}.ts`,
      );
      const head = `${snippet.prelude}\nexport {};\n`;
      writeFileSync(name, `${head}${snippet.code}\n`);
      files.set(name, { snippet, offset: head.split("\n").length - 1 });
    });
    const config = ts.readConfigFile(join(root, "tsconfig.json"), ts.sys.readFile);
    const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
    const options: ts.CompilerOptions = {
      ...parsed.options,
      noEmit: true,
      declaration: false,
      sourceMap: false,
      noUnusedLocals: false,
      paths: {
        "dspy-typescript": [join(root, "src/index.ts")],
        "dspy-typescript/*": [join(root, "src/*/index.ts")],
      },
    };
    const program = ts.createProgram([placeholders, ...files.keys()], options);
    const found: SnippetDiagnostic[] = [];
    for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
      const file = diagnostic.file;
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
      const origin = file ? files.get(file.fileName) : undefined;
      if (!file || !origin) {
        found.push({ page: file?.fileName ?? "(program)", line: 0, message });
        continue;
      }
      const { line } = file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      const inPrelude = line < origin.offset;
      found.push({
        page: origin.snippet.page,
        line: inPrelude ? origin.snippet.line - 2 : origin.snippet.line + line - origin.offset,
        message: inPrelude ? `(in the snippet's prelude) ${message}` : message,
      });
    }
    return found;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
