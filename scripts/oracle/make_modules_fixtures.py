"""Golden fixtures for MultiChainComparison, BestOfN, Refine, majority and normalize_text, from DSPy 3.4.1.

    PYTHONHASHSEED=0 .venv-oracle/bin/python scripts/oracle/make_modules_fixtures.py > src/predict/__fixtures__/modules-golden.json

Each scenario runs a real DSPy module against a scripted BaseLM (run_py.py's approach: a `forward`
override, which 3.4.1 calls once per LM request with the per-call kwargs). The script answers in
order — BestOfN and Refine send the same messages several times, so keying on content would not
work — and every request is recorded with the per-call kwargs and the LM copy's own defaults
(`lm_kwargs`, where `rollout_id` and `temperature` live after `lm.copy(...)`).

Recorded per scenario: `script` (the answers, for the TypeScript side to replay), `requests`,
`result` (the prediction's fields, or null), `error` (type and message, or null), `trace` (what the
outer `dspy.context(trace=[])` received: each entry's signature string, inputs and outputs) and
`logs` (what the module printed). Refine scenarios also record `program_code` and `reward_code`,
the `inspect.getsource` texts Python puts in the feedback prompt, which TypeScript cannot produce.
"""

import contextlib
import io
import json
import os
import sys
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
warnings.simplefilter("ignore")

import dspy  # noqa: E402
from dspy.clients.base_lm import BaseLM  # noqa: E402
from dspy.evaluate import normalize_text  # noqa: E402
from run_py import _render_value, plain_json  # noqa: E402


class SequenceLM(BaseLM):
    """Answers with the next scripted field dict, rendered in ChatAdapter form in the dict's order.
    `state` is shared by the shallow copies `lm.copy(...)` makes, so every copy records into it."""

    def __init__(self, script, **kwargs):
        super().__init__("oracle/sequence", model_type="chat", temperature=None, max_tokens=None, cache=False,
                         num_retries=0, **kwargs)
        self.state = {"script": script, "next": 0, "requests": []}

    def forward(self, prompt=None, messages=None, **kwargs):
        state = self.state
        state["requests"].append({
            "messages": plain_json(messages),
            "kwargs": plain_json(dict(kwargs)),
            "lm_kwargs": plain_json(dict(self.kwargs)),
        })
        fields = state["script"][state["next"]] if state["next"] < len(state["script"]) else {}
        state["next"] += 1
        text = "".join(f"[[ ## {name} ## ]]\n{_render_value(value)}\n\n" for name, value in fields.items())
        text += "[[ ## completed ## ]]"
        return {
            "model": self.model,
            "usage": {},
            "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": text}}],
        }


class DraftThenAnswer(dspy.Module):
    def __init__(self):
        super().__init__()
        self.draft = dspy.Predict("question -> draft")
        self.final = dspy.ChainOfThought("question, draft -> answer")

    def forward(self, question):
        draft = self.draft(question=question).draft
        return self.final(question=question, draft=draft)


def one_word(args, pred):
    return 1.0 if len(pred.answer.split()) == 1 else 0.0


def length_score(args, pred):
    return min(len(pred.answer) / 10, 1.0)


def explode_on_boom(args, pred):
    if pred.answer == "boom":
        raise ValueError("reward exploded")
    return 1.0 if pred.answer == "ok" else 0.0


REWARDS = {"one_word": one_word, "length_score": length_score, "explode_on_boom": explode_on_boom}


def build_program(name):
    if name == "cot":
        return dspy.ChainOfThought("question -> answer")
    if name == "draft_then_answer":
        return DraftThenAnswer()
    raise ValueError(name)


def trace_json(trace):
    return [
        {"signature": p.signature.signature, "inputs": plain_json(i), "outputs": plain_json(dict(o.items()))}
        for p, i, o in trace
    ]


