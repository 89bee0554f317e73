/**
 * The catalogue of `evaluate` oracle cases: DSPy's Evaluate over Predict / ChainOfThought with a
 * scripted LM, devsets answered right and wrong, list-valued answers, Unicode and punctuation
 * normalisation, failing examples (bad answer types, parse failures) up to and past DSPy's
 * `max_errors` (10), an empty devset, and percentages whose rounding is delicate.
 */
import { Prng } from "./prng.js";

type Json = Record<string, unknown>;
/** A devset row and the scripted LM entry that answers it. */
type Entry = { row: Json; entry: { when: string; fields: Json } };

/** A devset row `Qn: text` whose scripted LM answer is `predicted`. */
const row = (n: number, text: string, answer: unknown, predicted: unknown, extra: Json = {}): Entry => ({
  row: { question: `Q${n}: ${text}`, answer, ...extra },
  entry: { when: `Q${n}: `, fields: { answer: predicted } },
});

function makeCase(id: string, rows: Entry[], options: Json = {}): Json {
  const { reasoning, ...rest } = options as { reasoning?: string } & Json;
  return {
    kind: "evaluate",
    id: `evaluate-${id}`,
    module: "Predict",
    signature: "question -> answer",
    devset: rows.map((r) => r.row),
    input_keys: ["question"],
    metric: "exact_match:answer",
    lm: {
      answers: rows.map((r) =>
        reasoning === undefined ? r.entry : { ...r.entry, fields: { reasoning, ...r.entry.fields } },
      ),
      default: { answer: "unknown" },
    },
    ...rest,
  };
}

const CAPITALS: [string, string][] = [
  ["capital of France?", "Paris"],
  ["capital of Japan?", "Tokyo"],
  ["capital of Italy?", "Rome"],
  ["capital of Peru?", "Lima"],
  ["capital of Kenya?", "Nairobi"],
  ["capital of Chile?", "Santiago"],
  ["capital of Spain?", "Madrid"],
  ["capital of Egypt?", "Cairo"],
  ["capital of Canada?", "Ottawa"],
  ["capital of Norway?", "Oslo"],
  ["capital of Greece?", "Athens"],
  ["capital of Cuba?", "Havana"],
];

/** n rows of which the first `right` are answered correctly. */
function capitals(n: number, right: number, offset = 0): Entry[] {
  return Array.from({ length: n }, (_, i) => {
    const [text, answer] = CAPITALS[(i + offset) % CAPITALS.length] as [string, string];
    return row(i, text, answer, i < right ? answer : "Atlantis");
  });
}

