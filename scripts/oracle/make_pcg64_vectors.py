"""Test vectors for NumpyPCG64 (src/utils/numpy-pcg64.ts) and numpyPercentile
(src/utils/numpy-percentile.ts), produced by real NumPy's `default_rng` and `percentile`.

The oracle venv has no NumPy, so this runs in a throwaway venv outside the repository:

    python3 -m venv /tmp/simba-np && /tmp/simba-np/bin/pip install numpy==2.4.6
    /tmp/simba-np/bin/python scripts/oracle/make_pcg64_vectors.py > src/utils/__fixtures__/numpy-pcg64-vectors.json

Output: {"numpy": version, "streams": [...], "poisson": [...], "percentile": [...]}.
  stream = {"seed": str(int), "raw": [str(uint64), ...], "random": [float, ...]}   (fresh generators)
  poisson = {"seed": str(int), "draws": [[lam, k], ...]}   (one generator, draws in order)
  percentile = {"values": [float, ...], "q": float, "result": float}
"""

import json
import random

import numpy as np

SEEDS = [0, 1, 2, 9, 42, 123456789, 2**32 + 5, 2**64 + 17, 2**70 + 3, 2**128 + 11]


def streams():
    out = []
    for seed in SEEDS:
        raw = [str(int(x)) for x in np.random.default_rng(seed).bit_generator.random_raw(6)]
        rng = np.random.default_rng(seed)
        out.append({"seed": str(seed), "raw": raw, "random": [float(rng.random()) for _ in range(6)]})
    return out


def poisson():
    out = []
    lams = [0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0, 5.5, 9.99, 10.0, 12.5, 40.0, 1000.0, 123456.7]
    for seed in SEEDS[:6]:
        rng = np.random.default_rng(seed)
        picker = random.Random(seed)
        draws = []
        for _ in range(120):
            lam = picker.choice(lams)
            draws.append([lam, int(rng.poisson(lam))])
        out.append({"seed": str(seed), "draws": draws})
    return out


def percentile():
    picker = random.Random(7)
    out = []
    for n in [1, 2, 3, 5, 7, 10, 12, 31, 32, 96, 192]:
        for kind in ["binary", "float", "ties"]:
            if kind == "binary":
                values = [float(picker.random() < 0.5) for _ in range(n)]
            elif kind == "float":
                values = [picker.random() * 3 - 1 for _ in range(n)]
            else:
                values = [picker.choice([0.0, 0.25, 0.5, 1.0]) for _ in range(n)]
            for q in [10, 90, 50, 0, 100, 33.3]:
                out.append({"values": values, "q": q, "result": float(np.percentile(values, q))})
    return out


print(json.dumps({"numpy": np.__version__, "streams": streams(), "poisson": poisson(), "percentile": percentile()}))
