"""Golden results for src/predict/react.test.ts, from real DSPy 3.4.1's ReAct and Tool.

    .venv-oracle/bin/python scripts/oracle/make_react_fixtures.py > src/predict/__fixtures__/react-golden.json

Each scenario runs `dspy.ReAct` with DSPy's own `DummyLM` (list mode: one scripted answer per LM
call, formatted by the scenario's adapter) and records every request's messages, then the final
prediction (or the error that escaped). `fail_at` lists LM-call indexes that raise
`ContextWindowExceededError` before consuming an answer, to drive ReAct's trajectory truncation.

The tools are defined here and, identically, in the TypeScript test (TOOLS there): Python
functions with type hints and docstrings on this side, zod schemas or JSON-schema args there.

Tool errors reach the LM as Python tracebacks (`format_error_for_lm(err, traceback_frames=5)`);
the test normalises those (and the port's JavaScript stacks) to the exception message before
comparing, since file paths and frames cannot match across languages.

`tools` cases record `str(tool)` and `format_as_litellm_function_call()` for each tool, and
`trajectory` cases record `ReAct._format_trajectory` under each adapter.
"""

import json
import os
import sys
import warnings
from typing import Literal, Optional

warnings.simplefilter("ignore")

import dspy  # noqa: E402
from dspy.utils.dummies import DummyLM  # noqa: E402
from dspy.utils.exceptions import ContextWindowExceededError  # noqa: E402


def add(a: int, b: int = 2) -> int:
    """Add two integers.
    Returns their sum."""
    return a + b


def weather(city: str, unit: Literal["c", "f"] = "c", days: Optional[int] = None) -> dict:
    """Current weather for a city."""
    return {"city": city, "unit": unit, "temperature": 21 if unit == "c" else 70, "days": days}


def boom(x: str):
    raise ValueError("boom " + x)


def _lookup(city, fields=None):
    return [f"{city} is the capital of France.", "Population: 2.1 million"]


lookup = dspy.Tool(
    _lookup,
    name="lookup",
    desc="Look up facts about a city.",
    args={
        "city": {"type": "string", "description": "City name"},
        "fields": {"type": "array", "items": {"type": "string"}, "default": []},
    },
)

TOOLS = {"add": add, "weather": weather, "boom": boom, "lookup": lookup}
ADAPTERS = {"chat": dspy.ChatAdapter, "json": dspy.JSONAdapter, "xml": dspy.XMLAdapter}


def step(thought, name, args):
    return {"next_thought": thought, "next_tool_name": name, "next_tool_args": args}