function handWritten(): Json[] {
  const cases: Json[] = [];
  const add = (id: string, rows: Entry[], options: Json = {}) => cases.push(makeCase(id, rows, options));
  add("all-right", capitals(3, 3));
  add("one-of-three", capitals(3, 1));
  add("two-of-three", capitals(3, 2));
  add("none-right", capitals(4, 0));
  add("one-of-seven", capitals(7, 1));
  add("five-of-nine", capitals(9, 5));
  add("five-of-eleven", capitals(11, 5));
  add("one-of-eight", capitals(8, 1));
  add("cot-two-of-three", capitals(3, 2), { module: "ChainOfThought", reasoning: "Recall the atlas." });
  add("cot-no-reasoning", capitals(5, 4), { module: "ChainOfThought" });
  add("always", capitals(4, 1), { metric: "always" });
  add("always-cot", capitals(2, 0), { metric: "always", module: "ChainOfThought" });
  add("list-answers", [
    row(1, "largest ocean?", ["Pacific", "Pacific Ocean"], "the Pacific Ocean"),
    row(2, "tallest mountain?", ["Everest", "Mount Everest", "Sagarmatha"], "Mt. Everest"),
    row(3, "longest river?", ["Nile", "Amazon"], "Amazon"),
    row(4, "empty list?", [], "anything"),
  ]);
  add("unicode-normalisation", [
    row(1, "coffee?", "Café", "cafe\u0301"),
    row(2, "greek road?", "ΟΔΟΣ", "οδος"),
    row(3, "german street?", "Straße", "strasse"),
    row(4, "turkish city?", "İstanbul", "i\u0307stanbul"),
    row(5, "ligature?", "ﬁne", "fine"),
    row(6, "accented a?", "á", "\u0301"),
    row(7, "japanese?", "東京", "東京"),
    row(8, "fullwidth?", "ＡＢＣ", "ａｂｃ"),
  ]);
  add("punctuation-and-articles", [
    row(1, "country?", "U.S.A.", "USA"),
    row(2, "quoted?", "«Paris»", "Paris"),
    row(3, "dog?", "a dog", "The dog!"),
    row(4, "apostrophe?", "O'Neil's", "ONeils"),
    row(5, "curly quote?", "’tis", "tis"),
    row(6, "underscore?", "snake_case", "snakecase"),
    row(7, "an article?", "an apple", "apple"),
    row(8, "spaces?", "New   York", "new york"),
    row(9, "inverted?", "¿Qué?", "qué"),
    row(10, "numbers?", "1,000", "1000"),
  ]);
  add("bad-answer-types", [
    row(1, "int answer?", 42, "42"),
    row(2, "null answer?", null, "x"),
    row(3, "mixed list?", ["a", 3], "a"),
    row(4, "good?", "yes", "yes"),
  ]);
  add("nine-errors-then-right", [
    ...capitals(9, 0).map((r) => ({ ...r, row: { ...r.row, answer: 7 } })),
    row(9, "ok?", "ok", "ok"),
  ]);
  add(
    "ten-errors-cancel",
    capitals(10, 10).map((r) => ({ ...r, row: { ...r.row, answer: 7 } })),
  );
  add("twelve-errors-cancel", [
    row(0, "ok?", "ok", "ok"),
    ...capitals(12, 12, 1).map((r, i) => ({
      ...r,
      row: { ...r.row, question: `Q${i + 1}: x`, answer: { a: 1 } },
      entry: { ...r.entry, when: `Q${i + 1}: ` },
    })),
  ]);
  add(
    "int-output-parse-failure",
    capitals(3, 3).map((r, i) => (i === 1 ? { ...r, entry: { ...r.entry, fields: { answer: "forty-two" } } } : r)),
    {
      signature: "question -> answer: int",
    },
  );
  add("int-output-vs-string-answer", [row(1, "six times seven?", "42", 42), row(2, "one plus one?", "2", 2)], {
    signature: "question -> answer: int",
  });
  add(
    "label-field",
    [
      {
        row: { question: "Q1: great film", label: "positive" },
        entry: { when: "Q1: ", fields: { label: "Positive." } },
      },
      {
        row: { question: "Q2: awful film", label: "negative" },
        entry: { when: "Q2: ", fields: { label: "positive" } },
      },
      {
        row: { question: "Q3: fine film", label: ["neutral", "mixed"] },
        entry: { when: "Q3: ", fields: { label: "Mixed" } },
      },
    ],
    { signature: "question -> label", metric: "exact_match:label" },
  );
  add(
    "two-inputs",
    [
      row(1, "where is Paris?", "France", "France", { context: ["Paris is in France."] }),
      row(2, "where is Lima?", "Peru", "Chile", { context: ["Lima is in Peru."] }),
    ],
    { signature: "context: list[str], question -> answer", input_keys: ["context", "question"] },
  );
  add(
    "extra-label-fields",
    capitals(3, 2).map((r) => ({ ...r, row: { ...r.row, source: "atlas", year: 2020 } })),
  );
  add("demos", capitals(4, 3), { demos: [{ question: "Q99: capital of Chad?", answer: "N'Djamena" }] });
  add("instructions-and-config", capitals(3, 1), {
    instructions: "Answer with the city only.",
    config: { temperature: 0.0 },
  });
  add("n-two-first-completion", capitals(3, 2), { config: { n: 2 } });
  add("default-answer", [
    row(1, "unscripted?", "unknown", "unknown"),
    { row: { question: "no entry here", answer: "unknown" }, entry: { when: "never-matches", fields: {} } },
  ]);
  add("missing-answer-field", [
    row(1, "ok?", "ok", "ok"),
    { row: { question: "Q2: none" }, entry: { when: "Q2: ", fields: { answer: "x" } } },
  ]);
  add("duplicate-questions", [row(1, "same?", "x", "x"), row(1, "same?", "y", "x"), row(1, "same?", "X.", "x")]);
  add("whitespace-answers", [
    row(1, "blank?", "  spaced  out  ", "spaced out"),
    row(2, "tabs?", "a\tb", "a b"),
    row(3, "nbsp?", "a\u00a0b", "a b"),
  ]);
  add("single-example-right", capitals(1, 1));
  add("single-example-wrong", capitals(1, 0));
  cases.push({ ...makeCase("empty-devset", []), devset: [] });
  return cases;
}

const PREDICTED_VARIANTS = [
  (a: string) => a,
  (a: string) => a.toUpperCase(),
  (a: string) => `The ${a}.`,
  (a: string) => `${a}!!`,
  (a: string) => `${a} city`,
  (a: string) => `"${a}"`,
  () => "Atlantis",
  () => "",
];

/**
 * All generated evaluate cases: the hand-written ones, then seeded random devsets.
 *
 * @example
 * evaluateCases().length; // 58
 */
export function evaluateCases(): Json[] {
  const cases = handWritten();
  const random = new Prng(7070);
  for (let index = 0; index < 20; index++) {
    const size = random.int(1, 13);
    const rows = Array.from({ length: size }, (_, i) => {
      const [text, answer] = random.pick(CAPITALS);
      const variant = random.pick(PREDICTED_VARIANTS);
      const expected = random.chance(0.2) ? [answer, `${answer} City`] : answer;
      return row(i, text, expected, variant(answer));
    });
    const module = random.chance(0.5) ? "ChainOfThought" : "Predict";
    cases.push(makeCase(`random-${index}`, rows, module === "ChainOfThought" ? { module, reasoning: "Think." } : {}));
  }
  return cases;
}
