"""Python side of bench/overhead.ts: `runs` x `calls` Predict calls against DummyLM; prints JSON.

DummyLM builds each reply with the ChatAdapter, so that cost is timed on its own as well
(`format_answer_seconds`): it is work our instant mock model does not do.

DummyLM bypasses DSPy's cache, so the cache is timed with the real `dspy.LM` too, answering
instantly through litellm's `mock_response` (no network): `calls` unique questions (every call a
cache miss: key, lookup, memory and disk write), then the same questions again (every call a hit).
"""
import json, os, sys, tempfile, time, warnings
warnings.simplefilter("ignore")
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")  # no network for litellm's price list
import dspy
from dspy.utils.dummies import DummyLM

calls, runs = int(sys.argv[1]), int(sys.argv[2])
# DummyLM never caches its replies; turning the cache off keeps it out of the way entirely.
dspy.configure_cache(enable_disk_cache=False, enable_memory_cache=False)
answers = [{"answer": f"answer {i}", "confidence": 0.5} for i in range(calls * runs + 10)]
lm = DummyLM(answers)
program = dspy.Predict("question, context: list[str] -> answer, confidence: float")
program.demos = [dspy.Example(question=f"q{i}", context=["a", "b"], answer=f"a{i}", confidence=0.9) for i in range(3)]

seconds = []
with dspy.context(lm=lm):
    program(question="warm-up", context=["x"])
    for run in range(runs):
        start = time.perf_counter()
        for i in range(calls):
            program(question=f"Run {run}: what is {i}?", context=["passage one", "passage two"])
        seconds.append(time.perf_counter() - start)

start = time.perf_counter()
for i in range(calls):
    lm._format_answer_fields({"answer": f"answer {i}", "confidence": 0.5})
format_answer_seconds = time.perf_counter() - start

reply = "[[ ## answer ## ]]\nanswer\n\n[[ ## confidence ## ]]\n0.5\n\n[[ ## completed ## ]]"
dspy.configure_cache(enable_disk_cache=True, enable_memory_cache=True, disk_cache_dir=tempfile.mkdtemp())
cached_lm = dspy.LM("openai/gpt-4o-mini", api_key="not-a-key", mock_response=reply)
lm_seconds = {}
with dspy.context(lm=cached_lm):
    program(question="warm-up", context=["x"])
    for label in ("miss", "hit"):
        start = time.perf_counter()
        for i in range(calls):
            program(question=f"What is {i}?", context=["passage one", "passage two"])
        lm_seconds[label] = time.perf_counter() - start

print(json.dumps({"seconds": seconds, "format_answer_seconds": format_answer_seconds, "lm_seconds": lm_seconds}))
