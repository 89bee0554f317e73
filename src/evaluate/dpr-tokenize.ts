/**
 * The DPR tokenizer DSPy borrows for passage matching (`dspy/dsp/utils/dpr.py`): after NFD,
 * a token is a run of letters, digits and marks, or any single character that is neither a
 * separator nor a control/format/unassigned one (so punctuation stands alone).
 */
const TOKEN = /[\p{L}\p{N}\p{M}]+|[^\p{Z}\p{C}]/gu;

/**
 * DSPy's `DPR_normalize`: the lowercased tokens of the NFD form of `text`.
 *
 * @example
 * dprNormalize("Café, e.g."); // ["cafe\u0301", ",", "e", ".", "g", "."]
 */
export function dprNormalize(text: string): string[] {
  return Array.from(text.normalize("NFD").matchAll(TOKEN), (match) => match[0].toLowerCase());
}

/**
 * DSPy's `has_answer`: whether one of the token sequences occurs contiguously among the
 * tokens of `text`. An empty answer occurs in every text, as in DSPy.
 *
 * @example
 * hasAnswer([dprNormalize("eiffel tower")], "the eiffel tower is tall"); // true
 */
export function hasAnswer(tokenizedAnswers: readonly (readonly string[])[], text: string): boolean {
  const tokens = dprNormalize(text);
  return tokenizedAnswers.some((answer) => {
    for (let start = 0; start + answer.length <= tokens.length; start++) {
      if (answer.every((token, offset) => tokens[start + offset] === token)) return true;
    }
    return false;
  });
}
