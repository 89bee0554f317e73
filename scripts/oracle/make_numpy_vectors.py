"""Test vectors for NumpyRandomState (src/utils/numpy-random-state.ts) and TPESampler
(src/optimizers/tpe-sampler.ts), produced by real NumPy and Optuna.

The oracle venv (.venv-oracle) has neither package, so this runs in a throwaway venv outside the
repository:

    python3 -m venv /tmp/np-venv && /tmp/np-venv/bin/pip install numpy==2.4.6 optuna==5.0.0
    /tmp/np-venv/bin/python scripts/oracle/make_numpy_vectors.py numpy > src/utils/__fixtures__/numpy-random-vectors.json
    /tmp/np-venv/bin/python scripts/oracle/make_numpy_vectors.py tpe > src/optimizers/__fixtures__/tpe-vectors.json

numpy output: {"numpy": version, "cases": [case, ...]}. Each case seeds one RandomState and runs its
calls in order on it, so each call sees the stream where the previous one left it:
  case = {"name": str, "seed": int | [int, ...], "calls": [call, ...]}
  call = {"op": name, "args": [...], "kwargs": {...}, "result": r}
       | {"op": name, "args": [...], "kwargs": {...}, "error": {"type": "ValueError", "message": "..."}}
Ops are RandomState method names; "shuffle" returns the shuffled list; "get_state" returns
[name, key, pos, has_gauss, gauss]; "set_state" takes that list. Floats are JSON numbers (repr,
exact round trip). normal/standard_normal go through libm's log, so the TS test allows a few ulps.

tpe output: {"optuna": version, "numpy": version, "cases": [case, ...]}. Each case replays a study
the way DSPy's MIPROv2 drives one (TPESampler(seed, multivariate=True), maximize, a baseline
add_trial with every parameter at 0, then ask / suggest_categorical per parameter / tell, with
an add_trial of a "full evaluation" every `add_every` trials):
  case = {"name", "seed", "n_startup_trials", "params": [[name, n_choices], ...],
          "steps": [{"ask": {name: value, ...}, "value": v} | {"add": {name: value, ...}, "value": v}]}
The committed file is Optuna 5.0.0's; Optuna 3.4.0, 3.6.2 and 4.9.0 write the same cases.
Objective values come from a fixed formula of the chosen params plus a seeded CPython random
jitter, so the history is varied yet reproducible; the TS test feeds back the recorded values.
"""

import json
import random
import sys

import numpy as np


def call(rng, op, *args, **kwargs):
    entry = {"op": op, "args": list(args), "kwargs": kwargs}
    try:
        if op == "shuffle":
            items = list(args[0])
            rng.shuffle(items)
            result = items
        elif op == "get_state":
            name, key, pos, has_gauss, gauss = rng.get_state()
            result = [name, [int(k) for k in key], int(pos), int(has_gauss), float(gauss)]
        elif op == "set_state":
            name, key, pos, has_gauss, gauss = args[0]
            rng.set_state((name, np.array(key, dtype=np.uint32), pos, has_gauss, gauss))
            result = None
        else:
            result = getattr(rng, op)(*args, **kwargs)
        entry["result"] = result.tolist() if isinstance(result, np.ndarray) else to_py(result)
    except Exception as exc:  # noqa: BLE001 — the error itself is the vector
        entry["error"] = {"type": type(exc).__name__, "message": str(exc)}
    return entry


def to_py(value):
    if isinstance(value, np.generic):
        return value.item()
    return value


