"""Vectors for GEPA's strategies (src/optimizers/gepa-strategies.test.ts), from gepa 0.1.4.

    .venv-oracle/bin/python scripts/oracle/make_gepa_vectors.py > src/optimizers/__fixtures__/gepa-vectors.json

* `sampler`: EpochShuffledBatchSampler minibatch ids for 12 iterations (trainset size, minibatch
  size, seed), with the padding of trainsets that do not divide evenly.
* `pareto`: select_program_candidate_from_pareto_front draws (10 per case, one RNG) on fronts
  whose sets hold indices past CPython's 8-slot table, where set order is not numeric order;
  find_dominator_programs on the same fronts.
* `merge_subsample`: MergeProposer.select_eval_subsample_for_merged_program.
"""
import json
import random
from types import SimpleNamespace

from gepa.core.data_loader import ensure_loader
from gepa.gepa_utils import find_dominator_programs, select_program_candidate_from_pareto_front
from gepa.proposer.merge import MergeProposer
from gepa.strategies.batch_sampler import EpochShuffledBatchSampler

sampler = []
for size, mb, seed in [(10, 3, 0), (7, 2, 5), (6, 3, 1), (5, 4, 42), (3, 3, 7)]:
    rng = random.Random(seed)
    s = EpochShuffledBatchSampler(minibatch_size=mb, rng=rng)
    loader = ensure_loader(list(range(size)))
    batches = []
    for i in range(12):
        batches.append(s.next_minibatch_ids(loader, SimpleNamespace(i=i)))
    sampler.append({"size": size, "minibatch": mb, "seed": seed, "batches": batches, "after": rng.random()})

pareto = []
cases = [
    ([[3, 9], [9], [0, 3]], [0.2, 0, 0, 0.6, 0, 0, 0, 0, 0, 0.5]),
    ([[0, 1], [1, 12], [12, 4], [4]], [0.1, 0.5, 0, 0, 0.5, 0, 0, 0, 0, 0, 0, 0, 0.7]),
    ([[2], [10, 18, 2], [18], [7, 10]], [0] * 2 + [0.3] + [0] * 4 + [0.3] + [0] * 2 + [0.4] + [0] * 7 + [0.45]),
    ([[0]], [0.0]),
]
for fronts, scores in cases:
    mapping = {i: set(front) for i, front in enumerate(fronts)}
    rng = random.Random(11)
    draws = [select_program_candidate_from_pareto_front(mapping, scores, rng) for _ in range(10)]
    pareto.append({"fronts": fronts, "scores": scores, "draws": draws,
                   "dominators": find_dominator_programs(mapping, scores)})

merge_subsample = []
for s1, s2, seed in [([1, 0, 1, 0, 1, 1], [0, 1, 1, 0, 0, 1], 0), ([1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1, 1], 3),
                     ([0, 0.5, 1, 0.5, 0, 1, 1, 0], [1, 0.5, 0, 0, 0, 1, 0.5, 1], 9)]:
    mp = MergeProposer(logger=None, valset=None, evaluator=None, use_merge=True, max_merge_invocations=5,
                       rng=random.Random(seed))
    ids = mp.select_eval_subsample_for_merged_program(dict(enumerate(s1)), dict(enumerate(s2)))
    merge_subsample.append({"scores1": s1, "scores2": s2, "seed": seed, "ids": ids})

print(json.dumps({"sampler": sampler, "pareto": pareto, "merge_subsample": merge_subsample}, indent=1))
