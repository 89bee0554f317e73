"""Golden fixtures for src/predict/stream-listener.test.ts and src/utils/jiter-parse.test.ts, from DSPy 3.4.1.

    .venv-oracle/bin/python scripts/oracle/make_streaming_fixtures.py

writes src/predict/__fixtures__/stream-listener-golden.json and src/utils/__fixtures__/jiter-golden.json.

`listener` cases feed LM text, cut into chunks several ways (per word as ScriptedServer streams,
fixed sizes, seeded random cuts, empty chunks in between, the whole text as one chunk), to real
`dspy.streaming.StreamListener`s under each adapter, exactly as `streamify`'s loop does: every
chunk goes to every listener in order, then `finalize()` on each. Recorded: each StreamResponse
(chunk index or "final", field, chunk, is_last_chunk) and each listener's cache_hit/stream_start.

`jiter` cases record what `jiter.from_json` (the partial-JSON parser the JSONAdapter listener
uses) returns for prefixes and corruptions of JSON objects: the top-level keys in partial mode
`trailing-strings` (or null for a ValueError), and whether strict mode accepts the text.
"""

import json
import os
import random
import re
import warnings
from types import SimpleNamespace

warnings.simplefilter("ignore")

import dspy  # noqa: E402
import jiter  # noqa: E402
from dspy.streaming import StreamListener  # noqa: E402

ADAPTERS = {"ChatAdapter": dspy.ChatAdapter, "JSONAdapter": dspy.JSONAdapter, "XMLAdapter": dspy.XMLAdapter}

TEXTS = [
    ("ChatAdapter", "[[ ## answer ## ]]\nParis is the capital of France.\n\n[[ ## completed ## ]]", ["answer"]),
    (
        "ChatAdapter",
        "[[ ## reasoning ## ]]\nThe capital of France is Paris; see a[0] and [x].\n\n"
        "[[ ## answer ## ]]\nParis\n\n[[ ## completed ## ]]",
        ["reasoning", "answer"],
    ),
    (
        "ChatAdapter",
        "[[ ## answer ## ]]\nUse [[ x ]] and [[ ## not a marker\nor [ [ ## ]] here.\n\n[[ ## completed ## ]]",
        ["answer"],
    ),
    ("ChatAdapter", '[[ ## answer ## ]]\n["a", "b"]\n\n[[ ## completed ## ]]', ["answer"]),
    ("ChatAdapter", "[[ ## answer ## ]]\nParis, no end marker", ["answer"]),
    ("ChatAdapter", "[[ ## answer ## ]]\n\n  line one\n\n  line two  \n\n\n[[ ## completed ## ]]", ["answer"]),
    ("ChatAdapter", "Sure!\n[[ ## answer ## ]]\n42\n\n[[ ## completed ## ]]", ["answer"]),
    (
        "ChatAdapter",
        "[[ ## notes ## ]]\nmentions [[ ## answer and [[ ## answ\n\n[[ ## answer ## ]]\nfinal one\n\n"
        "[[ ## completed ## ]]",
        ["answer", "notes"],
    ),
    ("ChatAdapter", "[[ ## answer ## ]]\nCafé 😀 naïve — ok\n\n[[ ## completed ## ]]", ["answer"]),
    ("ChatAdapter", "[[ ## answer ## ]]\n\n\n[[ ## completed ## ]]", ["answer"]),
    ("JSONAdapter", '{\n  "answer": "Paris is the capital of France."\n}', ["answer"]),
    (
        "JSONAdapter",
        '{\n  "reasoning": "Because {it} is \\"known\\", see [1].",\n  "answer": "Paris"\n}',
        ["reasoning", "answer"],
    ),
    ("JSONAdapter", '{"answer": 42, "confidence": 0.9}', ["answer", "confidence"]),
    ("JSONAdapter", 'Here you go:\n```json\n{"answer": "x, y"}\n```', ["answer"]),
    ("JSONAdapter", '{"answer": "a \\"quoted\\", comma", "notes": "n"}', ["answer", "notes"]),
    ("JSONAdapter", '{"answer": ["a", "b"], "notes": {"k": 1}}', ["answer", "notes"]),
    ("XMLAdapter", "<answer>\nParis is the capital of France.\n</answer>", ["answer"]),
    (
        "XMLAdapter",
        "<reasoning>\nBecause a &lt; b and </i> tags.\n</reasoning>\n<answer>\nParis\n</answer>",
        ["reasoning", "answer"],
    ),
    ("XMLAdapter", "<answer>\nno closing tag", ["answer"]),
    ("XMLAdapter", "Sure.\n<answer>42</answer>", ["answer"]),
]

REUSE_TEXTS = [
    (
        "ChatAdapter",
        "[[ ## answer ## ]]\nfirst\n\n[[ ## completed ## ]][[ ## answer ## ]]\nsecond\n\n[[ ## completed ## ]]",
        ["answer"],
    ),
]


def splits(text, rng):
    out = [("words", re.findall(r"\S+\s*|\s+", text))]
    for size in (1, 2, 3, 4, 5, 7, 11):
        out.append((f"size{size}", [text[i : i + size] for i in range(0, len(text), size)]))
    for n in range(4):
        chunks, i = [], 0
        while i < len(text):
            k = rng.randint(1, 9)
            chunks.append(text[i : i + k])
            i += k
        out.append((f"random{n}", chunks))
    with_empty = []
    for chunk in re.findall(r"\S+\s*|\s+", text):
        with_empty += ["", chunk]
    out.append(("empty-between", with_empty))
    out.append(("whole", [text]))
    return out


