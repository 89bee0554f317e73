"""Golden results for src/predict/rlm.golden.test.ts and src/predict/code-act.golden.test.ts, from
real DSPy 3.4.1's `dspy.RLM` and `dspy.CodeAct`.

    .venv-oracle/bin/python scripts/oracle/make_code_agents_fixtures.py > src/predict/__fixtures__/code-agents-golden.json

The LM is DSPy's DummyLM (list mode) for the agents' own predictors and a stand-in returning plain
text for RLM's `llm_query` sub-LM. The interpreter is a scripted stand-in: each `execute` returns
the scenario's next result (printed text, a value, `SUBMIT` output) or raises the scenario's
error, and may first call the interpreter's tools the way the code would (`llm_query`, a user
tool). The TypeScript test drives its modules with a stand-in scripted identically, so the
comparison covers the modules (prompts, trajectory, limits), not the sandbox. RLM's sandbox
`dspy` facade is refused by the stand-in, as the TypeScript port does not provide it, so the
prompts are DSPy's prompts for an interpreter without sub-agents.
"""

import json
import sys
import warnings

warnings.simplefilter("ignore")

import dspy  # noqa: E402
from dspy.clients.base_lm import BaseLM  # noqa: E402
from dspy.primitives.code_interpreter import CodeExecutionError, FinalOutput  # noqa: E402
from dspy.utils.dummies import DummyLM  # noqa: E402


class ScriptedInterpreter:
    """A CodeInterpreter whose results are scripted; records what RLM and CodeAct hand it."""

    execution_instructions = "Scripted stand-in interpreter. State persists across executions."

    def __init__(self, script):
        self.script = list(script)
        self._tools = {}
        self.output_fields = None
        self.log = []

    @property
    def tools(self):
        return self._tools

    def start(self):
        pass

    def execute(self, code, variables=None):
        if "_dspy_" in code:
            # The sandbox dspy facade's setup (RLM): refused, as the TypeScript port has none.
            raise CodeExecutionError("the scripted interpreter has no dspy facade")
        if code.lstrip().startswith("def "):
            # A tool's source (CodeAct defines its tools in the sandbox; the port registers them as host tools).
            return None
        step = self.script.pop(0)
        self.log.append({
            "code": code,
            "variables": sorted((variables or {}).keys()),
            "tools": sorted(name for name in self._tools if not name.startswith("_dspy")),
            "output_fields": self.output_fields,
        })
        for call in step.get("calls", []):
            result = self._tools[call["tool"]](**call["args"])
            self.log[-1].setdefault("tool_results", []).append(result)
        if "error" in step:
            raise CodeExecutionError(step["error"])
        if "submit" in step:
            return FinalOutput(step["submit"])
        return step.get("result")

    def shutdown(self):
        self.log.append("shutdown")


class TextLM(BaseLM):
    """A sub-LM that answers each prompt with the next scripted text and records the prompts."""

    def __init__(self, texts):
        super().__init__(model="sub")
        self.texts = list(texts)
        self.prompts = []

    def __call__(self, prompt=None, messages=None, **kwargs):
        self.prompts.append(prompt)
        return [self.texts.pop(0)]


class RecordingLM(DummyLM):
    def __init__(self, answers):
        super().__init__(answers)
        self.requests = []

    def forward(self, prompt=None, messages=None, **kwargs):
        self.requests.append(json.loads(json.dumps(messages)))
        return super().forward(prompt=prompt, messages=messages, **kwargs)


def action(reasoning, code):
    return {"reasoning": reasoning, "code": code}


def lookup(key: str) -> str:
    """Look a key up in the catalogue."""
    return {"magic": "42"}.get(key, "unknown")


