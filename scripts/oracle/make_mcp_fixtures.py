"""Golden results for src/primitives/mcp-tool.test.ts and src/predict/react-mcp.test.ts, from real
DSPy 3.4.1's `Tool.from_mcp_tool` (dspy/utils/mcp.py).

    .venv-oracle/bin/python scripts/oracle/make_mcp_fixtures.py > src/primitives/__fixtures__/mcp-golden.json

The pinned venv has no `mcp` package, so the script stands in for it: `mcp.types.TextContent`
(the one class DSPy imports) and a session whose `call_tool` answers as the fixture server
src/primitives/__fixtures__/mcp-server.ts does. The tools are read from the same mcp-tools.json
the server lists, so DSPy converts exactly what the TypeScript client receives.
"""

import asyncio
import json
import os
import sys
import types
import warnings

warnings.simplefilter("ignore")

import pydantic  # noqa: E402


class TextContent(pydantic.BaseModel):
    type: str = "text"
    text: str


class ImageContent(pydantic.BaseModel):
    type: str = "image"
    data: str
    mimeType: str


mcp = types.ModuleType("mcp")
mcp.types = types.ModuleType("mcp.types")
mcp.types.TextContent = TextContent
sys.modules["mcp"] = mcp
sys.modules["mcp.types"] = mcp.types

import dspy  # noqa: E402
from dspy.utils.dummies import DummyLM  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "..", "src", "primitives", "__fixtures__")
TOOLS = json.load(open(os.path.join(FIXTURES, "mcp-tools.json")))["tools"]


class Result(pydantic.BaseModel):
    content: list
    isError: bool = False
    structuredContent: dict | None = None


def text(*parts):
    return [TextContent(text=part) for part in parts]


class Session:
    """Answers like the TypeScript fixture server, and records the arguments each call sent."""

    def __init__(self):
        self.calls = []

    async def call_tool(self, name, arguments=None):
        args = arguments or {}
        self.calls.append({"name": name, "arguments": json.loads(json.dumps(args))})
        if name == "add":
            return Result(content=text(str(args["a"] + args.get("b", 2))))
        if name == "search":
            filters = args.get("filters")
            suffix = f" in {filters['lang']}" if filters else ""
            return Result(content=text(f'Found 1 result for "{args["query"]}"{suffix}'))
        if name == "fail":
            return Result(content=text(f"Refused: {args['reason']}"), isError=True)
        if name == "multi":
            return Result(content=text("first", "second"))
        if name == "fail_multi":
            return Result(content=text("a", "b"), isError=True)
        if name == "image":
            return Result(content=[ImageContent(data="iVBORw0KGgo=", mimeType="image/png")])
        if name == "echo":
            return Result(content=text(json.dumps(args, separators=(",", ":"))), structuredContent=args)
        return Result(content=text(f"Unknown tool: {name}"), isError=True)


def tool_object(entry):
    return types.SimpleNamespace(name=entry["name"], description=entry.get("description"), inputSchema=entry["inputSchema"])


def jsonable(value):
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump()
    if isinstance(value, list):
        return [jsonable(item) for item in value]
    return value


CALLS = [
    ("add", {"a": 2, "b": 3}, "text"),
    ("add", {"a": 4}, "text"),
    ("add", {"a": "4"}, "text"),
    ("add", {"a": 1, "extra": True}, "text"),
    ("search", {"query": "dspy", "filters": {"lang": "en"}}, "text"),
    ("search", {"query": "dspy", "filters": {"year": 2024}}, "text"),
    ("search", {"query": 5}, "text"),
    ("fail", {"reason": "no"}, "text"),
    ("multi", {}, "text"),
    ("fail_multi", {}, "text"),
    ("image", {}, "text"),
    ("echo", {"payload": {"k": [1, 2]}, "items": ["x"], "flag": False, "ratio": 0.5}, "text"),
    ("echo", {"payload": {"k": 1}}, "structured"),
    ("echo", {"flag": "yes"}, "text"),
    ("multi", {}, "structured"),
]


async def run_calls():
    cases = []
    for name, args, mode in CALLS:
        session = Session()
        entry = next(tool for tool in TOOLS if tool["name"] == name)
        tool = dspy.Tool.from_mcp_tool(session, tool_object(entry), result_mode=mode)
        case = {"tool": name, "args": args, "result_mode": mode, "result": None, "error": None}
        try:
            case["result"] = jsonable(await tool.acall(**args))
        except Exception as error:  # noqa: BLE001 - the error is the expected result
            case["error"] = {"type": type(error).__name__, "message": str(error)}
        case["sent"] = session.calls[0]["arguments"] if session.calls else None
        cases.append(case)
    return cases


def step(thought, name, args):
    return {"next_thought": thought, "next_tool_name": name, "next_tool_args": args}


class RecordingLM(DummyLM):
    def __init__(self, answers):
        super().__init__(answers)
        self.requests = []

    def forward(self, prompt=None, messages=None, **kwargs):
        self.requests.append(json.loads(json.dumps(messages)))
        return super().forward(prompt=prompt, messages=messages, **kwargs)


async def run_react():
    session = Session()
    tools = [dspy.Tool.from_mcp_tool(session, tool_object(entry)) for entry in TOOLS if entry["name"] in ("add", "search", "fail", "multi")]
    answers = [
        step("Add first.", "add", {"a": 2, "b": 3}),
        step("Search next.", "search", {"query": "dspy", "filters": {"lang": "en"}}),
        step("Try the refusing tool.", "fail", {"reason": "testing"}),
        step("Two parts.", "multi", {}),
        step("Done.", "finish", {}),
        {"reasoning": "2 + 3 = 5.", "answer": "5"},
    ]
    lm = RecordingLM(answers)
    react = dspy.ReAct("question -> answer", tools=tools)
    with dspy.context(lm=lm, adapter=dspy.ChatAdapter()):
        prediction = await react.acall(question="What is 2 + 3?")
    return {
        "inputs": {"question": "What is 2 + 3?"},
        "answers": answers,
        "requests": lm.requests,
        "prediction": json.loads(json.dumps(dict(prediction.items()))),
        "sent": session.calls,
    }


def tool_cases():
    cases = []
    for entry in TOOLS:
        tool = dspy.Tool.from_mcp_tool(Session(), tool_object(entry))
        cases.append({
            "name": tool.name,
            "desc": tool.desc,
            "str": str(tool),
            "args": tool.args,
            "has_kwargs": tool.has_kwargs,
            "arg_types": {key: getattr(value, "__name__", str(value)) for key, value in tool.arg_types.items()},
            "litellm": tool.format_as_litellm_function_call(),
        })
    return cases


async def main():
    golden = {"tools": tool_cases(), "calls": await run_calls(), "react": await run_react()}
    json.dump(golden, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")


asyncio.run(main())