def run_listeners(adapter_name, chunks, fields, allow_reuse=False):
    listeners = [StreamListener(signature_field_name=f, predict_name="self", allow_reuse=allow_reuse) for f in fields]
    events = []
    error = None
    with dspy.context(adapter=ADAPTERS[adapter_name]()):
        try:
            for index, chunk in enumerate(chunks):
                fake = SimpleNamespace(choices=[SimpleNamespace(delta=SimpleNamespace(content=chunk))])
                for listener in listeners:
                    if output := listener.receive(fake):
                        events.append([index, output.signature_field_name, output.chunk, output.is_last_chunk])
            for listener in listeners:
                if final := listener.finalize():
                    events.append(["final", final.signature_field_name, final.chunk, final.is_last_chunk])
        except Exception as exc:  # noqa: BLE001
            error = f"{type(exc).__name__}: {exc}"
    return {
        "events": events,
        "error": error,
        "cacheHit": [listener.cache_hit for listener in listeners],
        "streamStart": [listener.stream_start for listener in listeners],
    }


def listener_cases():
    rng = random.Random(1234)
    cases = []
    for adapter_name, text, fields in TEXTS:
        for name, chunks in splits(text, rng):
            cases.append(
                {"adapter": adapter_name, "fields": fields, "split": name, "chunks": chunks, "allowReuse": False,
                 **run_listeners(adapter_name, chunks, fields)}
            )
    for adapter_name, text, fields in REUSE_TEXTS:
        for name, chunks in splits(text, rng)[:3]:
            for allow in (False, True):
                cases.append(
                    {"adapter": adapter_name, "fields": fields, "split": name, "chunks": chunks, "allowReuse": allow,
                     **run_listeners(adapter_name, chunks, fields, allow)}
                )
    return cases


JSON_DOCS = [
    '{"answer": "Paris", "reasoning": "ok"}',
    '{"answer": "a \\"q\\" \\\\ \\/ \\b\\f\\n\\r\\t \\u00e9 \\ud83d\\ude00", "x": 1}',
    '{"answer": [1, -2.5e+3, true, false, null, {"k": []}], "b": {"c": "d"}}',
    '{ "answer" : 0 , "n" : -0.5E-2 }',
    '{"answer": "x"} trailing',
    '{"answer": "x",}',
    '{"answer": "x", "answer": "y", "z": 1}',
    '{"answer": NaN, "b": Infinity, "c": -Infinity}',
    '{"answer": 01}',
    '{"answer": "é ü", "ключ": "значение"}',
]

CORRUPT = [
    '{"answer": x',
    '{"answer" x',
    '{"answer": "Paris" x',
    '{"answer": "Paris"  , x',
    '{"answer": "P\n',
    '{"answer": "P\\q"',
    '{"answer": "\\uZZZZ"',
    '{"answer": "\\udc00"',
    '{"answer": "\\ud800x"',
    '{"answer": "\\ud800\\u0041"',
    '{"answer": trx',
    '{"answer": -x',
    '{"answer": 1.x',
    '{"answer": 1ex',
    '{"answer": [1 2]',
    '{"answer": [1,]',
    '{"answer": [,',
    '{"answer": "a"]',
    '{"answer": "a"}}',
    '{"answer": {"a" 1}}',
    '{"answer": "a", }',
    '{"answer": "a", 1',
    '{}',
    '{',
    '{,',
    '{"a": "b", "c": "d"} ',
    '{"answer": "x", "b": tru',
    '{"answer": "x", "b": nul',
    '{"answer": "x", "b": Na',
    '{"answer": "x", "b": Inf',
    '{"answer": "x", "b": -I',
    '{"answer": "x", "b": 12',
    '{"answer": "x", "b": 1.',
    '{"answer": "x", "b": 1e+',
    '{"answer": "x", "b": "\\u00',
    '{"answer": "x", "b": "\\ud83d',
    '{"answer": "x", "b": "\\ud83d\\',
    '{"answer": "x", "b": "\\ud83d\\u',
    '{"answer": "x", "b": "\\ud83d\\ude0',
]


def jiter_result(text):
    try:
        parsed = jiter.from_json(text.encode("utf-8"), partial_mode="trailing-strings")
        partial = list(parsed.keys()) if isinstance(parsed, dict) else "not-an-object"
    except ValueError:
        partial = None
    try:
        jiter.from_json(text.encode("utf-8"))
        strict = True
    except ValueError:
        strict = False
    return {"text": text, "partialKeys": partial, "strict": strict}


def jiter_cases():
    texts = []
    for doc in JSON_DOCS:
        texts += [doc[:i] for i in range(1, len(doc) + 1)]
    texts += CORRUPT
    return [jiter_result(text) for text in dict.fromkeys(texts)]


ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
for path, data in (
    ("src/predict/__fixtures__/stream-listener-golden.json", listener_cases()),
    ("src/utils/__fixtures__/jiter-golden.json", jiter_cases()),
):
    with open(os.path.join(ROOT, path), "w", encoding="utf-8") as out:
        json.dump(data, out, ensure_ascii=False, indent=1)
        out.write("\n")