RLM_SCENARIOS = [
    {
        "id": "rlm-submit",
        "signature": "context, query -> answer",
        "inputs": {"context": "Filler. " * 200 + "The magic number is 42.", "query": "What is the magic number?"},
        "options": {"max_iters": 5},
        "described_factory": True,
        "answers": [
            action("Look at the data first.", "```python\nprint(len(context))\nprint(context[-24:])\n```"),
            action("Ask a sub-LLM.", "```python\nfound = llm_query(f'Find the magic number in: {context[-24:]}')\nprint(found)\n```"),
            action("Submit.", "SUBMIT(answer=found)"),
        ],
        "sub_lm": ["42"],
        "script": [
            {"result": "1624\nThe magic number is 42.\n"},
            {"calls": [{"tool": "llm_query", "args": {"prompt": "Find the magic number in: The magic number is 42."}}], "result": "42\n"},
            {"submit": {"answer": "42"}},
        ],
    },
    {
        "id": "rlm-errors-and-extract",
        "signature": "question: str, numbers: list[int] -> total: int, note",
        "instructions": "Add up the numbers.",
        "inputs": {"question": "What is the total?", "numbers": [1, 2, 3]},
        "options": {"max_iters": 6, "max_output_chars": 40, "max_llm_calls": 7},
        "tools": ["lookup"],
        "answers": [
            action("Try JavaScript.", "```js\nconsole.log(1)\n```"),
            action("Use a name that does not exist.", "print(x)"),
            action("Print a lot.", "```python\nprint('ab' * 100)\n```"),
            action("Submit a wrong type.", "```python\nSUBMIT(total='many', note='n')\n```"),
            action("Submit without a field.", "SUBMIT(total=6)"),
            action("Return a value.", "```\nsum(numbers)\n```"),
            {"note": "Six.", "total": 6},
        ],
        "script": [
            {"error": "NameError: name 'x' is not defined"},
            {"result": "ab" * 100 + "\n"},
            {"submit": {"total": "many", "note": "n"}},
            {"submit": {"total": 6}},
            {"result": 6},
        ],
    },
    {
        "id": "rlm-batched-and-tool",
        "signature": "items: list[str] -> labels: list[str]",
        "inputs": {"items": ["apple", "carrot"]},
        "options": {"max_iters": 3},
        "tools": ["lookup"],
        "answers": [
            action("Label both at once.", "labels = llm_query_batched([f'Label {i}' for i in items])\nprint(labels, lookup('magic'))"),
            action("Done.", "SUBMIT(labels=labels)"),
        ],
        "sub_lm": ["fruit", "vegetable"],
        "script": [
            {"calls": [
                {"tool": "llm_query_batched", "args": {"prompts": ["Label apple", "Label carrot"]}},
                {"tool": "lookup", "args": {"key": "magic"}},
            ], "result": ["fruit", "vegetable", 42]},
            {"submit": {"labels": ["fruit", "vegetable"]}},
        ],
    },
]


def run_rlm(scenario):
    lm = RecordingLM(scenario["answers"])
    sub_lm = TextLM(scenario.get("sub_lm", []))
    interpreter = ScriptedInterpreter(scenario["script"])
    signature = dspy.Signature(scenario["signature"], scenario.get("instructions"))
    tools = [globals()[name] for name in scenario.get("tools", [])]
    factory = lambda: interpreter  # noqa: E731
    if scenario.get("described_factory"):
        # DSPy reads the runtime's description off the factory (a class attribute on PythonInterpreter).
        factory.execution_instructions = ScriptedInterpreter.execution_instructions
    rlm = dspy.RLM(signature, tools=tools, sub_lm=sub_lm, interpreter_factory=factory, **scenario["options"])
    with dspy.context(lm=lm, adapter=dspy.ChatAdapter()):
        prediction = rlm(**scenario["inputs"])
    return {
        **scenario,
        "expected": {
            "requests": lm.requests,
            "sub_prompts": sub_lm.prompts,
            "interpreter": interpreter.log,
            "prediction": json.loads(json.dumps(dict(prediction.items()))),
        },
    }


def factorial(n: int) -> int:
    """Compute n factorial."""
    return 1 if n <= 1 else n * factorial(n - 1)


def codeact_step(code, finished):
    return {"generated_code": code, "finished": finished}


CODEACT_SCENARIOS = [
    {
        "id": "codeact-factorial",
        "signature": "n: int -> factorial: int",
        "inputs": {"n": 5},
        "options": {"max_iters": 5},
        "answers": [
            codeact_step("", False),
            codeact_step("```python\nprint(undefined_name)\n```", False),
            codeact_step("```python\nresult = factorial(n=5)\nprint(result)\n```", False),
            codeact_step("```python\nresult\n```", True),
            {"reasoning": "The code printed 120.", "factorial": 120},
        ],
        "script": [
            {"error": "NameError: name 'undefined_name' is not defined"},
            {"result": "120\n"},
            {"result": 120},
        ],
    },
    {
        "id": "codeact-max-iters",
        "signature": "question -> answer",
        "instructions": "Answer with code.",
        "inputs": {"question": "What is 2 + 2?"},
        "options": {"max_iters": 2},
        "answers": [
            codeact_step("```python\nx = 2 + 2\n```", False),
            codeact_step("```python\nprint({'x': x, 'ok': True})\n```", False),
            {"reasoning": "x is 4.", "answer": "4"},
        ],
        "script": [
            {"result": 4},
            {"result": "{'x': 4, 'ok': True}\n"},
        ],
    },
]


def run_codeact(scenario):
    lm = RecordingLM(scenario["answers"])
    interpreter = ScriptedInterpreter(scenario["script"])
    signature = dspy.Signature(scenario["signature"], scenario.get("instructions"))
    act = dspy.CodeAct(signature, tools=[factorial], interpreter_factory=lambda: interpreter, **scenario["options"])
    with dspy.context(lm=lm, adapter=dspy.ChatAdapter()):
        prediction = act(**scenario["inputs"])
    return {
        **scenario,
        "expected": {
            "requests": lm.requests,
            "interpreter": interpreter.log,
            "prediction": json.loads(json.dumps(dict(prediction.items()))),
        },
    }


golden = {
    "rlm": [run_rlm(scenario) for scenario in RLM_SCENARIOS],
    "code_act": [run_codeact(scenario) for scenario in CODEACT_SCENARIOS],
}
json.dump(golden, sys.stdout, indent=1, ensure_ascii=False)
sys.stdout.write("\n")
