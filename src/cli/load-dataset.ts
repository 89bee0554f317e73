import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { Example } from "../primitives/example.js";
import { InputError } from "./exit-codes.js";

/**
 * Reads a JSONL dataset — one JSON object per line, blank lines skipped — into examples with
 * `inputKeys` marked as inputs. Every problem is an {@link InputError} that names the file and
 * line: a missing file, invalid JSON, a line that is not an object, a row without an input key,
 * an empty file.
 *
 * @example
 * const devset = await loadDataset("dev.jsonl", process.cwd(), ["question"]);
 */
export async function loadDataset(path: string, cwd: string, inputKeys: readonly string[]): Promise<Example[]> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, path), "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      code === "ENOENT" ? `${path}: dataset not found.` : `${path}: cannot read: ${(error as Error).message}`,
    );
  }
  const examples: Example[] = [];
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  lines.forEach((line, index) => {
    if (line.trim() === "") return;
    const where = `${path}:${index + 1}`;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch (error) {
      throw new InputError(`${where}: not valid JSON (${(error as Error).message}).`);
    }
    if (typeof row !== "object" || row === null || Array.isArray(row)) {
      throw new InputError(
        `${where}: each line must be a JSON object, got ${Array.isArray(row) ? "an array" : typeof row}.`,
      );
    }
    const missing = inputKeys.filter((key) => !(key in row));
    if (missing.length > 0) {
      throw new InputError(
        `${where}: missing input field${missing.length > 1 ? "s" : ""} ${missing.map((key) => `'${key}'`).join(", ")}.`,
      );
    }
    examples.push(new Example(row as Record<string, unknown>).withInputs(...inputKeys));
  });
  if (examples.length === 0) throw new InputError(`${path}: no rows (expected one JSON object per line).`);
  return examples;
}
