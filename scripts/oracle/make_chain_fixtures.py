"""Golden fixtures for BetterTogether (src/optimizers/better-together.ts), from real DSPy 3.4.1.

    PYTHONHASHSEED=0 .venv-oracle/bin/python scripts/oracle/make_chain_fixtures.py > src/optimizers/__fixtures__/chain-golden.json

Prompt optimizers only (LabeledFewShot as `p`, COPRO as `c`, an optimizer that raises as `x`), a
content-keyed task LM (the Python twin of QuestionLM in src/optimizers/__fixtures__/mipro-scripted-lms.ts:
qN is answered right when the instructions carry HINT, or when N % 3 == 0 and the prompt has demos)
and a proposal LM cycling through fixed (instruction, prefix) pairs. BetterTogether requires
predictors with an LM, so the student gets the task LM with `set_lm`.

Recorded per scenario: the arguments, `candidate_programs` as (strategy, score) in order, the
returned program's instructions and demos, `flag_compilation_error_occurred`, and the number of
proposal requests.
"""

import contextlib
import json
import os
import re
import sys
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
warnings.simplefilter("ignore")

import dspy  # noqa: E402
from dspy.clients.base_lm import BaseLM  # noqa: E402
from dspy.teleprompt import COPRO, BetterTogether, LabeledFewShot  # noqa: E402
from dspy.teleprompt.teleprompt import Teleprompter  # noqa: E402
from run_py import plain_json  # noqa: E402


def response(model, texts):
    return {"model": model, "usage": {}, "choices": [
        {"index": i, "finish_reason": "stop", "message": {"role": "assistant", "content": t}} for i, t in enumerate(texts)]}


class ScriptedLM(BaseLM):
    # BetterTogether launches and kills the student's LMs (no-ops for API models).
    def launch(self):
        pass

    def kill(self):
        pass


class QuestionLM(ScriptedLM):
    def __init__(self):
        super().__init__("task", model_type="chat", temperature=0, max_tokens=None, cache=False, num_retries=0)

    def forward(self, prompt=None, messages=None, **kwargs):
        number = int(re.search(r"\bq(\d+)\b", messages[-1]["content"]).group(1))
        right = "HINT" in messages[0]["content"] or (number % 3 == 0 and len(messages) > 2)
        answer = f"a{number}" if right else "wrong"
        return response(self.model, [f"[[ ## answer ## ]]\n{answer}\n\n[[ ## completed ## ]]"])


PROPOSALS = [("Answer briefly.", "Answer:"), ("Use the HINT and answer.", "Answer:"), ("Think, then answer.", "Final:")]


class ProposalLM(ScriptedLM):
    def __init__(self):
        super().__init__("prompt", model_type="chat", temperature=None, max_tokens=None, cache=False, num_retries=0)
        self.next = 0
        self.requests = 0

    def forward(self, prompt=None, messages=None, **kwargs):
        self.requests += 1
        texts = []
        for _ in range({**self.kwargs, **kwargs}.get("n", 1)):
            instruction, prefix = PROPOSALS[self.next % len(PROPOSALS)]
            self.next += 1
            texts.append(f"[[ ## proposed_instruction ## ]]\n{instruction}\n\n"
                         f"[[ ## proposed_prefix_for_output_field ## ]]\n{prefix}\n\n[[ ## completed ## ]]")
        return response(self.model, texts)


class Boom(Teleprompter):
    def compile(self, student, *, trainset):
        raise RuntimeError("boom")


def metric(example, pred, trace=None):
    return example.answer == pred.answer


def questions(start, count):
    return [dspy.Example(question=f"q{start + i}", answer=f"a{start + i}").with_inputs("question")
            for i in range(count)]


def run(name, strategy, seed, train, valset=None, valset_ratio=0.1, shuffle=True, breadth=2, depth=1, k=2):
    task, proposer = QuestionLM(), ProposalLM()
    together = BetterTogether(
        metric=metric,
        p=LabeledFewShot(k=k),
        c=COPRO(metric=metric, prompt_model=proposer, breadth=breadth, depth=depth),
        x=Boom(),
    )
    student = dspy.Predict("question -> answer")
    student.set_lm(task)
    with dspy.context(lm=task), contextlib.redirect_stdout(sys.stderr):
        best = together.compile(student, trainset=questions(*train), valset=questions(*valset) if valset else None,
                                seed=seed, valset_ratio=valset_ratio, shuffle_trainset_between_steps=shuffle,
                                strategy=strategy, num_threads=1,
                                optimizer_compile_args={"c": {"eval_kwargs": {"num_threads": 1, "display_progress": False}}})
    return {
        "name": name, "strategy": strategy, "seed": seed, "train": train, "valset": valset,
        "valset_ratio": valset_ratio, "shuffle": shuffle, "breadth": breadth, "depth": depth, "k": k,
        "candidates": [[c["strategy"], c["score"]] for c in best.candidate_programs],
        "instructions": best.signature.instructions,
        "demos": plain_json([d.toDict() if hasattr(d, "toDict") else dict(d) for d in best.demos]),
        "flag": best.flag_compilation_error_occurred,
        "proposal_requests": proposer.requests,
    }


cases = [
    run("p -> c -> p, held-out valset", "p -> c -> p", 3, (0, 12), valset_ratio=0.25),
    run("c -> p with a valset", "c -> p", 0, (0, 9), valset=(100, 6), breadth=3, depth=2),
    run("a failing step", "p -> x -> c", 7, (0, 10), valset_ratio=0.3),
    run("no shuffling, ties keep the earliest", "p -> p", 1, (3, 8), valset_ratio=0.5, shuffle=False, k=1),
    run("no valset: the latest program", "p -> c", 5, (0, 6), valset_ratio=0.0),
]
print(json.dumps({"dspy": dspy.__version__, "cases": cases}, indent=1))
