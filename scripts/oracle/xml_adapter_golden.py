"""Golden results for src/adapters/xml-adapter.test.ts, from real DSPy 3.4.1's XMLAdapter.

    .venv-oracle/bin/python scripts/oracle/xml_adapter_golden.py > src/adapters/__fixtures__/xml-adapter-golden.json

Each case names a signature (a string, or a list of field specs for class-style fields with
desc/constraints/defaults) and either formats (demos + inputs -> messages) or parses a
completion (-> values, or the error's type and text). Models are named; the test defines the
same models as TypeNodes.
"""

import json
import sys
import warnings
from typing import Optional

warnings.simplefilter("ignore")

import dspy  # noqa: E402
import pydantic  # noqa: E402


class Point(pydantic.BaseModel):
    x: int
    y: int


class Person(pydantic.BaseModel):
    name: str
    age: Optional[int] = None
    tags: list[str] = []


class Team(pydantic.BaseModel):
    lead: Person
    members: list[Person]


MODELS = {"Point": Point, "Person": Person, "Team": Team}

ODD_KEYS = {"x y": 1.5, "a-b": 2, "a.b": 3, "1st": 4, "it's": 5, 'say "hi"': 6, "both'\"": 7, "tab\tkey": 8, "é": 9, "_ok": 10, "a²": 11}

