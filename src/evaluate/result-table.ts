import { Example } from "../primitives/example.js";
import { pyStr } from "../utils/python-repr.js";
import type { EvaluationTuple } from "./evaluation-result.js";

/**
 * DSPy's result table as plain text: one row per example with the example's and the
 * prediction's fields merged (a key on both sides becomes `example_k` and `pred_k`), then a
 * column named after the metric reading `✔️ [0.500]` for numbers and `✔️ [True]` for booleans.
 * Cells are cut to 25 words plus `...`, as DSPy's `truncate_cell` does. The layout is a simple
 * aligned grid, not pandas' exact rendering.
 *
 * @example
 * console.log(formatResultTable(result.results, "answerExactMatch", 10));
 */
export function formatResultTable(results: readonly EvaluationTuple[], metricName: string, limit?: number): string {
  const shown = limit === undefined ? results : results.slice(0, limit);
  const rows = shown.map(([example, prediction, score]) => ({
    ...mergeFields(example, prediction),
    [metricName]: metricCell(score),
  }));
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const cells = rows.map((row, index) => [String(index), ...columns.map((column) => cell(row[column]))]);
  const header = ["", ...columns];
  const widths = header.map((title, column) => Math.max(width(title), ...cells.map((row) => width(row[column] ?? ""))));
  const render = (row: string[]) =>
    row
      .map((text, column) => text + " ".repeat((widths[column] ?? 0) - width(text)))
      .join("  ")
      .trimEnd();
  const lines = [render(header), ...cells.map(render)];
  const hidden = results.length - shown.length;
  if (hidden > 0) lines.push(`... ${hidden} more rows not displayed ...`);
  return lines.join("\n");
}

// DSPy's merge_dicts: colliding keys are renamed on both sides.
function mergeFields(example: Example, prediction: Example): Record<string, unknown> {
  const left = example.toDict();
  const right = prediction instanceof Example ? prediction.toDict() : {};
  const merged: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(left)) merged[Object.hasOwn(right, key) ? `example_${key}` : key] = value;
  for (const [key, value] of Object.entries(right)) merged[Object.hasOwn(left, key) ? `pred_${key}` : key] = value;
  return merged;
}

function metricCell(score: unknown): string {
  if (typeof score === "number") return `✔️ [${score.toFixed(3)}]`;
  if (score === null || score === undefined) return "";
  return `✔️ [${score instanceof Example ? pyStr(score.get("score")) : pyStr(score)}]`;
}

function cell(value: unknown): string {
  const text = (value === undefined ? "NaN" : pyStr(value)).replaceAll("\n", " ");
  const words = text.split(/\s+/).filter(Boolean);
  return words.length > 25 ? `${words.slice(0, 25).join(" ")}...` : text;
}

function width(text: string): number {
  return [...text].length;
}
