"""Golden fixtures for GEPA (src/optimizers/gepa*.ts), from real DSPy 3.4.1 on gepa 0.1.4.

    PYTHONHASHSEED=0 .venv-oracle/bin/python scripts/oracle/make_gepa_fixtures.py > src/optimizers/__fixtures__/gepa-golden.json

The task ("type words"): each word has a type — R (answer: the word reversed), U (the word
upper-cased) or N (the word as is). A two-step program `draft: word -> hint`, `final: word, hint
-> code` runs on a content-keyed task LM: `draft` says hint "reverse" when its instructions
contain `hint-rule`; `final` answers by the hint and by `upper` in its instructions (both: it
knows every type; neither: the word as is). So the seed solves N words, a `draft` mutation R
words, a `final` mutation U words, and a merge of the two everything — every GEPA path runs.

The metric gives per-predictor feedback naming the fix (`use hint-rule`, `use upper`); the
content-keyed reflection LM appends the named fix to the current instruction (JSON answer).

Recorded per scenario: the settings, every reflection LM request (messages), the number of task
LM requests, gepa's log lines, and the detailed results (candidates, parents, per-example
validation scores, Pareto fronts, discovery counts, metric calls, best index).
"""

import contextlib
import json
import logging
import os
import re
import sys
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
warnings.simplefilter("ignore")

import dspy  # noqa: E402
from dspy.clients.base_lm import BaseLM  # noqa: E402
from run_py import plain_json  # noqa: E402

WORDS = {"apple": "R", "river": "U", "stone": "N", "cloud": "R", "maple": "U", "tiger": "N", "lemon": "R",
         "piano": "U", "ocean": "R", "zebra": "U", "mango": "N", "delta": "R", "koala": "U", "sugar": "R"}


def expected(word):
    kind = WORDS[word]
    return word[::-1] if kind == "R" else word.upper() if kind == "U" else word