def run_scenario(spec):
    lm = SequenceLM(spec["script"], **spec.get("lm_kwargs", {}))
    out = {"script": spec["script"], "requests": lm.state["requests"], "calls": []}
    kind = spec["kind"]
    if kind == "mcc":
        module = dspy.MultiChainComparison(spec["signature"], **spec.get("params", {}))
    else:
        cls = dspy.BestOfN if kind == "best_of_n" else dspy.Refine
        module = cls(module=build_program(spec["program"]), reward_fn=REWARDS[spec["reward"]], **spec["params"])
        if kind == "refine":
            out["program_code"] = module.module_code
            out["reward_code"] = module.reward_fn_code
    for call in spec["calls"]:
        trace = []
        logs = io.StringIO()
        entry = {"result": None, "error": None}
        try:
            with dspy.context(lm=lm, adapter=dspy.ChatAdapter(), trace=trace), contextlib.redirect_stdout(logs):
                if kind == "mcc":
                    pred = module(call["completions"], **call["inputs"])
                else:
                    pred = module(**call["inputs"])
            entry["result"] = None if pred is None else plain_json(dict(pred.items()))
        except Exception as exc:  # noqa: BLE001 - the error is the expected output
            entry["error"] = {"type": type(exc).__name__, "message": str(exc)}
        entry["trace"] = trace_json(trace)
        entry["logs"] = logs.getvalue()
        if kind != "mcc":
            entry["fail_count_after"] = module.fail_count
        out["calls"].append(entry)
    return out


COT_Q = {"question": "What is the capital of Belgium?"}

SCENARIOS = {
    "mcc_basic": {
        "kind": "mcc",
        "signature": "question -> answer",
        "script": [{"rationale": "compare the attempts: Paris is right.", "answer": "Paris"}],
        "calls": [{
            "inputs": {"question": "What is the capital of France?"},
            "completions": [
                {"reasoning": "  recall that France's capital is Paris.\nMore text.", "answer": " Paris \nextra"},
                {"rationale": "think of Lyon", "reasoning": "ignored", "answer": "Lyon"},
                {"reasoning": "\n\nblank first line", "answer": "Paris"},
            ],
        }],
    },
    "mcc_typed_m2": {
        "kind": "mcc",
        "signature": "question, context: list[str] -> answer: int",
        "params": {"M": 2, "temperature": 0.3},
        "script": [{"rationale": "both say four", "answer": 4}],
        "calls": [{
            "inputs": {"question": "2+2?", "context": ["arithmetic", "«sums»"]},
            "completions": [
                {"reasoning": "two plus two", "answer": 4},
                {"reasoning": "it is «four»", "answer": 4.5},
            ],
        }],
    },
    "mcc_wrong_m": {
        "kind": "mcc", "signature": "question -> answer", "script": [],
        "calls": [{"inputs": {"question": "q"}, "completions": [{"reasoning": "r", "answer": "a"}]}],
    },
    "best_of_n_threshold": {
        "kind": "best_of_n", "program": "cot", "reward": "one_word", "params": {"N": 3, "threshold": 1.0},
        "script": [
            {"reasoning": "It is a city.", "answer": "The city of Brussels"},
            {"reasoning": "Capital.", "answer": "Brussels"},
        ],
        "calls": [{"inputs": COT_Q}],
    },
    "best_of_n_best": {
        "kind": "best_of_n", "program": "cot", "reward": "length_score", "params": {"N": 3, "threshold": 2.0},
        "lm_kwargs": {"rollout_id": 5},
        "script": [
            {"reasoning": "r1", "answer": "ab"},
            {"reasoning": "r2", "answer": "abcde"},
            {"reasoning": "r3", "answer": "vwxyz"},
        ],
        "calls": [{"inputs": COT_Q}],
    },
    "best_of_n_fail_count": {
        "kind": "best_of_n", "program": "cot", "reward": "explode_on_boom", "params": {"N": 3, "threshold": 1.0},
        "script": [
            {"reasoning": "r", "answer": "boom"},
            {"reasoning": "r", "answer": "ok"},
            {"reasoning": "r", "answer": "boom"},
            {"reasoning": "r", "answer": "boom"},
            {"reasoning": "r", "answer": "boom"},
        ],
        "calls": [{"inputs": {"question": "first"}}, {"inputs": {"question": "second"}}],
    },
    "best_of_n_all_fail_n2": {
        "kind": "best_of_n", "program": "cot", "reward": "explode_on_boom", "params": {"N": 2, "threshold": 1.0},
        "script": [{"reasoning": "r", "answer": "boom"}, {"reasoning": "r", "answer": "boom"}],
        "calls": [{"inputs": {"question": "q"}}],
    },
    "refine_cot": {
        "kind": "refine", "program": "cot", "reward": "one_word", "params": {"N": 3, "threshold": 1.0},
        "script": [
            {"reasoning": "It is a city.", "answer": "The city of Brussels"},
            {"discussion": "The answer was too long.", "advice": {"predict": "Answer with one word only."}},
            {"reasoning": "Still a city.", "answer": "It is Brussels"},
            {"discussion": "Still too long.", "advice": {"predict": "One word: the city name."}},
            {"reasoning": "Final.", "answer": "Brussels"},
        ],
        "calls": [{"inputs": COT_Q}],
    },
    "refine_two_modules": {
        "kind": "refine", "program": "draft_then_answer", "reward": "one_word", "params": {"N": 2, "threshold": 1.0},
        "script": [
            {"draft": "Belgium's capital, Brussels"},
            {"reasoning": "From the draft.", "answer": "Brussels, in Belgium"},
            {"discussion": "final.predict was verbose.", "advice": {"final.predict": "Reply with the city only."}},
            {"draft": "Brussels"},
            {"reasoning": "Short now.", "answer": "Brussels"},
        ],
        "calls": [{"inputs": COT_Q}],
    },
    "refine_never_reaches": {
        "kind": "refine", "program": "cot", "reward": "length_score", "params": {"N": 2, "threshold": 5.0},
        "script": [
            {"reasoning": "a", "answer": "x y"},
            {"discussion": "short", "advice": {}},
            {"reasoning": "b", "answer": "x"},
        ],
        "calls": [{"inputs": {"question": "Say something long", "extra": 3}}],
    },
}


