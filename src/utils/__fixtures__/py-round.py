"""Regenerates py-round.json: Python's round(x, n) on ties, evaluation percentages and random doubles.

    .venv-oracle/bin/python src/utils/__fixtures__/py-round.py > src/utils/__fixtures__/py-round.json
"""

import json
import random
import struct

rng = random.Random(20240611)
cases = []


def add(x, n):
    cases.append([repr(x), n, repr(round(x, n)) if n is not None else str(round(x))])


# Exact binary ties and near-ties, both signs.
for k in range(-160, 161):
    for n in (0, 1, 2, 3):
        add(k / 8, n)
        add(k / 16 + 0.005, n)
# Percentages as Evaluate computes them: round(100 * sum / len, 2).
for total in range(1, 41):
    for correct in range(0, total + 1):
        add(100 * correct / total, 2)
        add(100 * correct / total, 1)
for _ in range(800):
    add(100 * rng.random() * rng.randint(1, 50) / rng.randint(1, 50), 2)
# Random doubles of every magnitude, every ndigits in range.
for _ in range(800):
    bits = rng.getrandbits(64)
    x = struct.unpack("<d", bits.to_bytes(8, "little"))[0]
    if x != x or x in (float("inf"), float("-inf")):
        continue
    add(x, rng.randint(-330, 330))
for _ in range(800):
    x = rng.uniform(-1e6, 1e6)
    add(x, rng.randint(-7, 12))
# Negative ndigits and half-way integers.
for x in (1250.0, 1350.0, 15.0, 25.0, -25.0, 5e22, 1.5e300, 123456789.0, 0.5, 1.5, 2.5, -0.5, -1.5, 2.675, 1.005, -0.001, -0.0, 0.0):
    for n in (-25, -3, -2, -1, 0, 1, 2, 3, 400, -400):
        add(x, n)
# round(x) with no ndigits returns an int (half to even).
for x in (0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999999999999994, 4503599627370497.0, 1e20, -0.0, 3.7, -3.7, 1e300):
    add(x, None)

print(json.dumps(cases, separators=(",", ":")))
