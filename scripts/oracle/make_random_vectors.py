"""Test vectors for PythonRandom (src/utils/python-random.ts), produced by real CPython's random.Random.

    .venv-oracle/bin/python scripts/oracle/make_random_vectors.py > src/utils/__fixtures__/python-random-vectors.json

Must run on CPython 3.11 (the generator refuses anything else): random.py's algorithms (sample's
set/pool switch, shuffle, choices) changed across versions, and DSPy's demo choices depend on them.

Output: {"python": version, "cases": [case, ...]}. Every case seeds a fresh random.Random and then
runs its calls in order on that one generator, so each call sees the stream where the previous left it:
  case  = {"name": str, "seed": seed, "calls": [call, ...]}
  seed  = {"int": "<decimal>"} | {"float": x or "inf"} | {"str": s} | {"bytes": "<hex>"}
  call  = {"op": name, "args": [...], "repeat": n, "results": [r1, ..., rn]}
        | {"op": name, "args": [...], "error": {"type": "ValueError", "message": "..."}}
Ops are the Random method names, plus "shuffle" (args [list]; shuffles that one list `repeat` times,
each result is a copy after a shuffle) and "setstate" (args [state]). Kwargs of sample/choices travel as
one trailing dict arg. Encodings: floats as JSON numbers (repr, exact round trip); getrandbits results
for k > 32 as decimal strings (the TS port returns bigint there); randbytes as hex; getstate as
[3, [625 ints], gauss_next-or-null]; None args as null.

gauss() goes through libm's cos/sin/log, so its values (and a pending gauss_next in getstate) can
differ from V8's in the last bits; the TS test compares those within a few ulps, everything else exactly.
"""

import json
import random
import sys

if sys.version_info[:2] != (3, 11):
    sys.exit(f"needs CPython 3.11, got {sys.version}")

LONG_STR = "".join(chr(ord("a") + (i * 7) % 26) for i in range(200))
MAIN_SEEDS = [
    ("0", {"int": "0"}, 0),
    ("1", {"int": "1"}, 1),
    ("42", {"int": "42"}, 42),
    ("2**40+7", {"int": str(2**40 + 7)}, 2**40 + 7),
    ("-5", {"int": "-5"}, -5),
    ("'hello'", {"str": "hello"}, "hello"),
    ("''", {"str": ""}, ""),
    ("200-char str", {"str": LONG_STR}, LONG_STR),
]
# Extra seeds: only the state right after seeding plus a short random() stream.
EXTRA_SEEDS = [
    ("2**32-1", {"int": str(2**32 - 1)}, 2**32 - 1),
    ("2**32", {"int": str(2**32)}, 2**32),
    ("2**64+123", {"int": str(2**64 + 123)}, 2**64 + 123),
    ("-(2**100+3)", {"int": str(-(2**100 + 3))}, -(2**100 + 3)),
    ("3**200", {"int": str(3**200)}, 3**200),
    ("float 3.14", {"float": 3.14}, 3.14),
    ("float -2.5", {"float": -2.5}, -2.5),
    ("float 1e15+0.5", {"float": 1e15 + 0.5}, 1e15 + 0.5),
    ("float 1e-300", {"float": 1e-300}, 1e-300),
    # A JS number that is an integer seeds as a Python int (hash(1e300) would differ): this is int(1e300).
    ("int(1e300)", {"int": str(int(1e300))}, int(1e300)),
    ("float 5e-324", {"float": 5e-324}, 5e-324),
    ("float inf", {"float": "inf"}, float("inf")),
    ("str non-ascii", {"str": "héllo wörld 🐍 — ∑"}, "héllo wörld 🐍 — ∑"),
    ("bytes", {"bytes": "00016162ff"}, bytes.fromhex("00016162ff")),
    ("bytes empty", {"bytes": ""}, b""),
]


def state_json(state):
    version, internal, gauss_next = state
    return [version, list(internal), gauss_next]


def encode(op, args, value):
    if op == "getrandbits" and args[0] > 32:
        return str(value)
    if op == "randbytes":
        return value.hex()
    if op == "getstate":
        return state_json(value)
    return value


