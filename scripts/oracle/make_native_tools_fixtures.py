"""Golden results for src/adapters/native-function-calling.test.ts, from real DSPy 3.4.1's
adapters with `use_native_function_calling` (dspy/adapters/base.py `_call_preprocess` and
`_call_postprocess`, JSONAdapter's response format).

    .venv-oracle/bin/python scripts/oracle/make_native_tools_fixtures.py > src/adapters/__fixtures__/native-tools-golden.json

Each scenario runs `dspy.Predict` through an LM stand-in that records the messages and kwargs the
adapter sends (tools included) and answers with a scripted OpenAI-shaped output. The cache key is
the one `dspy.LM("openai/gpt-4o-mini", temperature=0.0, max_tokens=1000)` would compute for that
same request (`execution.prepare(...).key`, `cache.cache_key`).
"""

import json
import sys
import warnings

warnings.simplefilter("ignore")

import dspy  # noqa: E402
from dspy.clients.base_lm import BaseLM  # noqa: E402
from dspy.clients.execution import IGNORED_CACHE_KEYS, prepare  # noqa: E402


def get_weather(city: str) -> str:
    """Current weather for a city."""
    return f"Sunny in {city}"


def search(query: str, limit: int = 5) -> list[str]:
    """Search the web.
    Returns titles."""
    return [query] * limit


TOOLS = [dspy.Tool(get_weather), dspy.Tool(search)]


class ScriptedLM(BaseLM):
    def __init__(self, outputs, function_calling=True, response_schema=False, params=()):
        super().__init__(model="openai/gpt-4o-mini", temperature=0.0, max_tokens=1000)
        self.outputs = outputs
        self.function_calling = function_calling
        self.response_schema = response_schema
        self.params = set(params)
        self.requests = []

    @property
    def supports_function_calling(self):
        return self.function_calling

    @property
    def supports_response_schema(self):
        return self.response_schema

    @property
    def supported_params(self):
        return self.params

    def __call__(self, prompt=None, messages=None, **kwargs):
        self.requests.append({"messages": json.loads(json.dumps(messages)), "kwargs": kwargs_json(kwargs), "raw_kwargs": dict(kwargs)})
        return [self.outputs[len(self.requests) - 1]]


def kwargs_json(kwargs):
    """The kwargs as sent; a pydantic response format as the `json_schema` body LiteLLM sends for it."""
    from litellm.utils import type_to_response_format_param

    kwargs = dict(kwargs)
    if isinstance(kwargs.get("response_format"), type):
        kwargs["response_format"] = type_to_response_format_param(kwargs["response_format"])
    return json.loads(json.dumps(kwargs))


def call(name, text, *calls):
    output = {"text": text}
    if calls:
        output["tool_calls"] = [
            {"id": f"call_{index}", "type": "function", "function": {"name": tool, "arguments": arguments}}
            for index, (tool, arguments) in enumerate(calls)
        ]
    return output


SIG = "question: str, tools: list[dspy.Tool] -> answer: str, tool_calls: dspy.ToolCalls"
SCENARIOS = [
    {
        "id": "chat-native-tool-calls",
        "adapter": "chat",
        "native": True,
        "signature": SIG,
        "outputs": [call("w", None, ("get_weather", '{"city": "Paris"}'), ("search", '{"query": "Paris"}'))],
    },
    {
        "id": "chat-native-text-only",
        "adapter": "chat",
        "native": True,
        "signature": SIG,
        "outputs": [call("t", "[[ ## answer ## ]]\nIt is sunny.\n\n[[ ## completed ## ]]")],
    },
    {
        "id": "chat-native-text-and-calls",
        "adapter": "chat",
        "native": True,
        "signature": SIG,
        "outputs": [call("tc", "[[ ## answer ## ]]\nChecking.\n\n[[ ## completed ## ]]", ("get_weather", '{"city": "Rome"}'))],
    },
    {
        "id": "chat-native-unparseable-text-with-calls",
        "adapter": "chat",
        "native": True,
        "signature": SIG,
        "outputs": [call("u", "Let me check the weather.", ("get_weather", '{"city": "Oslo"}'))],
    },
    {
        "id": "chat-native-only-tool-calls-output",
        "adapter": "chat",
        "native": True,
        "signature": "question: str, tools: list[dspy.Tool] -> tool_calls: dspy.ToolCalls",
        "outputs": [call("o", "", ("search", '{"query": "dspy", "limit": 2}'))],
    },
    {
        "id": "chat-native-no-lm-support",
        "adapter": "chat",
        "native": True,
        "function_calling": False,
        "signature": SIG,
        "outputs": [call("n", '[[ ## answer ## ]]\nok\n\n[[ ## tool_calls ## ]]\n{"tool_calls": [{"name": "get_weather", "args": {"city": "Oslo"}}]}\n\n[[ ## completed ## ]]')],
    },
    {
        "id": "chat-default-not-native",
        "adapter": "chat",
        "signature": SIG,
        "outputs": [call("d", '[[ ## answer ## ]]\nok\n\n[[ ## tool_calls ## ]]\n{"tool_calls": [{"name": "search", "args": {"query": "x"}}]}\n\n[[ ## completed ## ]]')],
    },
    {
        "id": "json-default-native-structured",
        "adapter": "json",
        "response_schema": True,
        "params": ["response_format", "tools"],
        "signature": SIG,
        "outputs": [call("j", '{"answer": "Looking it up."}', ("get_weather", '{"city": "Paris"}'))],
    },
    {
        "id": "json-native-json-mode",
        "adapter": "json",
        "params": ["response_format", "tools"],
        "parallel_tool_calls": False,
        "signature": SIG,
        "outputs": [call("m", "", ("get_weather", {"city": "Lima"}))],
    },
    {
        "id": "json-not-native",
        "adapter": "json",
        "native": False,
        "response_schema": True,
        "params": ["response_format", "tools"],
        "signature": SIG,
        "outputs": [call("x", '{"answer": "ok", "tool_calls": {"tool_calls": [{"name": "search", "args": {"query": "y"}}]}}')],
    },
]


