/**
 * The scripted server's `/v1/embeddings` answers: deterministic vectors keyed on the input text
 * (hash-seeded unless a script gives the exact vector), in OpenAI's wire format.
 */

/** How the scripted server answers `POST /v1/embeddings`. */
export interface ScriptedEmbeddings {
  /** Length of the hash-seeded vectors (default 16; a request's `dimensions` wins). */
  dimensions?: number;
  /** Exact vectors for some texts; other texts get hash-seeded ones. A function returning `undefined` falls back too. */
  vectors?: Readonly<Record<string, number[]>> | ((text: string) => number[] | undefined);
  /** Wait before answering, in ms. */
  latencyMs?: number;
}

/**
 * A unit-length vector seeded by the text's FNV-1a hash: the same text always gets the same
 * vector, different texts almost surely different ones.
 *
 * @example
 * hashedVector("hello", 4).length; // 4
 */
export function hashedVector(text: string, dimensions: number): number[] {
  let state = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) state = Math.imul(state ^ text.charCodeAt(index), 0x01000193);
  const vector = Array.from({ length: dimensions }, () => {
    // xorshift32 steps from the hash, mapped to [-1, 1).
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x80000000 - 1;
  });
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
}

/**
 * The body of an OpenAI `embeddings` response for `body` (`input` a string or a list of strings).
 * Returns `undefined` when the input is not text, so the server can answer 400.
 *
 * @example
 * embeddingsBody({ model: "m", input: ["a", "b"] }, {}).data.length; // 2
 */
export function embeddingsBody(body: Record<string, unknown> | undefined, script: ScriptedEmbeddings) {
  const input = body?.input;
  const texts = typeof input === "string" ? [input] : input;
  if (!Array.isArray(texts) || !texts.every((text): text is string => typeof text === "string")) return undefined;
  const dimensions = typeof body?.dimensions === "number" ? body.dimensions : (script.dimensions ?? 16);
  const scripted = (text: string) =>
    typeof script.vectors === "function" ? script.vectors(text) : script.vectors?.[text];
  const tokens = texts.reduce((sum, text) => sum + text.split(/\s+/).filter(Boolean).length, 0);
  return {
    object: "list",
    data: texts.map((text, index) => ({
      object: "embedding",
      index,
      embedding: scripted(text) ?? hashedVector(text, dimensions),
    })),
    model: String(body?.model ?? "scripted"),
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}