def run_call(rng, op, args, repeat=1):
    """Runs one call description on rng and returns its JSON record."""
    record = {"op": op, "args": args}
    kwargs = {}
    pos = list(args)
    if op in ("sample", "choices") and pos and isinstance(pos[-1], dict):
        kwargs = pos.pop()
    try:
        if op == "shuffle":
            target = list(pos[0])
            results = []
            for _ in range(repeat):
                rng.shuffle(target)
                results.append(list(target))
        elif op == "setstate":
            version, internal, gauss_next = pos[0]
            rng.setstate((version, tuple(internal), gauss_next))
            results = [None]
        else:
            method = getattr(rng, op)
            results = [encode(op, pos, method(*pos, **kwargs)) for _ in range(repeat)]
    except Exception as e:  # noqa: BLE001 - errors are vectors too
        record["error"] = {"type": type(e).__name__, "message": str(e)}
        return record
    record["repeat"] = repeat
    record["results"] = results
    return record


def case(name, seed_json, seed, calls):
    rng = random.Random(seed)
    return {"name": name, "seed": seed_json, "calls": [run_call(rng, *c) for c in calls]}


def main_seed_cases(label, seed_json, seed):
    out = [
        case(f"{label} state+random", seed_json, seed, [("getstate", []), ("random", [], 1000), ("getstate", [])]),
    ]
    for k in (1, 31, 32, 33, 64, 100):
        out.append(case(f"{label} getrandbits({k})", seed_json, seed, [("getrandbits", [k], 200)]))
    out.append(
        case(
            f"{label} integers",
            seed_json,
            seed,
            [
                ("randrange", [10], 50),
                ("randrange", [1], 5),
                ("randrange", [3, 17], 50),
                ("randrange", [100, -50, -7], 50),
                ("randrange", [0, 1000, 3], 50),
                ("randrange", [-10, 10, 4], 20),
                ("randint", [1, 6], 50),
                ("randint", [-(10**6), 10**6], 50),
                ("randrange", [2**40], 20),
                ("randrange", [2**53], 10),
                ("randrange", [2**32], 10),
                ("randrange", [2**32 + 1], 10),
                ("randrange", [2**52, 2**52 + 14, 2], 10),
                ("randrange", [2**60, 2**61, 2**60], 3),
                ("randrange", [-(2**60), 2**60, 2**59], 10),
                ("randrange", [2**53 - 5, 2**53], 10),
                ("randrange", [2**53, 0, -(2**50)], 10),
                ("randbytes", [0], 1),
                ("randbytes", [5], 3),
                ("randbytes", [8], 2),
                ("getrandbits", [0], 3),
                ("getrandbits", [65], 3),
                ("getrandbits", [1000], 1),
                ("random", [], 3),
            ],
        )
    )
    out.append(
        case(
            f"{label} sequences",
            seed_json,
            seed,
            [
                ("shuffle", [list(range(50))], 5),
                ("shuffle", [[]], 1),
                ("shuffle", [["only"]], 2),
                ("shuffle", [["a", "b"]], 4),
                ("choice", [list(range(7))], 30),
                ("choice", [["x", "y", "z"]], 10),
            ]
            + [
                ("sample", [list(range(n)), k], 1)
                for n, k in [
                    (0, 0),
                    (10, 0),
                    (10, 10),
                    (5, 3),
                    (21, 5),
                    (22, 5),
                    (22, 6),
                    (30, 6),
                    (100, 6),
                    (100, 50),
                    (300, 50),
                    (1000, 10),
                    (1000, 1000),
                    (50, 25),
                    (2000, 300),
                    (86, 6),
                    (85, 6),
                ]
            ]
            + [
                ("sample", [["red", "blue"], 5, {"counts": [4, 2]}], 3),
                ("sample", [["a", "b", "c"], 30, {"counts": [10, 20, 30]}], 1),
                ("sample", [[f"d{i}" for i in range(40)], 7], 2),
            ],
        )
    )
    pop = ["a", "b", "c", "d", "e", "f", "g"]
    out.append(
        case(
            f"{label} choices+floats",
            seed_json,
            seed,
            [
                ("choices", [pop, {"k": 20}], 1),
                ("choices", [pop], 3),
                ("choices", [pop[:4], [1, 2, 3, 4], {"k": 50}], 1),
                ("choices", [pop[:4], {"cum_weights": [1, 3, 6, 10], "k": 50}], 1),
                ("choices", [pop[:3], [0.1, 0.2, 0.7], {"k": 30}], 1),
                ("choices", [pop[:5], [0, 0, 5, 0, 1], {"k": 30}], 1),
                ("choices", [pop[:3], {"cum_weights": [0.25, 0.5, 3.0], "k": 30}], 1),
                ("choices", [pop, {"k": 0}], 1),
                ("uniform", [-3, 5], 50),
                ("uniform", [10.5, 2.25], 10),
                ("triangular", [], 10),
                ("triangular", [2.0, 8.0, 3.0], 10),
                ("triangular", [1.0, 1.0, 1.0], 2),
                ("normalvariate", [], 50),
                ("normalvariate", [100.0, 15.0], 20),
                ("gauss", [], 51),
                ("gauss", [10.0, 2.0], 20),
                ("random", [], 3),
            ],
        )
    )
    # Checkpoint mid-stream: record state (with a pending gauss_next), draw, restore, draw again.
    rng = random.Random(seed)
    for _ in range(10):
        rng.random()
    rng.gauss()
    saved = state_json(rng.getstate())
    out.append(
        case(
            f"{label} state save/restore",
            seed_json,
            seed,
            [
                ("random", [], 10),
                ("gauss", [], 1),
                ("getstate", []),
                ("gauss", [], 3),
                ("random", [], 20),
                ("setstate", [saved]),
                ("gauss", [], 3),
                ("random", [], 20),
                ("shuffle", [list(range(30))], 1),
                ("getstate", []),
            ],
        )
    )
    return out


