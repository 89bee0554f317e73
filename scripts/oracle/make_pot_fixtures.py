"""Golden results for src/predict/program-of-thought.golden.test.ts, from real DSPy 3.4.1.

    .venv-oracle/bin/python scripts/oracle/make_pot_fixtures.py > src/predict/__fixtures__/program-of-thought-golden.json

Each scenario runs `dspy.ProgramOfThought` with DSPy's own `DummyLM` (list mode: one scripted
answer per LM call, formatted by ChatAdapter) and records every request's messages, then the
final prediction (or the error that escaped). Deno is not installed here, so a scripted
interpreter stands in for `PythonInterpreter`: it returns, for each piece of code, exactly what
DSPy's Pyodide runner returns for it (e.g. `ZeroDivisionError: ['division by zero']`). The
TypeScript test runs the same code on the real Pyodide sandbox, so matching requests also check
that the sandbox reports what DSPy's does.

`signatures` records, for each scenario's signature, the three generated signatures
(generate / regenerate / answer): their fields with descriptions and their instructions.
"""

import json
import logging
import warnings

warnings.simplefilter("ignore")
logging.disable(logging.CRITICAL)

import dspy  # noqa: E402
from dspy.primitives.code_interpreter import CodeExecutionError, FinalOutput  # noqa: E402
from dspy.utils.dummies import DummyLM  # noqa: E402

# What DSPy 3.4.1's runner.js returns for each snippet (checked against the Pyodide sandbox by the TS test).
OUTCOMES = {
    "result = 1 / 0\nresult": CodeExecutionError("ZeroDivisionError: ['division by zero']"),
    "SUBMIT({'answer': 2 + 2})": FinalOutput({"output": {"answer": 4}}),
    "total = sum(range(5))\nprint(total)\n": "10\n",
    "x = 6 * 7\nx": 42,
    "values = [1, 2\nprint(values)": SyntaxError(
        "Invalid Python syntax. message: File \"<exec>\", line 1\n"
        "    values = [1, 2\n             ^\nSyntaxError: '[' was never closed"
    ),
    "undefined_name + 1": CodeExecutionError("NameError: [\"name 'undefined_name' is not defined\"]"),
    "SUBMIT({'answer': 'Paris', 'confidence': 0.9})": FinalOutput({"output": {"answer": "Paris", "confidence": 0.9}}),
}


class ScriptedInterpreter:
    def __init__(self):
        self.tools = {}

    def start(self):
        pass

    def execute(self, code, variables=None):
        outcome = OUTCOMES[code]
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    def shutdown(self):
        pass


def gen(reasoning, code):
    return {"reasoning": reasoning, "generated_code": code}


SCENARIOS = [
    {
        "id": "retry-then-submit",
        "signature": "question -> answer",
        "inputs": {"question": "What is 2 + 2?"},
        "answers": [
            gen("Divide first.", "```python\nresult = 1 / 0\nresult\n```"),
            gen("Avoid the division.", "```python\nSUBMIT({'answer': 2 + 2})\n```"),
            {"reasoning": "The code submitted 4.", "answer": "4"},
        ],
    },
    {
        "id": "printed-output",
        "signature": "question -> answer: int",
        "instructions": "Sum the numbers below five.",
        "inputs": {"question": "Sum 0..4"},
        "answers": [
            gen("Use sum.", "total = sum(range(5))\nprint(total)\n---\nignored"),
            {"reasoning": "It printed 10.", "answer": "10"},
        ],
    },
    {
        "id": "last-assignment-is-echoed",
        "signature": "question -> answer",
        "inputs": {"question": "Six times seven?"},
        "answers": [
            gen("Multiply.", "```python\nx = 6 * 7\n```"),
            {"reasoning": "42.", "answer": "42"},
        ],
    },
    {
        "id": "parse-error-then-syntax-error-then-name-error",
        "signature": "context, question -> answer, confidence: float",
        "max_iters": 4,
        "inputs": {"context": "France's capital is Paris.", "question": "Capital of France?"},
        "answers": [
            gen("One line.", "a = 1; b = 2 = 3"),
            gen("Build a list.", "values = [1, 2\nprint(values)"),
            gen("Use a name.", "undefined_name + 1"),
            gen("Submit.", "```python\nSUBMIT({'answer': 'Paris', 'confidence': 0.9})\n```"),
            {"reasoning": "From the context.", "answer": "Paris", "confidence": "0.9"},
        ],
    },
    {
        "id": "max-iters",
        "signature": "question -> answer",
        "max_iters": 2,
        "inputs": {"question": "What is 2 + 2?"},
        "answers": [
            gen("Divide.", "result = 1 / 0\nresult"),
            gen("Try again.", "undefined_name + 1"),
        ],
    },
    {
        "id": "empty-code",
        "signature": "question -> answer",
        "max_iters": 2,
        "inputs": {"question": "Anything?"},
        "answers": [
            gen("Nothing.", "```python\n\n```"),
            gen("Still nothing.", ""),
        ],
    },
]


class RecordingLM(DummyLM):
    def __init__(self, answers):
        super().__init__(answers)
        self.requests = []

    def forward(self, prompt=None, messages=None, **kwargs):
        self.requests.append(json.loads(json.dumps(messages)))
        return super().forward(prompt=prompt, messages=messages, **kwargs)


def describe(signature):
    return {
        "instructions": signature.instructions,
        "fields": [
            {
                "name": name,
                "role": field.json_schema_extra["__dspy_field_type"],
                "desc": field.json_schema_extra.get("desc"),
                "prefix": field.json_schema_extra.get("prefix"),
            }
            for name, field in signature.fields.items()
        ],
    }


def run(scenario):
    signature = dspy.Signature(scenario["signature"], scenario.get("instructions"))
    pot = dspy.ProgramOfThought(signature, max_iters=scenario.get("max_iters", 3), interpreter_factory=ScriptedInterpreter)
    lm = RecordingLM(scenario["answers"])
    result = {"prediction": None, "error": None}
    with dspy.context(lm=lm, adapter=dspy.ChatAdapter()):
        try:
            prediction = pot(**scenario["inputs"])
            result["prediction"] = {key: prediction[key] for key in prediction.keys()}
        except Exception as error:  # noqa: BLE001
            result["error"] = {"type": type(error).__name__, "message": str(error)}
    result["requests"] = lm.requests
    result["signatures"] = {
        mode: describe(predictor.predict.signature)
        for mode, predictor in (
            ("generate", pot.code_generate),
            ("regenerate", pot.code_regenerate),
            ("answer", pot.generate_output),
        )
    }
    result["parameters"] = [name for name, _ in pot.named_predictors()]
    return {**scenario, "expected": result}


print(json.dumps({"scenarios": [run(scenario) for scenario in SCENARIOS]}, indent=1, ensure_ascii=False))