CASES = [
    # ---------------------------------------------------------------- format
    {"id": "format-basic", "signature": "question -> answer", "inputs": {"question": "What is 2+2?"}},
    {
        "id": "format-demos-typed",
        "signature": "question, context: list[str] -> answer: int, tags: list[str]",
        "instructions": "Answer the question.\nUse the context.",
        "demos": [
            {"question": "q1", "context": ["c1", "c2"], "answer": 1, "tags": ["x", "y & z"]},
            {"question": "q2", "tags": []},
        ],
        "inputs": {"question": "Why?", "context": ["a <b>", "c"]},
    },
    {
        "id": "format-dict-odd-keys",
        "signature": "q -> scores: dict[str, float], maybe: Optional[list[int]], choice: Literal['yes', 'no'], flag: bool",
        "demos": [{"q": "k", "scores": ODD_KEYS, "maybe": None, "choice": "yes", "flag": True}],
        "inputs": {"q": "go"},
    },
    {
        "id": "format-model-output",
        "signature": "text -> person: Person",
        "demos": [{"text": "Ann, no age", "person": {"name": "Ann <&>", "age": None, "tags": []}}],
        "inputs": {"text": "Bob is 30"},
    },
    {
        "id": "format-nested-model-defs",
        "signature": "text -> team: Team, point: Optional[Point], points: list[Point]",
        "demos": [
            {
                "text": "t",
                "team": {"lead": {"name": "A", "age": 3, "tags": ["t1"]}, "members": [{"name": "B", "age": None, "tags": []}]},
                "point": None,
                "points": [{"x": 1, "y": 2}],
            }
        ],
        "inputs": {"text": "u"},
    },
    {
        "id": "format-escaping",
        "signature": "q -> answer, note: str, count: int",
        "demos": [{"q": "raw <input> & stays", "answer": "a < b && c > d", "note": "<tag/>", "count": 3}],
        "inputs": {"q": "x < y & z"},
    },
    {
        "id": "format-empty-and-none",
        "signature": "q -> items: list[str], d: dict[str, list[int]], e: dict[str, str]",
        "demos": [{"q": "k", "items": [], "d": {"a": [], "b": [1, None]}, "e": {}}],
        "inputs": {"q": "go"},
    },
    {
        "id": "format-incomplete-only",
        "signature": "a, b -> c: list[int], d",
        "demos": [{"a": "x", "c": [1]}, {"b": "y", "d": "z & <w>"}],
        "inputs": {"a": "1", "b": "2"},
    },
    # ---------------------------------------------------------------- parse
    {"id": "parse-str", "signature": "q -> answer", "completion": "<answer>\nHello world\n</answer>"},
    {"id": "parse-int", "signature": "q -> answer: int", "completion": "<answer> 42 </answer>"},
    {"id": "parse-list-items", "signature": "q -> nums: list[int]", "completion": "<nums>\n<item>1</item>\n<item> 2 </item>\n</nums>"},
    {"id": "parse-list-json-text", "signature": "q -> nums: list[int]", "completion": "<nums>[1, 2, 3]</nums>"},
    {"id": "parse-list-empty", "signature": "q -> a: list[str], b: list[str]", "completion": "<a></a><b/>"},
    {"id": "parse-list-repeated", "signature": "q -> items: list[str]", "completion": "<items>a</items>\n<items>b</items>"},
    {
        "id": "parse-dict-entries",
        "signature": "q -> d: dict[str, int]",
        "completion": '<d><a>1</a><entry key="x y">2</entry><entry key=\'it&apos;s\'>3</entry></d>',
    },
    {
        "id": "parse-model",
        "signature": "text -> person: Person",
        "completion": "<person><name>Ann</name><age></age><tags><item>x</item><item>y</item></tags></person>",
    },
    {
        "id": "parse-nested-model",
        "signature": "text -> team: Team",
        "completion": "<team><lead><name>A</name><age>3</age></lead><members><item><name>B</name></item><item><name>C</name><tags></tags></item></members></team>",
    },
    {"id": "parse-model-json-text", "signature": "text -> person: Person", "completion": '<person>{"name": "Ann", "age": 5}</person>'},
    {"id": "parse-optional-empty", "signature": "q -> a: Optional[int], b: Optional[list[int]]", "completion": "<a>  </a><b><item>4</item></b>"},
    {"id": "parse-optional-model", "signature": "q -> p: Optional[Point]", "completion": "<p><x>1</x><y>2</y></p>"},
    {"id": "parse-literal", "signature": "q -> choice: Literal['yes', 'no']", "completion": "<choice> 'yes' </choice>"},
    {"id": "parse-bool", "signature": "q -> flag: bool, other: bool", "completion": "<flag>true</flag><other>False</other>"},
    {
        "id": "parse-str-with-markup",
        "signature": "q -> answer",
        "completion": "<answer>Use <b k=\"1\">bold</b> text &amp; <i/>more</answer>",
    },
    {"id": "parse-entities-cdata", "signature": "q -> answer", "completion": "<answer>fish &amp; chips &lt;3 &#65;&#x42; <![CDATA[x < y]]><!-- c --><?pi z?></answer>"},
    {"id": "parse-prose-around", "signature": "q -> a: int, b", "completion": "Sure! The answer is <a>7</a> and <b>\n  done\n</b>. Bye."},
    {"id": "parse-dict-of-lists", "signature": "q -> d: dict[str, list[int]]", "completion": "<d><a><item>1</item><item>2</item></a><b></b><c>[5]</c></d>"},
    {"id": "parse-duplicate-str", "signature": "q -> answer", "completion": "<answer>a</answer><answer>b</answer>"},
    {"id": "parse-missing-field", "signature": "q -> a, b", "completion": "<a>x</a>"},
    {"id": "parse-missing-optional", "signature": "q -> a, b: Optional[str]", "completion": "<a>x</a>"},
    {"id": "error-mismatched", "signature": "q -> answer", "completion": "<answer>text</answr>"},
    {"id": "error-unclosed", "signature": "q -> answer", "completion": "<answer>text"},
    {"id": "error-raw-amp", "signature": "q -> answer", "completion": "<answer>fish & chips</answer>"},
    {"id": "error-lt-in-text", "signature": "q -> answer: int", "completion": "<answer>1 < 2</answer>"},
    {"id": "error-undefined-entity", "signature": "q -> answer", "completion": "<answer>a&nbsp;b</answer>"},
    {"id": "error-junk-after", "signature": "q -> answer", "completion": "<answer>x</answer></dspy_root><extra/>"},
    {"id": "error-no-element", "signature": "q -> answer", "completion": "<dspy_root><answer>x</answer>"},
    {"id": "error-multiline-unicode", "signature": "q -> answer", "completion": "ok\r\n<answer>😀é</b>"},
    {"id": "error-unclosed-comment", "signature": "q -> answer", "completion": "<answer>x</answer><!-- note"},
    {"id": "error-bad-int", "signature": "q -> answer: int", "completion": "<answer>abc</answer>"},
    {"id": "error-bad-list-item", "signature": "q -> nums: list[int]", "completion": "<nums><item>1</item><item>x</item></nums>"},
    {"id": "error-bad-literal", "signature": "q -> choice: Literal['yes', 'no']", "completion": "<choice>maybe</choice>"},
    {"id": "error-bad-optional-model", "signature": "q -> p: Optional[Point]", "completion": "<p><x>one</x></p>"},
    {
        "id": "error-field-repr-desc-constraints",
        "fields": [
            {"name": "q", "role": "input"},
            {"name": "count", "role": "output", "type": "int", "desc": "How many", "gt": 0, "le": 10},
        ],
        "completion": "<count>many</count>",
    },
    {
        "id": "parse-default-used",
        "fields": [
            {"name": "q", "role": "input"},
            {"name": "a", "role": "output"},
            {"name": "b", "role": "output", "type": "list[int]", "default": [1]},
        ],
        "completion": "<a>x</a>",
    },
]

TYPES = {"int": int, "str": str, "list[int]": list[int]}


def build_signature(case):
    if "fields" in case:
        spec = {}
        for field in case["fields"]:
            kwargs = {k: v for k, v in field.items() if k not in ("name", "role", "type")}
            maker = dspy.InputField if field["role"] == "input" else dspy.OutputField
            spec[field["name"]] = (TYPES[field.get("type", "str")], maker(**kwargs))
        return dspy.Signature(spec, case.get("instructions"))
    return dspy.Signature(case["signature"], case.get("instructions"), custom_types=MODELS)


def to_json(value):
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    return value


def run(case):
    signature = build_signature(case)
    adapter = dspy.XMLAdapter()
    if "completion" in case:
        try:
            return {"parsed": to_json(adapter.parse(signature, case["completion"]))}
        except Exception as error:  # noqa: BLE001
            return {"error": {"type": type(error).__name__, "message": str(error)}}
    messages = adapter.format(signature, case.get("demos", []), case["inputs"])
    return {"messages": messages}


json.dump([{**case, **run(case)} for case in CASES], sys.stdout, ensure_ascii=False, indent=1)
sys.stdout.write("\n")
