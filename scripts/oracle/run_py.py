"""Python side of the DSPy oracle: run cases against real DSPy 3.4.1 (see /work/shared/oracle/CASES.md).

    scripts/oracle/run-py.sh CASES.json > PY_RESULTS.json

Reads a JSON array of cases (argv[1]) and writes a JSON array of results, in the same order, to stdout.
Anything DSPy prints goes to stderr. A failing case never stops the run: it yields a result whose
`error` is {"type": type(e).__name__, "message": str(e)}.

Environment: one thread (dspy num_threads=1), no LM cache (disk and memory cache disabled, LM cache=False),
DSPy's own adapters/optimizers/metrics, PYTHONHASHSEED=0 (set by run-py.sh).

Input conversions (JSON -> DSPy objects), applied to `inputs` and to every demo/example field whose
signature annotation (or an Optional[...]/list[...] of it) is one of:
  * dspy.History   : {"messages": [...]}  -> dspy.History(**value)
  * dspy.Image     : {"url": "..."}        -> dspy.Image(url=...)   (no download; plain strings are left alone)
  * other pydantic models DSPy exposes (e.g. dspy.ToolCalls): dict -> Model.model_validate(value)
Everything else is passed through as the JSON value.

Signature strings are built with dspy.Signature(sig, instructions, custom_types=CUSTOM_TYPES) so that
`History`, `Image`, `ToolCalls` resolve without frame inspection; `NoneType` is added because DSPy's own
default name table has it (passing custom_types would otherwise drop it). `dspy.X` resolves by import.

Output conversions (DSPy -> JSON): every parsed/predicted value goes through
pydantic TypeAdapter(type(v)).dump_python(v, mode="json") (enums -> value, models -> dicts, tuples -> lists),
after checking the python-mode dump for NaN/Infinity; a non-finite float turns the result into an error
of type "NonJSONValue" (pydantic would silently turn it into null).

Kind-specific choices:
  * predict.prediction: dict(pred.items()) when the prediction holds one completion; when it holds more
    (config n > 1) a list with one dict per completion, in order.
  * predict.requests: for every LM call, {"messages": <messages as given to the LM>,
    "kwargs": <keyword arguments DSPy passed to the LM call besides messages>} (JSON-converted; nothing
    non-deterministic is passed by DSPy here, so nothing is dropped). The scripted LM's own defaults are
    temperature=None, max_tokens=None (they are not part of the recorded kwargs).
  * fewshot.demos: compiled_program.predictors()[0].dump_state()["demos"] (DSPy's save format);
    score: best candidate's score for BootstrapFewShotWithRandomSearch, else null.
    params: passed to the optimizer's constructor; "sample" (LabeledFewShot) and
    "labeled_sample"/"restrict" (RandomSearch) go to compile(); "seed" is ignored when the optimizer
    does not take it; num_threads is forced to 1. Other unknown params are an error.
  * metric "exact_match:F": dspy.evaluate.answer_exact_match on field F (fields other than "answer" are
    renamed to "answer" on a copy before calling it); "always": always True.
  * evaluate.results[i].score: the metric value per example (bools as 1/0).
"""

import contextlib
import copy
import inspect
import json
import math
import os
import sys
import types
import typing
import warnings

if __name__ == "__main__" and os.environ.get("PYTHONHASHSEED") != "0":
    # Set-iteration order must be reproducible; re-run under the pinned hash seed.
    os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": "0"})

warnings.simplefilter("ignore")

REAL_STDOUT = sys.stdout

import dspy  # noqa: E402
import pydantic  # noqa: E402
from dspy.clients.base_lm import BaseLM  # noqa: E402

CUSTOM_TYPES = {
    "History": dspy.History,
    "Image": dspy.Image,
    "ToolCalls": dspy.ToolCalls,
    "NoneType": type(None),
}

ADAPTERS = {"chat": dspy.ChatAdapter, "json": dspy.JSONAdapter, "xml": dspy.XMLAdapter}
MODULES = {"Predict": dspy.Predict, "ChainOfThought": dspy.ChainOfThought}


class NonJSONValue(Exception):
    pass


class CaseError(Exception):
    """A malformed case (reported with type "CaseError")."""


# ---------------------------------------------------------------- JSON conversion


def _check_finite(value, where):
    if isinstance(value, float) and not math.isfinite(value):
        raise NonJSONValue(f"{where} contains {value!r}, which JSON cannot represent")
    if isinstance(value, dict):
        for item in value.values():
            _check_finite(item, where)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            _check_finite(item, where)