def error_case():
    wrong_size = [3, list(range(624)), None]
    bad_index = [3, list(range(624)) + [625], None]
    negative = [3, [-1] + list(range(624)), None]
    return case(
        "errors",
        {"int": "7"},
        7,
        [
            ("randrange", [0]),
            ("randrange", [-3]),
            ("randrange", [5, 5]),
            ("randrange", [5, 1]),
            ("randrange", [1, 10, 0]),
            ("randrange", [10, 1, 2]),
            ("randrange", [1, 10, -2]),
            ("randrange", [1.5]),
            ("randrange", [1, 2.5]),
            ("randrange", [0, 10, 1.5]),
            ("randrange", [5, None, 2]),
            ("randint", [5, 3]),
            ("choice", [[]]),
            ("sample", [[1, 2, 3], 4]),
            ("sample", [[1, 2, 3], -1]),
            ("sample", [["a", "b"], 2, {"counts": [1]}]),
            ("sample", [["a", "b"], 2, {"counts": [0, 0]}]),
            ("sample", [["a", "b"], 2, {"counts": [1.5, 2]}]),
            ("sample", [["a", "b"], 4, {"counts": [1, 2]}]),
            ("choices", [[], {"k": 2}]),
            ("choices", [["a"], [1, 2]]),
            ("choices", [["a", "b"], [0, 0]]),
            ("choices", [["a", "b"], [1e308, 1e308]]),
            ("choices", [["a", "b"], [1, 2], {"cum_weights": [1, 3]}]),
            ("getrandbits", [-1]),
            ("setstate", [[2 + 5, list(range(625)), None]]),
            ("setstate", [wrong_size]),
            ("setstate", [bad_index]),
            ("setstate", [negative]),
            # The generator must still be usable (and untouched) after the failures above.
            ("random", [], 3),
        ],
    )


def main():
    cases = []
    for label, seed_json, seed in MAIN_SEEDS:
        cases.extend(main_seed_cases(label, seed_json, seed))
    for label, seed_json, seed in EXTRA_SEEDS:
        cases.append(case(f"{label} state+random", seed_json, seed, [("getstate", []), ("random", [], 20)]))
    cases.append(error_case())
    json.dump({"python": sys.version.split()[0], "cases": cases}, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


main()
