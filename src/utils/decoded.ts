/**
 * The outcome of a Python-compatible decoder that may reject its input (`json.loads`,
 * `ast.literal_eval`): the decoded value, or `{ ok: false }` where Python would raise.
 *
 * @example
 * const result: Decoded = pyLiteralEval("(1, 2)");
 * if (result.ok) console.log(result.value); // [1, 2]
 */
export type Decoded = { ok: true; value: unknown } | { ok: false };
