"""Saved-program fixtures written by real DSPy 3.4.1 (`program.save(path)`, save_program=False).

    .venv-oracle/bin/python scripts/oracle/make_saved_fixtures.py              # (re)write test/__fixtures__/saved/*.json
    .venv-oracle/bin/python scripts/oracle/make_saved_fixtures.py --out DIR    # write them to DIR instead
    .venv-oracle/bin/python scripts/oracle/make_saved_fixtures.py --check DIR  # load DIR/<name>.json in DSPy

The programs here are mirrored in test/saved-programs.ts; keep the two in step.
`--check` loads each DIR/<name>.json (written by dspy-typescript) into a fresh, untrained copy
of the program and requires its `dump_state()` to equal that of the program built here.
"""

import json
import sys
from pathlib import Path

import dspy

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "test" / "__fixtures__" / "saved"


class TwoStep(dspy.Module):
    """A 2-predictor program: a bare Predict and a ChainOfThought (saved as `answer.predict`)."""

    def __init__(self):
        super().__init__()
        self.rewrite = dspy.Predict("question -> search_query")
        self.answer = dspy.ChainOfThought("context: list[str], question -> answer")


def predict_with_demos(trained=True):
    program = dspy.Predict("question -> answer")
    if trained:
        program.demos = [
            # Bootstrapped demos are built as Example(augmented=True, **inputs, **outputs).
            dspy.Example(augmented=True, question="What is 2+2?", answer="4"),
            dspy.Example(question="Où est la tour Eiffel ? ✓", answer="Paris — «la ville lumière»").with_inputs("question"),
            {"question": "Quote \"this\" \\ and\ttab\nnewline", "answer": "ok", "score": 0.5, "tiny": 1e-7},
            {"question": "Nested?", "answer": "yes", "extra": {"list": [1, "two", None, True], "empty": {}, "none": []}},
        ]
    return program


def cot_with_instructions(trained=True):
    program = dspy.ChainOfThought("question -> answer")
    if trained:
        signature = program.predict.signature.with_instructions(
            "Answer the question.\n\nThink step by step; reply in one short sentence — no preamble."
        )
        program.predict.signature = signature.with_updated_fields(
            "answer", prefix="Final Answer:", desc="one short sentence"
        )
        program.predict.demos = [
            dspy.Example(augmented=True, question="Why is the sky blue?", reasoning="Rayleigh scattering.", answer="Scattering."),
        ]
    return program


def two_step(trained=True):
    program = TwoStep()
    if trained:
        program.rewrite.demos = [{"question": "capital of France", "search_query": "France capital city"}]
        program.answer.predict.signature = program.answer.predict.signature.with_instructions(
            "Answer from the context only."
        )
        program.answer.predict.demos = [
            dspy.Example(
                augmented=True,
                context=["Paris is the capital of France."],
                question="What is the capital of France?",
                reasoning="The context says so.",
                answer="Paris",
            ),
        ]
    return program


PROGRAMS = {
    "predict-demos": predict_with_demos,
    "cot-instructions": cot_with_instructions,
    "two-step": two_step,
}


def write_fixtures(out=OUT):
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for name, build in PROGRAMS.items():
        build().save(str(out / f"{name}.json"))
        print(f"wrote {out / f'{name}.json'}")


def check(directory):
    failures = 0
    for name, build in PROGRAMS.items():
        path = Path(directory) / f"{name}.json"
        loaded = build(trained=False)
        try:
            loaded.load(str(path))
        except Exception as error:  # report every program, not just the first failure
            print(f"FAIL {name}: DSPy could not load {path}: {type(error).__name__}: {error}")
            failures += 1
            continue
        expected = json.dumps(build().dump_state(), ensure_ascii=False, indent=1)
        actual = json.dumps(loaded.dump_state(), ensure_ascii=False, indent=1)
        if expected != actual:
            print(f"FAIL {name}: dump_state() after loading {path} differs:\n--- expected\n{expected}\n--- actual\n{actual}")
            failures += 1
        else:
            print(f"ok   {name}: DSPy 3.4.1 loads {path.name}; dump_state() matches")
    return failures


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        sys.exit(1 if check(sys.argv[2]) else 0)
    if len(sys.argv) == 3 and sys.argv[1] == "--out":
        write_fixtures(sys.argv[2])
    elif len(sys.argv) == 1:
        write_fixtures()
    else:
        sys.exit(__doc__)