MAJORITY_CASES = [
    {"completions": [{"answer": "Paris"}, {"answer": "the paris!"}, {"answer": "Lyon"}]},
    {"completions": [{"answer": "Lyon"}, {"answer": "Paris"}, {"answer": "paris"}, {"answer": "LYON."}]},
    {"completions": [{"answer": "a"}, {"answer": "The"}, {"answer": "an"}]},
    {"completions": [{"answer": "Café"}, {"answer": "cafe\u0301"}, {"answer": "cafe"}]},
    {"completions": [{"reasoning": "x", "answer": "B"}, {"reasoning": "x", "answer": "b"}], "field": "reasoning"},
    {"completions": [{"answer": "A"}, {"answer": "a"}, {"answer": "a"}], "normalize": None},
    {"completions": [{"answer": "yes", "score": "1"}, {"answer": "no", "score": "2"}, {"answer": "no", "score": "2"}]},
]

NORMALIZE_CASES = [
    "The,  Eiffel  Tower!", "thé", "the_", "a1 b", "An apple a day", "l'a", "ÀN Ünïcode", "\x1ca\x85b\ufeffc",
    "tHe", "— em—dash «quotes»", "", "   ", "İstanbul", "ΣΑΣ", "a.b,c", "the\u00a0a\u2003an",
]


def run_majority(case):
    kwargs = {key: case[key] for key in ("field", "normalize") if key in case}
    return {**case, "result": plain_json(dict(dspy.majority(case["completions"], **kwargs).items()))}


def run_majority_prediction():
    """majority over a Predict call with n=3: the field is the signature's last output field."""
    lm = SequenceLM(None)
    texts = [f"[[ ## note ## ]]\n{note}\n\n[[ ## answer ## ]]\n{answer}\n\n[[ ## completed ## ]]"
             for note, answer in [("first", "Blue"), ("second", "red"), ("third", "Red!")]]
    choices = [{"index": i, "finish_reason": "stop", "message": {"role": "assistant", "content": t}}
               for i, t in enumerate(texts)]
    lm.forward = lambda prompt=None, messages=None, **kwargs: {"model": "m", "usage": {}, "choices": choices}
    with dspy.context(lm=lm, adapter=dspy.ChatAdapter()):
        pred = dspy.Predict("question -> note, answer", n=3)(question="Sky color?")
    return {"completions": [plain_json(dict(c.items())) for c in pred.completions],
            "result": plain_json(dict(dspy.majority(pred).items()))}


def main():
    dspy.configure_cache(enable_disk_cache=False, enable_memory_cache=False)
    from dspy.predict.refine import OfferFeedback

    out = {
        "offer_feedback": {"instructions": OfferFeedback.instructions, "signature": OfferFeedback.signature},
        "scenarios": {name: run_scenario(spec) for name, spec in SCENARIOS.items()},
        "majority": [run_majority(case) for case in MAJORITY_CASES],
        "majority_prediction": run_majority_prediction(),
        "normalize_text": [[text, normalize_text(text)] for text in NORMALIZE_CASES],
    }
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
