"""Golden fixtures for COPRO (src/optimizers/copro.ts), from real DSPy 3.4.1.

    PYTHONHASHSEED=0 .venv-oracle/bin/python scripts/oracle/make_copro_fixtures.py > src/optimizers/__fixtures__/copro-golden.json

Two scripted BaseLMs (forward overrides, which 3.4.1 calls once per LM request, `n` in kwargs):
  * the prompt model answers proposal requests in order from `proposals`, n choices per request;
  * the task model is content-keyed (so Evaluate's order does not matter): a question of difficulty
    k is answered correctly only when the predictor's instructions contain `skill-j` with j >= k.
    In the two-predictor program the first predictor writes a draft ("good" with any skill-j,
    else "bad") and the second answers correctly only from a good draft.

Recorded per scenario (DSPy's own log lines go to stderr): the COPRO parameters, `proposals`, every prompt-model request (`messages`,
`kwargs`), the number of task-model requests, the best program's per-predictor instructions and
last-field prefix, `candidate_programs` (score, instruction, prefix, depth, and every predictor's
instructions/prefix), `total_calls`, and with track_stats `results_best`/`results_latest` keyed by
predictor index (DSPy keys them by id(), which has no portable meaning), and COPRO's INFO log lines.
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
from dspy.teleprompt import COPRO  # noqa: E402
from run_py import plain_json  # noqa: E402


def response(model, texts):
    return {
        "model": model,
        "usage": {},
        "choices": [
            {"index": i, "finish_reason": "stop", "message": {"role": "assistant", "content": text}}
            for i, text in enumerate(texts)
        ],
    }


def render(fields):
    return "".join(f"[[ ## {name} ## ]]\n{value}\n\n" for name, value in fields.items()) + "[[ ## completed ## ]]"


class ProposalLM(BaseLM):
    def __init__(self, proposals):
        super().__init__("oracle/proposals", model_type="chat", temperature=None, max_tokens=None, cache=False,
                         num_retries=0)
        self.proposals = proposals
        self.next = 0
        self.requests = []

    def forward(self, prompt=None, messages=None, **kwargs):
        self.requests.append({"messages": plain_json(messages), "kwargs": plain_json(dict(kwargs))})
        texts = []
        for _ in range(kwargs.get("n", 1)):
            instruction, prefix = self.proposals[self.next % len(self.proposals)]
            self.next += 1
            texts.append(render({"proposed_instruction": instruction, "proposed_prefix_for_output_field": prefix}))
        return response(self.model, texts)


ANSWERS = {"What is 2 + 3?": ("5", 1), "What is 4 * 4?": ("16", 2), "What is 9 - 7?": ("2", 2),
           "What is 10 / 2?": ("5", 3), "What is 3 * 3?": ("9", 1)}


def skill(system):
    levels = [int(level) for level in re.findall(r"skill-(\d)", system)]
    return max(levels, default=0)


class TaskLM(BaseLM):
    def __init__(self):
        super().__init__("oracle/task", model_type="chat", temperature=None, max_tokens=None, cache=False,
                         num_retries=0)
        self.count = 0

    def forward(self, prompt=None, messages=None, **kwargs):
        self.count += 1
        system, user = messages[0]["content"], messages[-1]["content"]
        question = re.search(r"\[\[ ## question ## \]\]\n(.*?)\n", user).group(1)
        answer, difficulty = ANSWERS[question]
        if "1. `draft`" in system.split("Your output fields are:")[1].split("All interactions")[0]:
            return response(self.model, [render({"draft": "good" if skill(system) else "bad"})])
        draft = re.search(r"\[\[ ## draft ## \]\]\n(.*?)\n", user)
        ok = skill(system) >= difficulty and (draft is None or draft.group(1) == "good")
        return response(self.model, [render({"answer": answer if ok else "I am not sure"})])


class DraftThenAnswer(dspy.Module):
    def __init__(self):
        super().__init__()
        self.draft = dspy.Predict("question -> draft")
        self.final = dspy.Predict("question, draft -> answer")

    def forward(self, question):
        draft = self.draft(question=question).draft
        return self.final(question=question, draft=draft)


def metric(example, pred, trace=None):
    return example.answer == pred.answer


def predictor_state(program):
    out = []
    for p in program.predictors():
        *_, last = p.signature.fields.values()
        out.append({"instructions": p.signature.instructions, "prefix": last.json_schema_extra["prefix"]})
    return out


def run(name, program, proposals, breadth, depth, track_stats=False, init_temperature=1.4):
    trainset = [dspy.Example(question=q, answer=a).with_inputs("question") for q, (a, _) in ANSWERS.items()]
    prompt_lm, task_lm = ProposalLM(proposals), TaskLM()
    optimizer = COPRO(prompt_model=prompt_lm, metric=metric, breadth=breadth, depth=depth,
                      init_temperature=init_temperature, track_stats=track_stats)
    logs = []
    handler = logging.Handler()
    handler.emit = lambda record: logs.append(record.getMessage())
    copro_logger = logging.getLogger("dspy.teleprompt.copro_optimizer")
    copro_logger.addHandler(handler)
    try:
        with dspy.context(lm=task_lm), contextlib.redirect_stdout(sys.stderr):
            best = optimizer.compile(program, trainset=trainset,
                                     eval_kwargs={"num_threads": 1, "display_progress": False})
    finally:
        copro_logger.removeHandler(handler)
    out = {
        "name": name,
        "program": type(program).__name__,
        "breadth": breadth, "depth": depth, "init_temperature": init_temperature, "track_stats": track_stats,
        "proposals": proposals,
        "prompt_requests": prompt_lm.requests,
        "task_requests": task_lm.count,
        "best": predictor_state(best),
        "candidate_programs": [
            {"score": c["score"], "instruction": c["instruction"], "prefix": c["prefix"], "depth": c["depth"],
             "predictors": predictor_state(c["program"])}
            for c in best.candidate_programs
        ],
        "total_calls": best.total_calls,
        "info_logs": logs,
    }
    if track_stats:
        # COPRO's dicts are keyed by the id() of the deep copy's predictors, in predictor order.
        out["results_best"] = [stats for stats in best.results_best.values()]
        out["results_latest"] = [stats for stats in best.results_latest.values()]
    return out


PROPOSALS_A = [
    ("Answer the arithmetic question. skill-1", "Answer:"),
    ('  "Think hard. skill-3"  ', '"Result:"'),
    ("Just answer.", "Answer:"),
    ("Compute carefully, skill-2", "Answer:"),
    ("Answer the arithmetic question. skill-1", "Answer:"),
    ("Be precise. skill-3", "Final:"),
    ("Guess.", "Answer:"),
]
PROPOSALS_B = [
    ("Write a draft. skill-1", "Draft:"),
    ("Answer from the draft. skill-2", "Answer:"),
    ("No skill here.", "Draft:"),
    ("Answer using the draft, skill-3", "Final answer:"),
    ("Draft it. skill-2", "Draft:"),
]

if __name__ == "__main__":
    scenarios = [
        run("one predictor, breadth 3, depth 2", dspy.Predict("question -> answer"), PROPOSALS_A, 3, 2),
        run("one predictor, breadth 4, depth 1", dspy.Predict("question -> answer"), PROPOSALS_A, 4, 1),
        run("one predictor, breadth 2, depth 3, stats", dspy.Predict("question -> answer"), PROPOSALS_A, 2, 3,
            track_stats=True, init_temperature=0.9),
        run("two predictors, breadth 2, depth 3, stats", DraftThenAnswer(), PROPOSALS_B, 2, 3, track_stats=True),
    ]
    json.dump({"dspy": dspy.__version__, "scenarios": scenarios}, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")
