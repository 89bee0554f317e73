"""Golden fixtures for MIPROv2 (src/optimizers/mipro.ts), from real DSPy 3.4.1 + Optuna 3.4.0.

    .venv-oracle/bin/python scripts/oracle/make_mipro_fixtures.py 2>/dev/null | sed -n '/^{/,$p' > src/optimizers/__fixtures__/mipro-golden.json

The oracle venv has no optuna; this appends a venv that has it (OPTUNA_SITE, default
/tmp/np-venv-49/lib/python3.11/site-packages, Optuna 3.4.0) after DSPy's own packages.
Two scripted DummyLM subclasses (`_use_example` overrides, follow_examples=True):
  * the prompt model answers every field; its proposed instruction names the tip it was shown;
  * the task model answers qN right when the instruction carries `hint`, or when N % 3 == 0.
Recorded: prompt/task call counts, best score/instruction/demos, the trial logs' params and
scores, and the full-eval / minibatch candidate scores.
"""
import os
import sys, re, json, logging
sys.path.append(os.environ.get("OPTUNA_SITE", "/tmp/np-venv-49/lib/python3.11/site-packages"))
import dspy
from dspy.utils import DummyLM
logging.disable(logging.CRITICAL)

def sec(n, v): return f"[[ ## {n} ## ]]\n{v}\n\n"
class PromptLM(DummyLM):
    def __init__(self):
        super().__init__([], follow_examples=True); self.calls = [0]; self.prompts = []
    def _use_example(self, messages):
        self.calls[0] += 1
        self.prompts.append([m["content"] for m in messages])
        body = "".join(sec(k, v) for k, v in dict(observations="obs", summary="sum", program_description="pd", module_description="md").items())
        tips = ["creative", "concise", "informative", "high stakes", "persona"]
        m = messages[-1]["content"]
        tag = next((t for t in tips if t in m), "none")
        return body + sec("proposed_instruction", f"Answer with the HINT ({tag}).") + "[[ ## completed ## ]]"
    def copy(self, **kw):
        c = super().copy(**kw); c.calls = self.calls; c.prompts = self.prompts; return c
class TaskLM(DummyLM):
    def __init__(self, hint):
        super().__init__([], follow_examples=True); self.calls = 0; self.hint = hint
    def _use_example(self, messages):
        self.calls += 1
        hinted = self.hint in messages[0]["content"]
        n = re.search(r"\bq(\d+)\b", messages[-1]["content"]).group(1)
        good = hinted or int(n) % 3 == 0
        # Every field at once: the adapter keeps the ones the predictor asked for.
        return sec("draft", "d") + sec("answer", f"a{n}" if good else "wrong") + "[[ ## completed ## ]]"

class DraftThenAnswer(dspy.Module):
    def __init__(self):
        super().__init__()
        self.draft = dspy.Predict("question -> draft")
        self.final = dspy.Predict("question, draft -> answer")

    def forward(self, question):
        draft = self.draft(question=question).draft
        return self.final(question=question, draft=draft)

ex = lambda f, c: [dspy.Example(question=f"q{f+i}", answer=f"a{f+i}").with_inputs("question") for i in range(c)]
metric = lambda e, p, t=None: e.answer == p.answer
out = {}
SCENARIOS = [
    ("full", dict(auto=None, num_candidates=4), dict(num_trials=5, minibatch=False), "HINT (informative)"),
    ("minibatch", dict(auto=None, num_candidates=4), dict(num_trials=12, minibatch=True), "HINT (high stakes)"),
    ("light", dict(auto="light"), dict(), "HINT (concise)"),
    ("two_predictors", dict(auto=None, num_candidates=3), dict(num_trials=8, minibatch=False), "HINT (concise)"),
    ("zeroshot", dict(auto=None, num_candidates=4, max_bootstrapped_demos=0, max_labeled_demos=0), dict(num_trials=6, minibatch=False), "HINT ("),
]
for name, init, kw, hint in SCENARIOS:
    student = DraftThenAnswer() if name == "two_predictors" else dspy.Predict("question -> answer")
    pm, tm = PromptLM(), TaskLM(hint)
    opt = dspy.MIPROv2(metric=metric, prompt_model=pm, task_model=tm, num_threads=1, **init)
    best = opt.compile(student, trainset=ex(0, 6), valset=ex(100, 12), minibatch_size=5, **kw)
    logs = {k: {kk: vv for kk, vv in v.items() if kk.endswith("_predictor_instruction") or kk.endswith("_predictor_demos") or kk.endswith("score")} for k, v in best.trial_logs.items()}
    out[name] = dict(prompt_calls=pm.calls[0], task_calls=tm.calls, score=best.score, instructions=[p.signature.instructions for p in best.predictors()],
                     demos=[[d["question"] for d in p.demos] for p in best.predictors()], logs=logs,
                     prompts=pm.prompts if name == "full" else [],
                     candidates=[c["score"] for c in best.candidate_programs], mb=[c["score"] for c in best.mb_candidate_programs])
print(json.dumps(out, indent=1))