SCENARIOS = [
    {
        "id": "two-tools",
        "signature": "question -> answer: int",
        "instructions": "Answer arithmetic and trivia questions.\nUse the tools when needed.",
        "tools": ["add", "lookup", "weather"],
        "inputs": {"question": "What is 2 + 3, and what is Paris like?"},
        "answers": [
            step("I should add 2 and 3.", "add", {"a": 2, "b": 3}),
            step("Now look up Paris.", "lookup", {"city": "Paris"}),
            step("And the weather.", "weather", {"city": "Paris", "unit": "f"}),
            step("I have everything.", "finish", {}),
            {"reasoning": "2 + 3 = 5.", "answer": 5},
        ],
    },
    {
        "id": "tool-error",
        "signature": "question -> answer",
        "tools": ["add", "boom"],
        "inputs": {"question": "Try the risky tool."},
        "answers": [step("Call boom.", "boom", {"x": "y"}), step("It failed; finish anyway.", "finish", {}), {"reasoning": "The tool raised an error.", "answer": "unknown"}],
    },
    {
        "id": "finish-with-args",
        "signature": "question -> answer",
        "tools": ["add"],
        "inputs": {"question": "Say hi."},
        "answers": [step("Done already.", "finish", {"answer": "hi"}), {"reasoning": "Nothing to do.", "answer": "hi"}],
    },
    {
        "id": "unknown-tool",
        "signature": "question -> answer",
        "tools": ["add"],
        "inputs": {"question": "Search the web."},
        # The Chat answer names a tool outside the Literal; the JSON fallback gets the next one.
        "answers": [step("Search.", "search", {"q": "x"}), step("Search.", "search", {"q": "x"})],
    },
    {
        "id": "max-iters",
        "signature": "question, context -> answer",
        "tools": ["add"],
        "max_iters": 5,
        "call_max_iters": 2,
        "inputs": {"question": "Count up.", "context": ["one", "two"]},
        "answers": [step("Add once.", "add", {"a": 1}), step("Add twice.", "add", {"a": 2, "b": 2}), {"reasoning": "Ran out of steps.", "answer": "4"}],
    },
    {
        "id": "finish-first",
        "signature": "question -> answer",
        "tools": ["add", "weather"],
        "inputs": {"question": "Hello?"},
        "answers": [step("Nothing to look up.", "finish", {}), {"reasoning": "Greeting.", "answer": "Hello!"}],
    },
    {
        "id": "finish-first-json-adapter",
        "signature": "question -> answer",
        "tools": ["add"],
        "adapter": "json",
        "inputs": {"question": "Hello?"},
        "answers": [step("Nothing to look up.", "finish", {}), {"reasoning": "Greeting.", "answer": "Hello!"}],
    },
    {
        "id": "context-window-truncation",
        "signature": "question -> answer",
        "tools": ["add"],
        "inputs": {"question": "1 + 2 + 2?"},
        "fail_at": [2],
        "answers": [step("t0", "add", {"a": 1}), step("t1", "add", {"a": 2}), step("t2", "finish", {}), {"reasoning": "r", "answer": "5"}],
    },
    {
        # Four steps, then the fifth request overflows three times: three truncations leave one
        # step, DSPy gives up on the loop and extracts from what is left.
        "id": "context-window-exhausted",
        "signature": "question -> answer",
        "tools": ["add"],
        "inputs": {"question": "Keep adding."},
        "fail_at": [4, 5, 6],
        "answers": [*(step(f"s{i}", "add", {"a": i}) for i in range(4)), {"reasoning": "Only the last step is left.", "answer": "5"}],
    },
    {
        "id": "context-window-first-call",
        "signature": "question -> answer",
        "tools": ["add"],
        "inputs": {"question": "Too long?"},
        "fail_at": [0],
        "answers": [{"reasoning": "No trajectory.", "answer": "?"}],
    },
]


class RecordingLM(DummyLM):
    """DummyLM that records each request and raises ContextWindowExceededError on chosen calls."""

    def __init__(self, answers, fail_at, adapter):
        super().__init__(answers, adapter=adapter)
        self.requests = []
        self.fail_at = set(fail_at)

    def forward(self, prompt=None, messages=None, **kwargs):
        index = len(self.requests)
        self.requests.append(json.loads(json.dumps(messages)))
        if index in self.fail_at:
            raise ContextWindowExceededError(model="dummy")
        return super().forward(prompt=prompt, messages=messages, **kwargs)


def run(scenario):
    adapter = ADAPTERS[scenario.get("adapter", "chat")]()
    lm = RecordingLM(scenario["answers"], scenario.get("fail_at", []), adapter)
    signature = dspy.Signature(scenario["signature"], scenario.get("instructions"))
    tools = [TOOLS[name] for name in scenario["tools"]]
    react = dspy.ReAct(signature, tools=tools, max_iters=scenario.get("max_iters", 20))
    kwargs = dict(scenario["inputs"])
    if "call_max_iters" in scenario:
        kwargs["max_iters"] = scenario["call_max_iters"]
    result = {"requests": None, "prediction": None, "error": None}
    with dspy.context(lm=lm, adapter=adapter):
        try:
            prediction = react(**kwargs)
            result["prediction"] = json.loads(json.dumps(dict(prediction.items())))
        except Exception as error:  # noqa: BLE001 - the error is the expected result
            result["error"] = {"type": type(error).__name__, "message": str(error)}
    result["requests"] = lm.requests
    return {**scenario, "expected": result}


def tool_cases():
    cases = []
    for name, func in TOOLS.items():
        tool = func if isinstance(func, dspy.Tool) else dspy.Tool(func)
        cases.append({"name": name, "str": str(tool), "litellm": tool.format_as_litellm_function_call()})
    return cases