def numpy_vectors():
    cases = []
    for seed in [0, 1, 9, 42, 12345, 2**32 - 1, [1, 2, 3], [0], [2**32 - 1, 7]]:
        rng = np.random.RandomState(seed)
        calls = [
            call(rng, "random_sample"),
            call(rng, "random_sample", size=5),
            call(rng, "rand", 3),
            call(rng, "randint", 10),
            call(rng, "randint", 0, 10, size=8),
            call(rng, "randint", -5, 5, size=4),
            call(rng, "randint", 0, 2**32, size=3),
            call(rng, "randint", 0, 2**32 - 1, size=3),
            call(rng, "randint", 0, 2**32 + 1, size=3),
            call(rng, "randint", -(2**40), 2**45, size=3),
            call(rng, "randint", 7, 8, size=2),
            call(rng, "uniform"),
            call(rng, "uniform", -3.5, 2.25, size=4),
            call(rng, "uniform", [0.0, 0.0, 0.0, 0.0], [1.0, 1.0, 1.0, 1.0]),
            call(rng, "uniform", [0.0, -1.0], [2.0, 1.0]),
            call(rng, "choice", 5),
            call(rng, "choice", 7, size=6),
            call(rng, "choice", ["a", "b", "c"], size=4),
            call(rng, "choice", 4, p=[0.1, 0.2, 0.3, 0.4]),
            call(rng, "choice", 4, size=10, p=[0.1, 0.2, 0.3, 0.4]),
            call(rng, "choice", 3, size=24, p=[1 / 3, 1 / 3, 1 / 3]),
            call(rng, "choice", 6, size=4, replace=False),
            call(rng, "choice", 6, size=6, replace=False),
            call(rng, "choice", 5, size=3, replace=False, p=[0.5, 0.2, 0.1, 0.1, 0.1]),
            call(rng, "choice", 5, size=5, replace=False, p=[0.6, 0.1, 0.1, 0.1, 0.1]),
            call(rng, "shuffle", list(range(10))),
            call(rng, "shuffle", ["x"]),
            call(rng, "permutation", 8),
            call(rng, "permutation", [10, 20, 30, 40, 50]),
            call(rng, "standard_normal"),
            call(rng, "get_state"),
            call(rng, "standard_normal", size=5),
            call(rng, "normal", 10.0, 2.0, size=3),
            call(rng, "normal", -1.0, 0.5),
            call(rng, "random_sample", size=3),
        ]
        cases.append({"name": f"seed {seed}", "seed": seed, "calls": calls})

    # A long stream (crosses several 624-word regenerations), then a state round trip.
    rng = np.random.RandomState(2024)
    calls = [call(rng, "random_sample", size=700), call(rng, "randint", 0, 1000, size=500)]
    state = call(rng, "get_state")
    calls += [state, call(rng, "random_sample", size=4), call(rng, "set_state", state["result"])]
    calls += [call(rng, "random_sample", size=4)]
    cases.append({"name": "long stream and set_state", "seed": 2024, "calls": calls})

    rng = np.random.RandomState(3)
    errors = [
        call(rng, "randint", 5, 5),
        call(rng, "randint", 0),
        call(rng, "randint", -1),
        call(rng, "choice", 0),
        call(rng, "choice", []),
        call(rng, "choice", 3, size=5, replace=False),
        call(rng, "choice", 3, p=[0.5, 0.5]),
        call(rng, "choice", 3, p=[0.5, 0.6, -0.1]),
        call(rng, "choice", 3, p=[0.2, 0.2, 0.2]),
        call(rng, "choice", 3, size=3, replace=False, p=[1.0, 0.0, 0.0]),
        call(rng, "uniform", -1e308, 1e308),  # the range overflows to inf
        call(rng, "normal", 0.0, -1.0),
        call(rng, "random_sample"),
    ]
    cases.append({"name": "errors (and no draw on error)", "seed": 3, "calls": errors})
    for bad in [-1, 2**32]:
        try:
            np.random.RandomState(bad)
        except ValueError as exc:
            cases.append({"name": f"bad seed {bad}", "seed": bad, "seed_error": {"type": "ValueError", "message": str(exc)}})
    return {"numpy": np.__version__, "cases": cases}


def tpe_case(name, seed, params, n_trials, add_every=None, n_startup_trials=10, jitter_seed=0):
    import optuna
    from optuna.distributions import CategoricalDistribution

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    sampler = optuna.samplers.TPESampler(seed=seed, multivariate=True, n_startup_trials=n_startup_trials)
    study = optuna.create_study(direction="maximize", sampler=sampler)
    dists = {p: CategoricalDistribution(range(n)) for p, n in params}
    jitter = random.Random(jitter_seed)

    def score(chosen):
        # A landscape with a clear optimum (last choice of the first param, first of the others).
        total = 0.0
        for i, (p, n) in enumerate(params):
            target = n - 1 if i == 0 else 0
            total += 10.0 * (1.0 - abs(chosen[p] - target) / max(1, n - 1))
        return round(total + jitter.choice([0.0, 0.0, 1.5, -2.25, 3.125]), 2)

    steps = []
    baseline = {p: 0 for p, _ in params}
    value = score(baseline)
    study.add_trial(optuna.trial.create_trial(params=baseline, distributions=dists, value=value))
    steps.append({"add": baseline, "value": value})
    for t in range(n_trials):
        trial = study.ask()
        chosen = {p: trial.suggest_categorical(p, range(n)) for p, n in params}
        value = score(chosen)
        study.tell(trial, value)
        steps.append({"ask": chosen, "value": value})
        if add_every and (t + 1) % add_every == 0:
            # MIPROv2's full evaluation: the best minibatch combo so far, re-added with a new score.
            best = max(study.trials, key=lambda tr: tr.value)
            added = dict(best.params)
            value = round(score(added) - 1.0, 2)
            study.add_trial(optuna.trial.create_trial(params=added, distributions=dists, value=value))
            steps.append({"add": added, "value": value})
    return {"name": name, "seed": seed, "n_startup_trials": n_startup_trials, "params": params, "steps": steps}


def tpe_vectors():
    import optuna

    one = [["0_predictor_instruction", 3], ["0_predictor_demos", 6]]
    two = [["0_predictor_instruction", 4], ["0_predictor_demos", 5], ["1_predictor_instruction", 4], ["1_predictor_demos", 5]]
    cases = [
        tpe_case("light P=1 seed 9", 9, one, 14, add_every=5),
        tpe_case("P=2 seed 9", 9, two, 24, add_every=5, jitter_seed=1),
        tpe_case("P=1 seed 0 no adds", 0, one, 30, jitter_seed=2),
        tpe_case("P=1 seed 123 many trials (weights ramp past 25)", 123, [["0_predictor_instruction", 5]], 60, jitter_seed=3),
        tpe_case("zero-shot P=3 seed 7", 7, [["0_predictor_instruction", 6], ["1_predictor_instruction", 6], ["2_predictor_instruction", 2]], 30, add_every=5, jitter_seed=4),
        tpe_case("startup 3 seed 42", 42, one, 20, n_startup_trials=3, jitter_seed=5),
        tpe_case("single-choice param is never sampled", 5, [["0_predictor_instruction", 1], ["0_predictor_demos", 4]], 16, jitter_seed=6),
    ]
    return {"optuna": optuna.__version__, "numpy": np.__version__, "cases": cases}


if __name__ == "__main__":
    kind = sys.argv[1] if len(sys.argv) > 1 else "numpy"
    out = numpy_vectors() if kind == "numpy" else tpe_vectors()
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")
