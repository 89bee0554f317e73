"""Python side of bench/optimizers.ts: MIPROv2 light or GEPA light with DSPy 3.4.1 against the
same scripted OpenAI-compatible server. Prints one JSON line.

    OPTUNA_SITE=/path/to/site-packages python bench/optimizers.py <base_url> mipro|gepa <train> <val> <threads>
"""
import json, logging, os, sys, time, warnings

# The oracle venv has no optuna (MIPROv2 needs it): OPTUNA_SITE appends a site-packages that has it.
if os.environ.get("OPTUNA_SITE"):
    sys.path.append(os.environ["OPTUNA_SITE"])

warnings.simplefilter("ignore")
logging.disable(logging.CRITICAL)
import dspy

base_url, mode = sys.argv[1], sys.argv[2]
train, val, threads = (int(value) for value in sys.argv[3:6])
dspy.configure_cache(enable_disk_cache=False, enable_memory_cache=False)
lm = dspy.LM("openai/x", api_base=base_url, api_key="x", cache=False)
dspy.configure(lm=lm)

words = [f"w{int_to_base36}x{(i * 7) % 13}q" for i, int_to_base36 in
         ((i, "0123456789abcdefghijklmnopqrstuvwxyz"[i] if i < 36 else "1" + "0123456789abcdefghijklmnopqrstuvwxyz"[i - 36])
          for i in range(train + val))]


def code(word):
    return word[::-1].upper()


examples = [dspy.Example(word=w, code=code(w)).with_inputs("word") for w in words]
trainset, valset = examples[:train], examples[train:train + val]

# Warm up the client (connection, engine selection) outside the timed part.
dspy.Predict("word -> code")(word="warmup")


def exact(gold, pred, trace=None):
    return gold.code == pred.code


def feedback(gold, pred, trace=None, pred_name=None, pred_trace=None):
    right = gold.code == pred.code
    return dspy.Prediction(score=1.0 if right else 0.0,
                           feedback="Correct." if right else f"Wrong. Rule: reverse the word and upper-case it ({gold.code}).")


start = time.perf_counter()
if mode == "mipro":
    optimizer = dspy.MIPROv2(metric=exact, auto="light", num_threads=threads)
    best = optimizer.compile(dspy.Predict("word -> code"), trainset=trainset, valset=valset)
else:
    optimizer = dspy.GEPA(metric=feedback, auto="light", reflection_lm=lm, num_threads=threads, track_stats=True)
    best = optimizer.compile(dspy.Predict("word -> code"), trainset=trainset, valset=valset)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "instructions": best.signature.instructions,
                  "metric_calls": getattr(getattr(best, "detailed_results", None), "total_metric_calls", None)}))