def adapter_for(scenario):
    options = {}
    if "native" in scenario:
        options["use_native_function_calling"] = scenario["native"]
    if "parallel_tool_calls" in scenario:
        options["parallel_tool_calls"] = scenario["parallel_tool_calls"]
    return (dspy.ChatAdapter if scenario["adapter"] == "chat" else dspy.JSONAdapter)(**options)


def cache_key(request):
    lm = dspy.LM("openai/gpt-4o-mini", temperature=0.0, max_tokens=1000)
    prepared = prepare(lm, None, request["messages"], dict(request["raw_kwargs"]))
    return dspy.cache.cache_key(prepared.key(lm, False), IGNORED_CACHE_KEYS)


def run(scenario):
    lm = ScriptedLM(
        scenario["outputs"],
        function_calling=scenario.get("function_calling", True),
        response_schema=scenario.get("response_schema", False),
        params=scenario.get("params", ()),
    )
    result = {"requests": None, "prediction": None, "error": None, "cache_keys": None}
    with dspy.context(lm=lm, adapter=adapter_for(scenario)):
        try:
            prediction = dspy.Predict(scenario["signature"])(question="Weather in Paris?", tools=TOOLS)
            result["prediction"] = json.loads(json.dumps({k: (v.model_dump() if hasattr(v, "model_dump") else v) for k, v in prediction.items()}))
        except Exception as error:  # noqa: BLE001 - the error is the expected result
            result["error"] = {"type": type(error).__name__, "message": str(error)}
    result["requests"] = lm.requests
    result["cache_keys"] = [cache_key(request) for request in lm.requests]
    for request in lm.requests:
        del request["raw_kwargs"]
    return {**scenario, "expected": result}


HISTORY_SIG = "question: str, tools: list[dspy.Tool], history: dspy.History -> answer: str, tool_calls: dspy.ToolCalls"
CALL = {"id": "call_0", "name": "get_weather", "args": {"city": "Paris"}}
RESULT = {"call_id": "call_0", "name": "get_weather", "value": "Sunny, 21 C"}
HISTORIES = {
    "calls-and-results": [
        {"question": "Weather in Paris?", "tool_calls": {"tool_calls": [CALL], "tool_call_results": [RESULT]}},
    ],
    "answer-calls-results": [
        {"question": "Weather in Paris?", "answer": "Let me check.", "tool_calls": {"tool_calls": [CALL], "tool_call_results": [{**RESULT, "value": {"sky": "clear", "temp": 21}, "is_error": False}]}},
        {"question": "And Rome?", "answer": "Rome is sunny too."},
    ],
    "mismatched-ids": [
        {"question": "Weather in Paris?", "answer": "Checking.", "tool_calls": {"tool_calls": [CALL], "tool_call_results": [{**RESULT, "call_id": "other"}]}},
    ],
    "calls-without-results": [
        {"question": "Weather in Paris?", "tool_calls": {"tool_calls": [{"name": "search", "args": {"query": "Paris"}}]}},
    ],
}
HISTORY_SCENARIOS = [
    {"id": f"{adapter}-{'native' if native else 'text'}-{name}", "adapter": adapter, "native": native, "history": name}
    for name in HISTORIES
    for adapter, native in (("chat", True), ("chat", False), ("json", True))
]


def run_history(scenario):
    # Only the first request matters; answers that do not parse just end the call.
    lm = ScriptedLM([call("h", "ok")] * 3)
    adapter = (dspy.ChatAdapter if scenario["adapter"] == "chat" else dspy.JSONAdapter)(use_native_function_calling=scenario["native"])
    history = dspy.History(messages=HISTORIES[scenario["history"]])
    with dspy.context(lm=lm, adapter=adapter):
        try:
            dspy.Predict(HISTORY_SIG)(question="Weather in Oslo?", tools=TOOLS, history=history)
        except Exception:  # noqa: BLE001 - the request is what is recorded
            pass
    return {**scenario, "messages": HISTORIES[scenario["history"]], "expected": lm.requests[0]["messages"]}


golden = {
    "tools": [tool.format_as_litellm_function_call() for tool in TOOLS],
    "scenarios": [run(scenario) for scenario in SCENARIOS],
    "history_scenarios": [run_history(scenario) for scenario in HISTORY_SCENARIOS],
}
json.dump(golden, sys.stdout, indent=1, ensure_ascii=False)
sys.stdout.write("\n")
