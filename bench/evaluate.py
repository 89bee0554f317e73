"""Python side of bench/evaluate.ts: the same workloads with DSPy 3.4.1 against the same scripted
OpenAI-compatible server. Prints one JSON line.

    python bench/evaluate.py <base_url> evaluate <examples> <threads>
    python bench/evaluate.py <base_url> random-search <train> <val> <candidates> <threads>
"""
import json, logging, sys, time, warnings

warnings.simplefilter("ignore")
logging.disable(logging.CRITICAL)
import dspy

base_url, mode = sys.argv[1], sys.argv[2]
args = [int(value) for value in sys.argv[3:]]
dspy.configure_cache(enable_disk_cache=False, enable_memory_cache=False)
# api_base is the server's ".../v1"; lm15's OpenAI client appends "/chat/completions".
lm = dspy.LM("openai/x", api_base=base_url, api_key="x", cache=False)
dspy.configure(lm=lm)


def rows(prefix, start, stop):
    return [
        dspy.Example(question=f"{prefix}{i}?", answer=f"a{i}").with_inputs("question") for i in range(start, stop)
    ]


# Warm up the client (connection, engine selection) outside the timed part.
dspy.Predict("question -> answer")(question="Eval item 0?")

if mode == "evaluate":
    examples, threads = args
    devset = rows("Eval item ", 0, examples)
    evaluate = dspy.Evaluate(devset=devset, metric=dspy.evaluate.answer_exact_match, num_threads=threads)
    start = time.perf_counter()
    result = evaluate(dspy.Predict("question -> answer"))
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "score": result.score}))
else:
    train, val, candidates, threads = args
    optimizer = dspy.BootstrapFewShotWithRandomSearch(
        metric=dspy.evaluate.answer_exact_match,
        num_candidate_programs=candidates,
        max_bootstrapped_demos=3,
        max_labeled_demos=3,
        num_threads=threads,
    )
    start = time.perf_counter()
    best = optimizer.compile(
        dspy.Predict("question -> answer"), trainset=rows("What is q", 0, train), valset=rows("What is q", train, train + val)
    )
    seconds = time.perf_counter() - start
    scores = [[c["seed"], c["score"]] for c in best.candidate_programs]
    print(json.dumps({"seconds": seconds, "scores": scores, "demos": [d.toDict() for d in best.demos]}))