def trajectory_cases():
    trajectory = {
        "thought_0": "Look it up.\nCarefully.",
        "tool_name_0": "lookup",
        "tool_args_0": {"city": "Paris", "fields": ["a & b"]},
        "observation_0": ["Paris <capital>", "line\nbreak"],
        "thought_1": "Compute.",
        "tool_name_1": "add",
        "tool_args_1": {"a": 1},
        "observation_1": 3,
    }
    react = dspy.ReAct("question -> answer", tools=[add])
    cases = []
    for adapter_name, adapter_class in ADAPTERS.items():
        with dspy.context(adapter=adapter_class()):
            cases.append({"adapter": adapter_name, "empty": react._format_trajectory({}), "full": react._format_trajectory(trajectory)})
    return {"trajectory": trajectory, "cases": cases}


TOOL_CALLS = [
    *(("add", args) for args in [{"a": 1}, {"a": 1.0, "b": 4}, {"a": "5"}, {"a": True}, {"b": 1}, {"a": 1, "c": 2}, {"c": 2, "a": "x"}]),
    ("weather", {"city": "Oslo", "unit": "k"}),
    ("weather", {"city": "Oslo", "days": "3"}),
    ("weather", {"city": "Oslo", "days": 3}),
    ("weather", {"city": 7}),
    ("lookup", {"city": "Rome", "fields": ["a", 2]}),
    ("lookup", {"city": "Rome", "fields": "a"}),
    ("boom", {}),
]

SCHEMA_CHECKS = [
    ({"type": "integer"}, "5"),
    ({"type": "integer"}, 5.5),
    ({"type": "number"}, True),
    ({"type": ["integer", "null"]}, "x"),
    ({"type": "string", "enum": ["c", "f"]}, 3),
    ({"enum": ["c", "f"], "type": "string"}, 3),
    ({"const": "x"}, "y"),
    ({"type": "array", "items": {"type": "integer"}}, [1, "2", 3.5]),
    ({"type": "array", "items": {"type": "integer"}, "minItems": 4}, ["a"]),
    ({"type": "array", "maxItems": 0}, [1]),
    ({"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a", "b"]}, {"a": "1"}),
    ({"type": "object", "properties": {"a": {"type": "integer"}}, "additionalProperties": False}, {"a": 1, "z": 2, "y": 3}),
    ({"type": "object", "properties": {"p": {"type": "object", "properties": {"q": {"type": "string"}}}}}, {"p": {"q": 1}}),
    ({"type": "string", "minLength": 1}, ""),
    ({"type": "string", "maxLength": 2, "pattern": "^a"}, "bcd"),
    ({"type": "integer", "minimum": 3, "exclusiveMaximum": 10}, 10),
    ({"type": "number", "maximum": 1.5}, 2),
    ({"type": "object", "anyOf": [{"required": ["a"]}, {"required": ["b"]}]}, {}),
    ({"type": "array", "prefixItems": [{"type": "string"}], "items": False}, ["a", 1, 2]),
    ({"type": "integer"}, 7),
]


def tool_call_cases():
    cases = []
    for name, kwargs in TOOL_CALLS:
        func = TOOLS[name]
        tool = func if isinstance(func, dspy.Tool) else dspy.Tool(func)
        try:
            cases.append({"tool": name, "args": kwargs, "result": tool(**kwargs), "error": None})
        except Exception as error:  # noqa: BLE001 - the error is the expected result
            cases.append({"tool": name, "args": kwargs, "result": None, "error": {"type": type(error).__name__, "message": str(error)}})
    return cases


def schema_check_cases():
    from jsonschema import ValidationError, validate

    cases = []
    for schema, instance in SCHEMA_CHECKS:
        try:
            validate(instance=instance, schema=schema)
            cases.append({"schema": schema, "instance": instance, "message": None})
        except ValidationError as error:
            cases.append({"schema": schema, "instance": instance, "message": error.message})
    return cases


if __name__ == "__main__":
    out = {
        "dspy_version": dspy.__version__,
        "scenarios": [run(scenario) for scenario in SCENARIOS],
        "tools": tool_cases(),
        "format_trajectory": trajectory_cases(),
        "tool_calls": tool_call_cases(),
        "schema_checks": schema_check_cases(),
    }
    text = json.dumps(out, indent=1, ensure_ascii=False)
    # Tracebacks name local files; keep the fixture the same on every machine.
    site_packages = os.path.dirname(os.path.dirname(dspy.__file__))
    text = text.replace(site_packages, "<site-packages>").replace(os.path.abspath(__file__), "<script>")
    sys.stdout.write(text + "\n")