def response(model, text):
    return {"model": model, "usage": {}, "choices": [
        {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": text}}]}


class TaskLM(BaseLM):
    def __init__(self, garbled=()):
        super().__init__("oracle/task", model_type="chat", temperature=None, max_tokens=None, cache=False,
                         num_retries=0)
        self.count = 0
        self.garbled = set(garbled)

    def forward(self, prompt=None, messages=None, **kwargs):
        self.count += 1
        system, user = messages[0]["content"], messages[-1]["content"]
        word = re.search(r"\[\[ ## word ## \]\]\n(.*?)\n", user).group(1)
        outputs = system.split("Your output fields are:")[1].split("All interactions")[0]
        if "`hint`" in outputs:
            hint = "reverse" if "hint-rule" in system else "none"
            reasoning = f"[[ ## reasoning ## ]]\nThinking about {word}.\n\n" if "`reasoning`" in outputs else ""
            return response(self.model, f"{reasoning}[[ ## hint ## ]]\n{hint}\n\n[[ ## completed ## ]]")
        if word in self.garbled and "upper" not in system:
            return response(self.model, f"I refuse to format {word}.")
        hint = re.search(r"\[\[ ## hint ## \]\]\n(.*?)\n", user).group(1)
        upper = "upper" in system
        if hint == "reverse" and upper:
            code = expected(word)
        elif hint == "reverse":
            code = word[::-1]
        elif upper:
            code = word.upper()
        else:
            code = word
        return response(self.model, f"[[ ## code ## ]]\n{code}\n\n[[ ## completed ## ]]")


class ReflectionLM(BaseLM):
    def __init__(self):
        super().__init__("oracle/reflection", model_type="chat", temperature=None, max_tokens=None, cache=False,
                         num_retries=0)
        self.requests = []

    def forward(self, prompt=None, messages=None, **kwargs):
        self.requests.append({"messages": plain_json(messages), "kwargs": plain_json(dict(kwargs))})
        user = messages[-1]["content"]
        current = re.search(r"\[\[ ## current_instruction ## \]\]\n(.*?)\n\n\[\[ ## examples_with_feedback", user,
                            re.S).group(1)
        examples = user.split("[[ ## examples_with_feedback ## ]]")[1]
        if "use hint-rule" in examples:
            new = current + " Follow hint-rule."
        elif "use upper" in examples:
            new = current + " Write upper."
        else:
            new = current + " Be careful."
        return response(self.model, json.dumps({"new_instruction": new}))


class TwoStep(dspy.Module):
    def __init__(self, cot=False):
        super().__init__()
        self.draft = dspy.ChainOfThought("word -> hint") if cot else dspy.Predict("word -> hint")
        self.final = dspy.Predict("word, hint -> code")

    def forward(self, word):
        hint = self.draft(word=word).hint
        return self.final(word=word, hint=hint)


def metric(gold, pred, trace=None, pred_name=None, pred_trace=None):
    right = pred.code == gold.code
    score = 1.0 if right else 0.0
    if right:
        feedback = "Correct."
    elif pred_name is not None and pred_name.startswith("draft") and WORDS[gold.word] == "R":
        feedback = f"Expected {gold.code}: the hint must be reverse, use hint-rule."
    elif pred_name == "final" and WORDS[gold.word] == "U":
        feedback = f"Expected {gold.code}: answer in capitals, use upper."
    else:
        feedback = f"Expected {gold.code}."
    return dspy.Prediction(score=score, feedback=feedback)


def examples(words):
    return [dspy.Example(word=w, code=expected(w)).with_inputs("word") for w in words]


def run(name, train_words, val_words, garbled=(), cot=False, **settings):
    task_lm, reflection_lm = TaskLM(garbled), ReflectionLM()
    optimizer = dspy.GEPA(metric=metric, reflection_lm=reflection_lm, track_stats=True, num_threads=1, **settings)
    logs = []
    handler = logging.Handler()
    handler.emit = lambda record: logs.append(record.getMessage())
    loggers = [logging.getLogger("dspy.teleprompt.gepa.gepa"), logging.getLogger("dspy.teleprompt.gepa.gepa_utils")]
    for lg in loggers:
        lg.addHandler(handler)
        lg.setLevel(logging.INFO)
    try:
        with dspy.context(lm=task_lm), contextlib.redirect_stdout(sys.stderr):
            best = optimizer.compile(TwoStep(cot), trainset=examples(train_words), valset=examples(val_words))
    finally:
        for lg in loggers:
            lg.removeHandler(handler)
    d = best.detailed_results
    return {
        "name": name,
        "settings": settings,
        "garbled": list(garbled),
        "cot": cot,
        "train_words": train_words,
        "val_words": val_words,
        "reflection_requests": reflection_lm.requests,
        "task_requests": task_lm.count,
        "logs": [line for line in logs if line.startswith("Iteration")],
        "candidates": [{n: p.signature.instructions for n, p in c.named_predictors()} for c in d.candidates],
        "parents": d.parents,
        "val_aggregate_scores": d.val_aggregate_scores,
        "val_subscores": [[s[i] for i in range(len(val_words))] for s in d.val_subscores],
        "per_val_instance_best_candidates": [sorted(d.per_val_instance_best_candidates[i]) for i in
                                             range(len(val_words))],
        "discovery_eval_counts": d.discovery_eval_counts,
        "total_metric_calls": d.total_metric_calls,
        "num_full_val_evals": d.num_full_val_evals,
        "best_idx": d.best_idx,
        "best": {n: p.signature.instructions for n, p in best.named_predictors()},
    }


words = list(WORDS)
scenarios = [
    run("pareto-merge", words[:8], words[8:], max_metric_calls=120, seed=0),
    run("pareto-merge-seed-3", words[:8], words[8:], max_metric_calls=150, seed=3),
    run("current-best-all", words[:8], words[8:], max_metric_calls=80, seed=1,
        candidate_selection_strategy="current_best", component_selector="all", use_merge=False),
    run("minibatch-2-no-skip", words[:7], words[7:], max_metric_calls=90, seed=5, reflection_minibatch_size=2,
        skip_perfect_score=False),
    run("format-failures-as-feedback", words[:8], words[8:], garbled=("river", "maple", "stone", "zebra"),
        max_metric_calls=70, seed=2, add_format_failure_as_feedback=True, use_merge=False),
    run("ties-accepted", words[:8], words[8:], max_metric_calls=260, seed=6, skip_perfect_score=False,
        gepa_kwargs={"acceptance_criterion": "improvement_or_equal"}),
    run("epsilon-greedy-ties", words[:8], words[8:], max_metric_calls=160, seed=8, skip_perfect_score=False,
        candidate_selection_strategy="epsilon_greedy", gepa_kwargs={"acceptance_criterion": "improvement_or_equal"}),
    run("top-k-pareto-ties", words[:8], words[8:], max_metric_calls=200, seed=9, skip_perfect_score=False,
        candidate_selection_strategy="top_k_pareto", gepa_kwargs={"acceptance_criterion": "improvement_or_equal"}),
    run("chain-of-thought-draft", words[:8], words[8:], cot=True, max_metric_calls=120, seed=0),
    run("format-failures-dropped", words[:8], words[8:], garbled=("river", "maple", "zebra"), max_metric_calls=60,
        seed=4),
]
print(json.dumps({"dspy": dspy.__version__, "scenarios": scenarios}, indent=1, ensure_ascii=False))
