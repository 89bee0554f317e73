/**
 * Building blocks of the `fewshot` oracle cases: training rows (an example plus how the scripted
 * LM answers it — right or wrong), and the case builder that turns a row set into a CASES.md case
 * whose scripted LM knows every row's answer.
 */
/** A JSON object. */
export type Json = Record<string, unknown>;

/** One training row plus how the scripted LM answers it. */
export interface Row {
  example: Json;
  /** Substring of the question that selects the scripted answer. */
  when: string;
  answer: Json;
}

const WRONG_STYLES = ["off by one", "unknown", "blank"] as const;

/**
 * An arithmetic question with a known answer; `right` decides whether the scripted LM agrees
 * (right answers come in forms exact match normalises away, wrong ones in several styles).
 *
 * @example
 * qaRow(3, true).example; // { question: "Q3: What is 8 plus 4?", answer: "12" }
 */
export function qaRow(
  index: number,
  right: boolean,
  options: { extra?: boolean; reasoning?: boolean; style?: number } = {},
): Row {
  const a = (index * 7) % 13;
  const b = (index * 5) % 11;
  const truth = String(a + b);
  const tag = `Q${index}:`;
  const example: Json = { question: `${tag} What is ${a} plus ${b}?`, answer: truth };
  if (options.extra) example.source = index % 2 === 0 ? "book" : "web";
  const style = WRONG_STYLES[(options.style ?? index) % WRONG_STYLES.length];
  // Right answers come in forms exact match normalises away (articles, punctuation, case).
  const rightForms = [truth, `${truth}.`, `The ${truth}`];
  let said: unknown = right
    ? rightForms[index % rightForms.length]
    : style === "off by one"
      ? String(a + b + 1)
      : "unknown";
  if (!right && style === "blank") said = "";
  const answer: Json = { answer: said };
  if (options.reasoning) answer.reasoning = `${a} and ${b} make ${right ? truth : said}.`;
  return { example, when: tag, answer };
}

/**
 * A question with an int label: exact match refuses int labels, and "many" cannot be parsed as an int.
 *
 * @example
 * intRow(0, "unparseable").answer; // { answer: "many" }
 */
export function intRow(index: number, mode: "right" | "wrong" | "unparseable"): Row {
  const a = index + 2;
  const tag = `N${index}:`;
  const example: Json = { question: `${tag} How many sides have ${a} squares?`, answer: a * 4 };
  const said = mode === "right" ? a * 4 : mode === "wrong" ? a * 4 + 1 : "many";
  return { example, when: tag, answer: { answer: said } };
}

/**
 * A row with two inputs, one of them a list.
 *
 * @example
 * contextRow(1, false).answer; // { answer: "Atlantis" }
 */
export function contextRow(index: number, right: boolean): Row {
  const cities = ["Paris", "Berlin", "Rome", "Madrid", "Lisbon", "Vienna", "Oslo", "Dublin"];
  const countries = ["France", "Germany", "Italy", "Spain", "Portugal", "Austria", "Norway", "Ireland"];
  const city = cities[index % cities.length] as string;
  const country = countries[index % countries.length] as string;
  const tag = `C${index}:`;
  const example: Json = {
    context: [`${city} is the capital of ${country}.`],
    question: `${tag} Which country has ${city}?`,
    answer: country,
  };
  return { example, when: tag, answer: { answer: right ? country : "Atlantis" } };
}

function script(rows: Row[], cot: boolean): Json {
  return {
    answers: rows.map((row) => ({
      when: row.when,
      fields: cot && !("reasoning" in row.answer) ? { reasoning: "Thinking it through.", ...row.answer } : row.answer,
    })),
    default: { answer: "no idea" },
  };
}

/**
 * `count` arithmetic rows from `offset` on, right (1) or wrong (0) by the cycled `pattern`.
 *
 * @example
 * qaRows(4, HALF, 10); // Q10 right, Q11 wrong, Q12 right, Q13 wrong
 */
export function qaRows(
  count: number,
  pattern: number[],
  offset = 0,
  options: { extra?: boolean; reasoning?: boolean } = {},
): Row[] {
  return Array.from({ length: count }, (_, i) => qaRow(offset + i, pattern[i % pattern.length] === 1, options));
}

/** What a case varies: optimizer, params, student, rows, metric (`null`: none). */
export interface Spec {
  optimizer: "LabeledFewShot" | "BootstrapFewShot" | "BootstrapFewShotWithRandomSearch";
  params?: Json;
  module?: "Predict" | "ChainOfThought";
  signature?: string;
  train: Row[];
  val?: Row[];
  inputKeys?: string[];
  metric?: string | null;
}

/**
 * The CASES.md `fewshot` case for a spec; its scripted LM answers every train and val row.
 *
 * @example
 * build("fewshot-x", { optimizer: "LabeledFewShot", train: qaRows(3, HALF), metric: null });
 */
export function build(id: string, spec: Spec): Json {
  const module = spec.module ?? "Predict";
  const testCase: Json = {
    kind: "fewshot",
    id,
    optimizer: spec.optimizer,
    params: spec.params ?? {},
    module,
    signature: spec.signature ?? "question -> answer",
    trainset: spec.train.map((row) => row.example),
    input_keys: spec.inputKeys ?? ["question"],
    lm: script([...spec.train, ...(spec.val ?? [])], module === "ChainOfThought"),
  };
  if (spec.val) testCase.valset = spec.val.map((row) => row.example);
  if (spec.metric !== null) testCase.metric = spec.metric ?? "exact_match:answer";
  return testCase;
}

/**
 * Answer patterns, cycled over rows: 1 the scripted LM is right, 0 it is wrong.
 *
 * @example
 * qaRows(6, HALF); // right, wrong, right, wrong, right, wrong
 */
export const HALF = [1, 0];
/**
 * Three right answers in four.
 *
 * @example
 * qaRows(8, MOSTLY_RIGHT);
 */
export const MOSTLY_RIGHT = [1, 1, 0, 1];
/**
 * One right answer in five.
 *
 * @example
 * qaRows(10, MOSTLY_WRONG);
 */
export const MOSTLY_WRONG = [0, 0, 1, 0, 0];
