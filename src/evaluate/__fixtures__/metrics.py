"""Regenerates metrics.json from DSPy 3.4.1: normalize_text, token metrics, EM, answer matches,
DPR tokens, and the prompts and scores of SemanticF1 / CompleteAndGrounded.

    .venv-oracle/bin/python src/evaluate/__fixtures__/metrics.py > src/evaluate/__fixtures__/metrics.json
"""

import contextlib
import json
import math
import random
import sys
import warnings

warnings.simplefilter("ignore")

import dspy  # noqa: E402
from dspy.dsp.utils import DPR_normalize  # noqa: E402
from dspy.evaluate import metrics as M  # noqa: E402
from dspy.utils.dummies import DummyLM  # noqa: E402

rng = random.Random(7)

FIXED = [
    "", " ", "The Eiffel Tower!", "The,  Eiffel  Tower!", "a", "an", "the", "The", "THE", "An apple a day",
    "á", "A\u0301 b", "café", "Café au lait", "İstanbul", "straße", "ΣΑΣ", "ΟΔΟΣ.", "ὈΔΥΣΣΕΎΣ", "Ǆemal",
    "ﬁne", "½ a cup", "a²", "²a", "2nd", "x_a_y a", "the_a", "the-a", "a-b", "A.B.", "Mr. O'Neil's",
    "¿Qué pasa?", "’quoted’ “double”", "«guillemets» the", "x\u00a0a\u00a0y", "line\u2028the\u2029end",
    "\x1c a\x85b", "\ufeffa", "tab\tthe\ncat\r\n", "🚀 a rocket", "emoji 👩‍💻 a zwj", "日本語 the 東京",
    "ＡＢＣ the ａ", "Ⅻ a", "३ a", "a\u0300\u0301", "the\u200bthe", "an\u00adan", "I", "KELVIN \u212a",
    "ß", "ŉ", "ǰ", "ΐ", "Straße the STRASSE", "yes", "No.", "noanswer", "no answer", "Yes!",
    "  padded  ", "multi\nline\n\ntext", "[[ ## fake ## ]] a", "42", "3.14", "-7", "1,000", "1 000",
]
POOL = list("aAnNtThHeE ._-,'!?\t\n\u00a0\u0301\u0300éÉßΣσς日本😀²½Ⅻİıĳﬁ\u200b\u2028\x85\x1c«»’") + ["the", "an", "a", " the ", " a "]


def rand_text():
    return "".join(rng.choice(POOL) for _ in range(rng.randint(0, 14)))


TEXTS = FIXED + [rand_text() for _ in range(400)]


def outcome(fn):
    try:
        value = fn()
        if isinstance(value, float) and not math.isfinite(value):
            return {"float": repr(value)}  # JSON has no NaN
        return {"value": value}
    except Exception as exc:  # noqa: BLE001
        return {"error": {"type": type(exc).__name__, "message": str(exc)}}


out = {}
# DSPy's print_message notices (F1 of two empty strings) go to stderr, the JSON to stdout.
redirect = contextlib.redirect_stdout(sys.stderr)
redirect.__enter__()
out["normalize"] = [[t, M.normalize_text(t)] for t in TEXTS]
out["dpr"] = [[t, DPR_normalize(t)] for t in TEXTS]

pairs = [(rng.choice(TEXTS), rng.choice(TEXTS)) for _ in range(400)]
pairs += [("the Eiffel Tower", "Eiffel Tower"), ("Eiffel Tower is in Paris", "Paris"), ("a a b", "a b b"),
          ("x x x y", "x y y"), ("", ""), ("the", "a"), ("yes", "no"), ("no", "No."), ("yes", "yes it is"),
          ("noanswer", "no answer"), ("paris france", "france paris paris")]
out["token"] = [
    [p, g, M.em_score(p, g), M.f1_score(p, g), M.precision_score(p, g), M.hotpot_f1_score(p, g)] for p, g in pairs
]

LISTS = [
    ("The Eiffel Tower", ["Eiffel Tower", "Louvre"]), ("paris", ["Paris, France"]), ("x", []), ("x", "x"),
    ("x", ("x",)), ("x", ["x", 3]), (3, ["3"]), (None, ["x"]), ("Eiffel Tower is in Paris", ["Paris", "Louvre"]),
    ("yes", ["no", "yes"]), ("a b c", ["a", "b c", "c a b"]),
]
out["lists"] = [[p, a, outcome(lambda: M.EM(p, a)), outcome(lambda: M.F1(p, a)), outcome(lambda: M.HotPotF1(p, a))]
                for p, a in LISTS if not isinstance(a, tuple)]
out["lists_tuple"] = [outcome(lambda: M.EM("x", ("x",))), outcome(lambda: M.F1("x", ("x",)))]