def to_json(value, where="value"):
    """One DSPy value -> JSON value, via pydantic's own serializer."""
    adapter = pydantic.TypeAdapter(type(value))
    _check_finite(adapter.dump_python(value, mode="python"), where)
    return adapter.dump_python(value, mode="json")


def fields_to_json(mapping, where):
    return {key: to_json(val, f"{where}.{key}") for key, val in mapping.items()}


def plain_json(value):
    """Best-effort JSON for recorded LM kwargs/messages (strings for anything exotic)."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else repr(value)
    if isinstance(value, dict):
        return {str(k): plain_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain_json(v) for v in value]
    if isinstance(value, type) and issubclass(value, pydantic.BaseModel):
        return {"pydantic_model": value.__name__, "schema": value.model_json_schema()}
    try:
        return plain_json(pydantic.TypeAdapter(type(value)).dump_python(value, mode="json"))
    except Exception:
        return repr(value)


def error_of(exc):
    return {"type": type(exc).__name__, "message": str(exc)}


# ---------------------------------------------------------------- case inputs


def build_signature(case):
    if "signature" not in case or not isinstance(case["signature"], str):
        raise CaseError("case has no string 'signature'")
    instructions = case.get("instructions")  # absent/null -> DSPy default; "" is passed as ""
    return dspy.Signature(case["signature"], instructions, custom_types=CUSTOM_TYPES)


def _convert(annotation, value):
    if value is None:
        return None
    if annotation is dspy.History:
        return dspy.History(**value) if isinstance(value, dict) else value
    if annotation is dspy.Image:
        return dspy.Image(**value) if isinstance(value, dict) else value
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        return annotation.model_validate(value) if isinstance(value, dict) else value
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is list and len(args) == 1 and isinstance(value, list):
        return [_convert(args[0], item) for item in value]
    if args and origin in (typing.Union, types.UnionType):
        for arg in args:
            if arg is type(None):
                continue
            converted = _convert(arg, value)
            if converted is not value:
                return converted
    return value


def convert_fields(signature, values):
    if not isinstance(values, dict):
        raise CaseError(f"expected a JSON object of field values, got {type(values).__name__}")
    fields = signature.fields
    return {k: (_convert(fields[k].annotation, v) if k in fields else v) for k, v in values.items()}


def build_demos(signature, case, key="demos"):
    demos = case.get(key) or []
    if not isinstance(demos, list):
        raise CaseError(f"'{key}' must be a list")
    return [convert_fields(signature, d) for d in demos]


# ---------------------------------------------------------------- scripted LM


def _text_of(content):
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(b.get("text", "") for b in content if isinstance(b, dict) and b.get("type") == "text")
    return ""


def _render_value(value):
    if isinstance(value, str):
        return value
    # Compact JSON without ASCII escaping, i.e. what JavaScript's JSON.stringify produces.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


class ScriptedLM(BaseLM):
    """Answers per CASES.md `lm`: first `answers` entry whose `when` occurs in the last user message, else
    `default`; rendered in ChatAdapter form for the *requested* signature's output fields.

    DSPy 3.4.1 runs a BaseLM subclass that overrides forward() through its legacy engine
    (clients/engines/legacy_engine.py): forward(prompt=None, messages=<adapter messages>, **<call kwargs>)
    is called once per LM call, with `n` in kwargs (not one call per candidate), and must return an
    OpenAI-shaped response; so n>1 yields n choices here. DSPy emits a DeprecationWarning for this path;
    it is the documented 3.4 extension point and needs no provider machinery.
    """

    def __init__(self, spec, output_fields_of):
        super().__init__("oracle/scripted", model_type="chat", temperature=None, max_tokens=None, cache=False,
                         num_retries=0)
        if not isinstance(spec, dict):
            raise CaseError("'lm' must be an object")
        self.answers = spec.get("answers") or []
        self.default = spec.get("default") or {}
        self.output_fields_of = output_fields_of  # messages -> list of output field names
        self.requests = []

    def _pick(self, messages):
        last_user = next((m for m in reversed(messages) if m.get("role") == "user"), None)
        text = _text_of(last_user.get("content")) if last_user else ""
        for entry in self.answers:
            if entry.get("when", "") in text:
                return entry.get("fields") or {}
        return self.default

    def forward(self, prompt=None, messages=None, **kwargs):
        messages = messages if messages is not None else [{"role": "user", "content": prompt}]
        self.requests.append({"messages": plain_json(copy.deepcopy(messages)), "kwargs": plain_json(dict(kwargs))})
        fields = self._pick(messages)
        text = "".join(
            f"[[ ## {name} ## ]]\n{_render_value(fields[name]) if name in fields else 'N/A'}\n\n"
            for name in self.output_fields_of(messages)
        ) + "[[ ## completed ## ]]"
        n = kwargs.get("n") or 1
        return {
            "model": self.model,
            "usage": {},
            "choices": [
                {"index": i, "finish_reason": "stop", "message": {"role": "assistant", "content": text}}
                for i in range(n)
            ],
        }

    def copy(self, **kwargs):
        new = super().copy(**kwargs)
        new.requests = self.requests  # copies made by optimizers keep recording into the same list
        return new


def _output_fields_of(module):
    """The scripted LM answers with the output fields of the module's predictor signature, in order
    (for ChainOfThought that is the extended signature: `reasoning` first)."""
    predictors = module.predictors()
    if len(predictors) != 1:
        raise CaseError(f"expected one predictor, found {len(predictors)}")
    names = list(predictors[0].signature.output_fields)
    return lambda messages: names


def build_module(case, signature):
    name = case.get("module", "Predict")
    if name not in MODULES:
        raise CaseError(f"unknown module {name!r}")
    config = case.get("config") or {}
    if not isinstance(config, dict):
        raise CaseError("'config' must be an object")
    return MODULES[name](signature, **config)


def make_examples(rows, input_keys, signature):
    return [dspy.Example(**convert_fields(signature, row)).with_inputs(*input_keys) for row in rows]


def make_metric(spec):
    if spec == "always":
        return lambda example, pred, trace=None: True
    if isinstance(spec, str) and spec.startswith("exact_match:"):
        field = spec.split(":", 1)[1]
        from dspy.evaluate import answer_exact_match

        if field == "answer":
            return answer_exact_match

        def metric(example, pred, trace=None):
            return answer_exact_match(
                dspy.Example(answer=example[field]), dspy.Prediction(answer=pred[field]), trace
            )

        return metric
    raise CaseError(f"unknown metric {spec!r}")


def _context(lm):
    return dspy.context(lm=lm, adapter=dspy.ChatAdapter(), num_threads=1)


# ---------------------------------------------------------------- kinds


def run_adapter(case, result):
    result.update(messages=None, parsed=None)
    name = case.get("adapter", "chat")
    if name not in ADAPTERS:
        raise CaseError(f"unknown adapter {name!r}")
    adapter = ADAPTERS[name]()
    signature = build_signature(case)
    demos = build_demos(signature, case)
    inputs = convert_fields(signature, case.get("inputs") or {})
    result["messages"] = plain_json(adapter.format(signature, demos, inputs))
    if case.get("completion") is not None:
        parsed = adapter.parse(signature, case["completion"])
        result["parsed"] = fields_to_json(parsed, "parsed")


def run_predict(case, result):
    result.update(requests=[], prediction=None)
    signature = build_signature(case)
    module = build_module(case, signature)
    demos = [dspy.Example(**d) for d in build_demos(signature, case)]
    for predictor in module.predictors():
        predictor.demos = demos
    lm = ScriptedLM(case.get("lm") or {}, _output_fields_of(module))
    result["requests"] = lm.requests
    inputs = convert_fields(signature, case.get("inputs") or {})
    with _context(lm):
        pred = module(**inputs)
    completions = list(pred.completions) if len(pred.completions) > 1 else None
    if completions is None:
        result["prediction"] = fields_to_json(dict(pred.items()), "prediction")
    else:
        result["prediction"] = [fields_to_json(dict(c.items()), f"prediction[{i}]") for i, c in enumerate(completions)]


FEWSHOT = {
    "LabeledFewShot": (dspy.LabeledFewShot, {"sample"}),
    "BootstrapFewShot": (dspy.BootstrapFewShot, set()),
    "BootstrapFewShotWithRandomSearch": (dspy.BootstrapFewShotWithRandomSearch, {"labeled_sample", "restrict"}),
}


def run_fewshot(case, result):
    result.update(demos=None, score=None)
    name = case.get("optimizer")
    if name not in FEWSHOT:
        raise CaseError(f"unknown optimizer {name!r}")
    cls, compile_keys = FEWSHOT[name]
    params = dict(case.get("params") or {})
    accepted = set(inspect.signature(cls.__init__).parameters) - {"self"}
    compile_kwargs = {k: params.pop(k) for k in list(params) if k in compile_keys}
    if "seed" in params and "seed" not in accepted:
        params.pop("seed")
    unknown = sorted(set(params) - accepted)
    if unknown:
        raise CaseError(f"{name} does not take params {unknown}")
    if "metric" in accepted and case.get("metric") is not None:  # absent -> the optimizer's default
        params["metric"] = make_metric(case["metric"])
    if "num_threads" in accepted:
        params["num_threads"] = 1

    signature = build_signature(case)
    student = build_module(case, signature)
    input_keys = case.get("input_keys") or list(signature.input_fields)
    trainset = make_examples(case.get("trainset") or [], input_keys, signature)
    if case.get("valset") is not None:
        if "valset" not in inspect.signature(cls.compile).parameters:
            raise CaseError(f"{name} does not take a valset")
        compile_kwargs["valset"] = make_examples(case["valset"], input_keys, signature)

    lm = ScriptedLM(case.get("lm") or {}, _output_fields_of(student))
    with _context(lm):
        optimizer = cls(**params)
        program = optimizer.compile(student, trainset=trainset, **compile_kwargs)
    predictors = program.predictors()
    if len(predictors) != 1:
        raise CaseError(f"expected one predictor, found {len(predictors)}")
    demos = predictors[0].dump_state()["demos"]
    result["demos"] = [fields_to_json(dict(d), f"demos[{i}]") for i, d in enumerate(demos)]
    candidates = getattr(program, "candidate_programs", None)
    if candidates:
        result["score"] = to_json(candidates[0]["score"], "score")


def _number(value, where):
    if isinstance(value, bool):
        return int(value)
    return to_json(value, where)


def run_evaluate(case, result):
    result.update(score=None, results=None)
    signature = build_signature(case)
    module = build_module(case, signature)
    demos = [dspy.Example(**d) for d in build_demos(signature, case)]
    for predictor in module.predictors():
        predictor.demos = demos
    input_keys = case.get("input_keys") or list(signature.input_fields)
    devset = make_examples(case.get("devset") or [], input_keys, signature)
    metric = make_metric(case.get("metric"))
    lm = ScriptedLM(case.get("lm") or {}, _output_fields_of(module))
    with _context(lm):
        evaluation = dspy.Evaluate(devset=devset, metric=metric, num_threads=1, display_progress=False,
                                   display_table=False)(module)
    result["score"] = _number(evaluation.score, "score")
    result["results"] = [{"score": _number(score, f"results[{i}].score")}
                         for i, (_, _, score) in enumerate(evaluation.results)]


KINDS = {"adapter": run_adapter, "predict": run_predict, "fewshot": run_fewshot, "evaluate": run_evaluate}
RESULT_KEYS = {
    "adapter": ("messages", "parsed"),
    "predict": ("requests", "prediction"),
    "fewshot": ("demos", "score"),
    "evaluate": ("score", "results"),
}


def run_case(case):
    if not isinstance(case, dict):
        return {"id": None, "error": {"type": "CaseError", "message": "case is not a JSON object"}}
    kind = case.get("kind")
    result = {"id": case.get("id")}
    try:
        if kind not in KINDS:
            raise CaseError(f"unknown case kind {kind!r}")
        KINDS[kind](case, result)
        result["error"] = None
    except NonJSONValue as exc:
        # Keep what was produced before the offending value (e.g. messages), drop the value itself.
        result["error"] = error_of(exc)
    except Exception as exc:
        result["error"] = error_of(exc)
    # Whatever part is not JSON-safe (should not happen past to_json) turns the result into NonJSONValue.
    try:
        json.dumps(result, ensure_ascii=False, allow_nan=False)
    except (ValueError, TypeError) as exc:
        result = {"id": case.get("id"), **{k: None for k in RESULT_KEYS.get(kind, ())},
                  "error": {"type": "NonJSONValue", "message": str(exc)}}
    return result


def main(argv):
    if len(argv) != 2:
        print("usage: run_py.py CASES.json", file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        cases = json.load(f)
    if not isinstance(cases, list):
        print("run_py.py: the case file must hold a JSON array", file=sys.stderr)
        return 2

    dspy.configure_cache(enable_disk_cache=False, enable_memory_cache=False)
    dspy.configure(num_threads=1)

    # Everything DSPy or optimizers print goes to stderr; stdout carries only the results.
    with contextlib.redirect_stdout(sys.stderr):
        results = [run_case(case) for case in cases]
    REAL_STDOUT.write(json.dumps(results, ensure_ascii=False, allow_nan=False, indent=1))
    REAL_STDOUT.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
