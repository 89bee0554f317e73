/**
 * Hand-written `fewshot` oracle cases, one per behaviour worth pinning: demo budgets, metrics and
 * thresholds, rounds, errors and `max_errors`, duplicates, ChainOfThought, multi-input rows, and
 * the random search's seeds, ties, `restrict`, `stop_at_score` and valset handling.
 */
import {
  contextRow,
  HALF,
  intRow,
  type Json,
  MOSTLY_RIGHT,
  MOSTLY_WRONG,
  qaRows,
  type Row,
  type Spec,
} from "./fewshot-rows.js";

type Extra = Omit<Spec, "optimizer" | "params" | "train">;
type Named = [string, Spec];

const lfs = (id: string, params: Json, train: Row[], extra: Extra = {}): Named => [
  `lfs-${id}`,
  { optimizer: "LabeledFewShot", params, train, metric: null, ...extra },
];
const bfs = (id: string, params: Json, train: Row[], extra: Extra = {}): Named => [
  `bfs-${id}`,
  { optimizer: "BootstrapFewShot", params, train, ...extra },
];
const rs = (id: string, params: Json, train: Row[], val: Row[] | undefined, extra: Extra = {}): Named => [
  `rs-${id}`,
  { optimizer: "BootstrapFewShotWithRandomSearch", params, train, ...(val ? { val } : {}), ...extra },
];

const ints = (modes: ("right" | "wrong" | "unparseable")[]) => modes.map((mode, i) => intRow(i, mode));
const contexts = (count: number, right: (i: number) => boolean) =>
  Array.from({ length: count }, (_, i) => contextRow(i, right(i)));
const CONTEXT: Extra = { signature: "context: list[str], question -> answer", inputKeys: ["context", "question"] };
const INT: Extra = { signature: "question -> answer: int" };
const COT: Extra = { module: "ChainOfThought" };
const d = (bootstrapped: number, labeled: number, more: Json = {}): Json => ({
  max_bootstrapped_demos: bootstrapped,
  max_labeled_demos: labeled,
  ...more,
});

/**
 * The hand-written cases, as `[id suffix, spec]`.
 *
 * @example
 * handWrittenSpecs().map(([id]) => id); // ["lfs-default", "lfs-k3", ...]
 */
export function handWrittenSpecs(): Named[] {
  return [
    lfs("default", {}, qaRows(20, HALF)),
    lfs("k3", { k: 3 }, qaRows(10, HALF)),
    lfs("k3-nosample", { k: 3, sample: false }, qaRows(10, HALF)),
    lfs("k-larger", { k: 8 }, qaRows(5, HALF)),
    lfs("k0", { k: 0 }, qaRows(6, HALF)),
    lfs("extra-fields-cot", { k: 4 }, qaRows(12, HALF, 3, { extra: true }), COT),
    lfs(
      "context",
      { k: 2 },
      contexts(7, () => true),
      CONTEXT,
    ),
    lfs("empty", {}, []),
    bfs("defaults", {}, qaRows(10, HALF)),
    bfs("all-right", {}, qaRows(8, [1])),
    bfs("all-wrong", {}, qaRows(8, [0])),
    bfs("mostly-wrong-20", d(3, 5), qaRows(20, MOSTLY_WRONG)),
    bfs("no-labeled", d(2, 0), qaRows(9, HALF)),
    bfs("zero-bootstrapped", d(0, 4), qaRows(9, HALF)),
    bfs("labeled-less-than-bootstrapped", d(4, 2), qaRows(9, MOSTLY_RIGHT)),
    bfs("no-metric", d(3, 6), qaRows(7, HALF), { metric: null }),
    bfs("always", { max_bootstrapped_demos: 5 }, qaRows(6, MOSTLY_WRONG), { metric: "always" }),
    bfs("threshold", { metric_threshold: 1, max_bootstrapped_demos: 2 }, qaRows(8, MOSTLY_WRONG)),
    bfs("threshold-zero", { metric_threshold: 0, max_bootstrapped_demos: 2 }, qaRows(8, MOSTLY_WRONG)),
    bfs("rounds-3", d(2, 3, { max_rounds: 3 }), qaRows(6, MOSTLY_WRONG)),
    bfs("cot", { max_bootstrapped_demos: 3 }, qaRows(10, MOSTLY_RIGHT, 20, { reasoning: true }), COT),
    bfs("cot-extra", d(2, 5), qaRows(12, HALF, 40, { extra: true }), COT),
    bfs(
      "context",
      d(2, 4),
      contexts(8, (i) => i % 3 !== 1),
      CONTEXT,
    ),
    bfs("duplicates", d(3, 6), [...qaRows(4, HALF), ...qaRows(4, HALF)]),
    bfs("int-always", { max_bootstrapped_demos: 2 }, ints(["right", "wrong", "right", "right", "wrong"]), {
      ...INT,
      metric: "always",
    }),
    bfs("int-metric-errors", { max_bootstrapped_demos: 2 }, ints(["right", "wrong", "right", "wrong"]), INT),
    bfs("int-metric-max-errors", { max_errors: 3 }, ints(["right", "wrong", "right", "wrong", "right"]), INT),
    bfs(
      "int-metric-default-max-errors",
      {},
      ints(Array.from({ length: 12 }, (_, i) => (i % 2 ? "wrong" : "right"))),
      INT,
    ),
    bfs("parse-errors", d(3, 4), ints(["unparseable", "right", "unparseable", "wrong", "right", "right"]), {
      ...INT,
      metric: "always",
    }),
    bfs(
      "parse-errors-rounds",
      { max_rounds: 2, max_errors: 4 },
      ints(["unparseable", "right", "unparseable", "right"]),
      {
        ...INT,
        metric: "always",
      },
    ),
    bfs("zero-rounds", { max_rounds: 0, max_labeled_demos: 3 }, qaRows(5, [1], 300)),
    bfs("three-examples", { max_bootstrapped_demos: 1 }, qaRows(3, [0, 1], 310)),
    bfs("twenty-examples-cot", d(5, 7), qaRows(20, MOSTLY_WRONG, 320, { reasoning: true }), COT),
    lfs("nosample-k-larger", { k: 30, sample: false }, qaRows(6, HALF, 340)),
    lfs("valset-refused", { k: 2 }, qaRows(4, HALF, 350), { val: qaRows(2, HALF, 360) }),
    ...randomSearchSpecs(),
  ];
}

