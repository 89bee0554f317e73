import { floatRepr } from "../utils/python-repr.js";
import type { EvaluationProgress } from "./evaluation-result.js";

/** Where the progress line goes: a stream with an optional TTY flag (process.stderr). */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/**
 * DSPy's tqdm description, `Average Metric: 2.00 / 3 (66.7%)`, kept on one terminal line. On a
 * terminal it is redrawn after every example; elsewhere (CI logs, files) only the final line is
 * written, so a 100k-example run does not print 100k lines.
 *
 * @example
 * const line = new ProgressLine(process.stderr);
 * line.update({ done: 1, total: 3, errors: 0, sum: 1, score: 100 });
 * line.end();
 */
export class ProgressLine {
  #last: string | undefined;

  constructor(private readonly stream: ProgressStream) {}

  /** Redraws the line (on a terminal). */
  update(progress: EvaluationProgress): void {
    this.#last = `Average Metric: ${progress.sum.toFixed(2)} / ${progress.done - progress.errors} (${floatRepr(progress.score)}%) [${progress.done}/${progress.total}]`;
    if (this.stream.isTTY) this.stream.write(`\r${this.#last}`);
  }

  /** Finishes the line. */
  end(): void {
    if (this.#last === undefined) return;
    this.stream.write(this.stream.isTTY ? "\n" : `${this.#last}\n`);
  }
}
