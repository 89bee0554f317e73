"""Python side of bench/optimizers-overhead.ts: GEPA with DSPy 3.4.1 on in-memory scripted LMs
(no HTTP), so only the optimizer's and the framework's own work is timed. Prints one JSON line.

    python bench/optimizers-overhead.py <max_metric_calls>
"""
import json, logging, sys, time, warnings, re
warnings.simplefilter("ignore"); logging.disable(logging.CRITICAL)
import dspy
from dspy.clients.base_lm import BaseLM
WORDS = ["apple", "river", "stone", "cloud", "maple", "tiger", "lemon", "piano", "ocean", "zebra"]
code = lambda w: w[::-1].upper()
class Task(BaseLM):
    def __init__(self):
        super().__init__("s/task", model_type="chat", temperature=None, max_tokens=None, cache=False, num_retries=0); self.calls = 0
    def forward(self, prompt=None, messages=None, **kw):
        self.calls += 1
        system, user = messages[0]["content"], messages[-1]["content"]
        w = re.search(r"\[\[ ## word ## \]\]\n(.*?)\n", user).group(1)
        c = code(w) if re.search("reverse", system, re.I) else w
        return {"model": "s", "usage": {}, "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": f"[[ ## code ## ]]\n{c}\n\n[[ ## completed ## ]]"}}]}
class Refl(BaseLM):
    def __init__(self):
        super().__init__("s/refl", model_type="chat", temperature=None, max_tokens=None, cache=False, num_retries=0)
    def forward(self, prompt=None, messages=None, **kw):
        u = messages[-1]["content"]
        t = "Reverse the word and upper-case it." if "Rule: reverse the word" in u else "Think harder about the word."
        return {"model": "s", "usage": {}, "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": json.dumps({"new_instruction": t})}}]}
def metric(g, p, trace=None, pred_name=None, pred_trace=None):
    r = p.code == g.code
    return dspy.Prediction(score=1.0 if r else 0.0, feedback="Correct." if r else f"Wrong. Rule: reverse the word and upper-case it (expected {g.code}).")
words = [f"{WORDS[i % 10]}{i}" for i in range(40)]
ex = [dspy.Example(word=w, code=code(w)).with_inputs("word") for w in words]
task = Task()
import contextlib, sys, io
with dspy.context(lm=task), contextlib.redirect_stderr(io.StringIO()):
    t = time.perf_counter()
    dspy.GEPA(metric=metric, reflection_lm=Refl(), max_metric_calls=int(sys.argv[1]), num_threads=8).compile(dspy.Predict("word -> code"), trainset=ex[:20], valset=ex[20:])
    s = time.perf_counter() - t
print(json.dumps({"seconds": s, "calls": task.calls}))