ANSWERS = [
    ("Paris", "paris", None), ("Paris", "The Paris!", None), ("Paris", "Paris, France", None),
    ("Paris", "Paris, France", 0.5), ("Paris", "Paris, France", 0.7), (["Eiffel Tower", "Louvre"], "The Eiffel Tower", None),
    (["Eiffel Tower", "Louvre"], "Eiffel", 0.5), (["Eiffel Tower", "Louvre"], "Eiffel", 0.8), ([], "x", None),
    (3, "3", None), (None, "x", None), ({"a": 1}, "x", None), (["a", 3], "a", None), ("x", ["x"], None),
    ("x", 3, None), ("café", "Cafe\u0301", None), ("á", "\u0301", None), ("the", "", None), ("", "", None),
    ("", "", 0.5), ("x", "x", 1.5), ("x y", "x", 0.0), ("x", "y", 0.0), ("x", "y", -1.0),
]
out["answer_exact_match"] = [
    [a, p, frac, outcome(lambda: M.answer_exact_match(dspy.Example(answer=a), dspy.Prediction(answer=p),
                                                       **({} if frac is None else {"frac": frac})))]
    for a, p, frac in ANSWERS
]
out["answer_exact_match_missing"] = [
    outcome(lambda: M.answer_exact_match(dspy.Example(q="x"), dspy.Prediction(answer="x"))),
    outcome(lambda: M.answer_exact_match(dspy.Example(answer="x"), dspy.Prediction(q="x"))),
]

PASSAGES = [
    ("Eiffel Tower", ["The Eiffel Tower is in Paris.", "..."]), ("eiffel", ["The Eiffel Tower"]),
    ("Tower Eiffel", ["The Eiffel Tower"]), (["Louvre", "Tower"], ["The Eiffel Tower"]), ("a", ["xyz"]),
    ("", ["xyz"]), ("", []), ("x", []), ("b", "xbz"), ("ab", "xabz"), ("3.5%", ["it rose 3.5% today"]),
    ("3.5", ["it rose 3.5% today"]), ("café", ["CAFE\u0301 noir"]), ("cafe", ["café noir"]),
    ("e.g.", ["e.g. this"]), ("Straße", ["die strasse"]), (3, ["3"]), ("x", None), ("x", [3]), ("x", {"x y": 1}),
    (["a", 3], ["xyz"]), ("New York", ["new-york city"]), ("New York", ["newyork"]),
]
out["answer_passage_match"] = [
    [a, c, outcome(lambda: M.answer_passage_match(dspy.Example(answer=a), dspy.Prediction(context=c)))]
    for a, c in PASSAGES
]


def judge_case(name, make, answers, example, pred, trace=None):
    lm = DummyLM(answers)
    with dspy.context(lm=lm, adapter=dspy.ChatAdapter()):
        result = outcome(lambda: make()(example, pred, trace=trace).score)
    return {"name": name, "answers": answers, "example": dict(example), "prediction": dict(pred),
            "trace": trace is not None, "result": result, "messages": [h["messages"] for h in lm.history]}


EX = dspy.Example(question="What is the capital of France?", response="Paris is the capital of France.")
PRED = dspy.Prediction(response="The capital is Paris, a city in France.",
                       context=["Paris is the capital and largest city of France.", "Lyon is in France."])
judges = []
for rec, prec in [("0.8", "0.5"), ("1.0", "1.0"), ("0", "0"), ("1.5", "-0.2"), ("nan", "0.5")]:
    judges.append(judge_case("semantic", lambda: dspy.evaluate.SemanticF1(), [{"reasoning": "r", "recall": rec, "precision": prec}], EX, PRED))
judges.append(judge_case("semantic-trace-pass", lambda: dspy.evaluate.SemanticF1(threshold=0.6),
                         [{"reasoning": "r", "recall": "0.8", "precision": "0.5"}], EX, PRED, trace=[]))
judges.append(judge_case("semantic-trace-fail", lambda: dspy.evaluate.SemanticF1(),
                         [{"reasoning": "r", "recall": "0.8", "precision": "0.5"}], EX, PRED, trace=[]))
judges.append(judge_case("semantic-decompositional", lambda: dspy.evaluate.SemanticF1(decompositional=True),
                         [{"reasoning": "r", "ground_truth_key_ideas": "1. Paris", "system_response_key_ideas": "1. Paris\n2. city",
                           "discussion": "overlap", "recall": "1.0", "precision": "0.5"}], EX, PRED))
judges.append(judge_case("semantic-missing-response", lambda: dspy.evaluate.SemanticF1(),
                         [{"reasoning": "r", "recall": "1", "precision": "1"}], EX, dspy.Prediction(answer="x")))
cg = [{"reasoning": "r1", "ground_truth_key_ideas": "1. Paris", "system_response_key_ideas": "1. Paris", "discussion": "same",
       "completeness": "0.9"},
      {"reasoning": "r2", "system_response_claims": "1. Paris is the capital", "discussion": "supported", "groundedness": "0.6"}]
judges.append(judge_case("complete-and-grounded", lambda: dspy.evaluate.CompleteAndGrounded(), cg, EX, PRED))
judges.append(judge_case("complete-and-grounded-trace", lambda: dspy.evaluate.CompleteAndGrounded(threshold=0.7), cg, EX, PRED, trace=[]))
out["judges"] = judges

redirect.__exit__(None, None, None)
print(json.dumps(out, ensure_ascii=False, indent=1, allow_nan=False))
