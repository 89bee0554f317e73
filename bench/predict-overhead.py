"""Python side of bench/predict-overhead.ts: N Predict calls against DummyLM, no cache; prints JSON."""
import json, sys, time, warnings
warnings.simplefilter("ignore")
import dspy

n = int(sys.argv[1])
dspy.configure_cache(enable_disk_cache=False, enable_memory_cache=False)
lm = dspy.utils.DummyLM([{"answer": f"answer {i}", "confidence": 0.5} for i in range(n + 10)])
program = dspy.Predict("question, context: list[str] -> answer, confidence: float")
demos = [dspy.Example(question=f"q{i}", context=["a", "b"], answer=f"a{i}", confidence=0.9) for i in range(3)]
program.demos = demos
with dspy.context(lm=lm):
    program(question="warm-up", context=["x"])
    start = time.perf_counter()
    for i in range(n):
        program(question=f"What is {i}?", context=["passage one", "passage two"])
    elapsed = time.perf_counter() - start
print(json.dumps({"calls": n, "seconds": elapsed}))
