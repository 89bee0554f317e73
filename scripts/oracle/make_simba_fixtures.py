"""Golden fixtures for SIMBA (src/optimizers/simba.ts), from real DSPy 3.4.1.

SIMBA imports NumPy, which the oracle venv lacks, so NumPy comes from a throwaway venv
(see make_pcg64_vectors.py):

    PYTHONHASHSEED=0 PYTHONPATH=/tmp/simba-np/lib/python3.11/site-packages \
      .venv-oracle/bin/python scripts/oracle/make_simba_fixtures.py > src/optimizers/__fixtures__/simba-golden.json

Two scripted BaseLMs (forward overrides; `lm.copy` is a shallow copy, so copies share the record):
  * the task model is the Python twin of src/optimizers/__fixtures__/hint-lm.ts: it answers
    "What is a + b?" with the sum when the system prompt carries HINT, when the prompt has demos,
    or when the request's rollout_id is even (so sampled trajectories disagree); else "unsure";
  * the prompt model answers every OfferFeedback request with the same advice for `self`.
SIMBA runs with num_threads=1, so requests arrive in DSPy's submission order.

Recorded per scenario: the parameters, every task request (rollout_id, temperature, question,
whether the hint or demos were in the prompt), every prompt-model request's messages, the
returned program's dump_state, the candidate scores and trial_logs, and
`program_code` (inspect.getsource(dspy.Predict)) so the TS run can show the prompt model the same text.
"""

import contextlib
import inspect
import json
import os
import re
import sys
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
warnings.simplefilter("ignore")

import dspy  # noqa: E402
from dspy.clients.base_lm import BaseLM  # noqa: E402
from dspy.teleprompt import SIMBA  # noqa: E402
from run_py import plain_json  # noqa: E402

HINT = "HINT: add the two numbers and answer with digits only."


def response(model, text):
    return {"model": model, "usage": {},
            "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": text}}]}


class HintLM(BaseLM):
    def __init__(self, hint_works, model="hint-task"):
        super().__init__(model, model_type="chat", temperature=0.0, max_tokens=1000, cache=False, num_retries=0)
        self.hint_works = hint_works
        self.requests = []

    def forward(self, prompt=None, messages=None, **kwargs):
        # 3.4.1 passes the LM's own kwargs (rollout_id, temperature of a copy) through self.kwargs.
        kwargs = {**self.kwargs, **kwargs}
        system, user = messages[0]["content"], messages[-1]["content"]
        rollout = kwargs.get("rollout_id")
        if "1. `draft`" in system.split("Your output fields are:")[1]:
            self.requests.append({"rollout_id": rollout, "temperature": kwargs.get("temperature"), "question": "draft",
                                  "helped": False, "messages": len(messages)})
            return response(self.model, "[[ ## draft ## ]]\nLet me add.\n\n[[ ## completed ## ]]")
        match = re.search(r"What is (\d+) \+ (\d+)\?", user)
        helped = self.hint_works and (HINT in system or len(messages) > 2)
        lucky = isinstance(rollout, int) and rollout % 2 == 0
        self.requests.append({"rollout_id": rollout, "temperature": kwargs.get("temperature"),
                              "question": match.group(0) if match else None, "helped": helped,
                              "messages": len(messages)})
        answer = str(int(match.group(1)) + int(match.group(2))) if match and (helped or lucky) else "unsure"
        return response(self.model, f"[[ ## answer ## ]]\n{answer}\n\n[[ ## completed ## ]]")


class AdviceLM(BaseLM):
    def __init__(self, broken=False):
        super().__init__("dummy", model_type="chat", temperature=0.0, max_tokens=1000, cache=False, num_retries=0)
        self.requests = []
        self.broken = broken

    def forward(self, prompt=None, messages=None, **kwargs):
        self.requests.append(plain_json(messages))
        if self.broken:
            return response(self.model, "I cannot help with that.")
        names = json.loads(re.search(r"\[\[ ## module_names ## \]\]\n(.*?)\n\n", messages[-1]["content"], re.S).group(1))
        advice = json.dumps({name: f"{HINT} ({name})" for name in names})
        return response(self.model, f"[[ ## discussion ## ]]\nThe worse run guessed.\n\n"
                                    f"[[ ## module_advice ## ]]\n{advice}\n\n[[ ## completed ## ]]")


def additions(count, offset=0):
    return [dspy.Example(question=f"What is {offset + i} + {offset + 3 * i + 1}?",
                         answer=str(2 * offset + 4 * i + 1)).with_inputs("question") for i in range(count)]


class DraftThenAnswer(dspy.Module):
    def __init__(self):
        super().__init__()
        self.draft = dspy.Predict("question -> draft")
        self.final = dspy.Predict("question, draft -> answer")

    def forward(self, question):
        draft = self.draft(question=question).draft
        return self.final(question=question, draft=draft)


def float_metric(example, pred, trace=None):
    return 0.75 if example.answer == pred.answer else 0.25


def feedback_metric(example, pred, trace=None):
    right = example.answer == pred.answer
    return dspy.Prediction(score=1.0 if right else 0.0, feedback="right" if right else f"expected {example.answer}")


METRICS = {"em": dspy.evaluate.answer_exact_match, "float": float_metric, "feedback": feedback_metric}


def run(name, seed, bsize, num_candidates, max_steps, max_demos, train_size, hint_works=True, program="predict",
        metric="em", broken_advice=False, teacher=False):
    task, prompt = HintLM(hint_works), AdviceLM(broken_advice)
    teacher_lm = HintLM(hint_works, model="hint-teacher") if teacher else None
    simba = SIMBA(metric=METRICS[metric], bsize=bsize, num_candidates=num_candidates,
                  max_steps=max_steps, max_demos=max_demos, prompt_model=prompt, num_threads=1,
                  teacher_settings={"lm": teacher_lm} if teacher else None)
    student = dspy.Predict("question -> answer") if program == "predict" else DraftThenAnswer()
    with dspy.context(lm=task), contextlib.redirect_stdout(sys.stderr):
        best = simba.compile(student, trainset=additions(train_size), seed=seed)
    return {
        "name": name, "seed": seed, "bsize": bsize, "num_candidates": num_candidates, "max_steps": max_steps,
        "max_demos": max_demos, "train_size": train_size, "hint_works": hint_works, "program": program,
        "metric": metric, "broken_advice": broken_advice, "teacher": teacher,
        "teacher_requests": teacher_lm.requests if teacher else [], "program_code": inspect.getsource(type(student)),
        "task_requests": task.requests,
        "prompt_requests": prompt.requests,
        "state": plain_json(best.dump_state()),
        "candidate_scores": [c["score"] for c in best.candidate_programs],
        "trial_logs": {str(k): v for k, v in best.trial_logs.items()},
    }


cases = [
    run("demos and rules", 0, 4, 3, 3, 4, 8),
    run("rules only", 3, 3, 2, 2, 0, 7),
    run("no help, many steps", 11, 4, 4, 5, 2, 9, hint_works=False),
    run("one step", 5, 2, 5, 1, 4, 6),
    run("demo drops", 2, 3, 3, 6, 1, 6),
    run("two modules", 4, 3, 3, 3, 2, 7, program="two"),
    run("float metric", 6, 4, 3, 3, 3, 8, metric="float"),
    run("metric feedback", 8, 3, 4, 3, 0, 6, metric="feedback"),
    run("advice unparseable", 1, 3, 2, 2, 0, 5, broken_advice=True),
    run("teacher LM samples first", 9, 3, 3, 3, 2, 6, teacher=True),
]
print(json.dumps({"dspy": dspy.__version__, "cases": cases}, indent=1))