function randomSearchSpecs(): Named[] {
  const n = (count: number, more: Json = {}): Json => ({ num_candidate_programs: count, ...more });
  return [
    rs("basic", n(3, d(3, 4)), qaRows(10, HALF), qaRows(6, MOSTLY_RIGHT, 50)),
    rs("no-valset", n(2, d(2, 3)), qaRows(8, MOSTLY_RIGHT), undefined),
    rs("zero-candidates", n(0, { max_bootstrapped_demos: 2 }), qaRows(6, HALF), qaRows(4, HALF, 60)),
    rs("stop-at-score", n(6, d(2, 2, { stop_at_score: 50 })), qaRows(8, HALF), qaRows(4, HALF, 70)),
    rs("restrict", n(5, d(3, 3, { restrict: [1, 3, -2] })), qaRows(12, MOSTLY_WRONG), qaRows(5, HALF, 80)),
    rs("labeled-nosample", n(1, d(1, 3, { labeled_sample: false })), qaRows(7, HALF), qaRows(3, [0], 90)),
    rs("cot", n(3, d(2, 3)), qaRows(9, MOSTLY_RIGHT, 100, { reasoning: true }), qaRows(5, HALF, 110), COT),
    rs(
      "threshold-rounds",
      n(2, d(3, 2, { max_rounds: 2, metric_threshold: 1 })),
      qaRows(10, MOSTLY_WRONG),
      qaRows(6, MOSTLY_RIGHT, 120),
    ),
    rs("seed-ignored", n(2, { max_bootstrapped_demos: 2, seed: 7 }), qaRows(6, HALF), qaRows(4, MOSTLY_RIGHT, 130)),
    rs(
      "int-always-parse-errors",
      n(2, d(2, 3)),
      ints(["right", "unparseable", "wrong", "right", "right"]),
      ints(["right", "wrong", "right"]),
      {
        ...INT,
        metric: "always",
      },
    ),
    rs("ties", n(4, d(2, 2)), qaRows(6, [1]), qaRows(3, [1], 140)),
    // Every candidate scores the same against the scripted LM, so `restrict` picks whose demos win.
    rs("seed-0", n(1, d(4, 6, { restrict: [0] })), qaRows(15, HALF), qaRows(3, HALF, 150)),
    rs("seed-5-cot", n(6, d(5, 8, { restrict: [5] })), qaRows(18, MOSTLY_RIGHT, 160), qaRows(3, HALF, 180), COT),
    rs("seeds-12-13", n(14, d(3, 5, { restrict: [13, 12] })), qaRows(20, HALF, 190), qaRows(2, [1], 220)),
    rs(
      "unbootstrapped-first",
      n(3, d(2, 4, { restrict: [-1, 2] })),
      qaRows(9, MOSTLY_WRONG, 230),
      qaRows(3, HALF, 240),
    ),
    rs(
      "evaluate-max-errors",
      n(1, { max_bootstrapped_demos: 1, max_errors: 2 }),
      ints(["right", "right", "wrong"]),
      ints(["right", "wrong", "right"]),
      INT,
    ),
    rs("only-zero-shot", n(3, { restrict: [-3] }), qaRows(5, HALF, 250), qaRows(3, HALF, 260)),
    rs(
      "stop-at-zero",
      n(3, { max_bootstrapped_demos: 2, stop_at_score: 0, restrict: [2, 1, 0] }),
      qaRows(8, MOSTLY_RIGHT, 270),
      qaRows(2, [0], 280),
    ),
    rs("restrict-nothing", n(2, { restrict: [9] }), qaRows(4, HALF, 290), undefined),
    rs("unknown-param", n(1, { seeds: 3 }), qaRows(3, HALF), undefined),
  ];
}
