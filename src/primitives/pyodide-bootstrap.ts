/**
 * The Python driver the Pyodide worker runs once at start (before the lockdown). It keeps the
 * guest's namespace apart from its own helpers, captures what the guest prints (head and tail
 * kept past a cap), turns `SUBMIT(...)` into a final answer, describes exceptions the way
 * DSPy 3.4.1's runner does, builds the guest-side tool wrappers and shuts the `os` functions
 * that reach outside the sandbox.
 */
export const PYODIDE_BOOTSTRAP = String.raw`
import builtins, json, keyword, math, os, sys, traceback
from pyodide.code import eval_code_async


class _DSPyFinalOutput(BaseException):
    pass


class SandboxViolation(PermissionError):
    pass


def _dspy_denied(name):
    def denied(*args, **kwargs):
        raise SandboxViolation(f"{name} is not available in the sandbox")
    denied.__name__ = name.rsplit(".", 1)[-1]
    return denied


for _name in ("system", "popen", "fork", "forkpty", "execv", "execve", "spawnv", "spawnve", "kill", "killpg"):
    if hasattr(os, _name):
        setattr(os, _name, _dspy_denied("os." + _name))
os.environ.clear()
os.environ.update({"HOME": "/home/pyodide", "USER": "web_user", "LOGNAME": "web_user", "PATH": "/", "PWD": "/", "LANG": "en_US.UTF-8"})

_dspy_ns = {"__name__": "__main__", "__builtins__": builtins}
_dspy_registered = set()
_DSPY_TYPES = {"str", "int", "float", "bool", "list", "dict", "NoneType"}


class _DSPyCapture:
    def __init__(self, limit):
        self.half = max(limit // 2, 0)
        self.head = ""
        self.tail = []
        self.tail_len = 0
        self.total = 0

    def write(self, text):
        text = str(text)
        self.total += len(text)
        room = self.half - len(self.head)
        if room > 0:
            self.head += text[:room]
            text = text[room:]
        if text:
            self.tail.append(text)
            self.tail_len += len(text)
            if self.tail_len > 2 * self.half:
                kept = "".join(self.tail)[-self.half:] if self.half else ""
                self.tail, self.tail_len = [kept], len(kept)
        return len(text)

    def flush(self):
        pass

    def isatty(self):
        return False

    def getvalue(self):
        tail = "".join(self.tail)
        if len(self.head) + len(tail) == self.total:
            return self.head + tail
        tail = tail[-self.half:] if self.half else ""
        omitted = self.total - len(self.head) - len(tail)
        return self.head + f"\n\n... ({omitted:,} characters omitted) ...\n\n" + tail


def _dspy_jsonable(value):
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        if math.isfinite(value):
            return value
        return {"__dspy_float__": "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")}
    if isinstance(value, dict):
        return {str(key): _dspy_jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_dspy_jsonable(item) for item in value]
    return repr(value)


def _dspy_dump(value):
    return json.dumps(_dspy_jsonable(value))


def _dspy_call_tool(name, args, kwargs):
    reply = json.loads(_dspy_js_call_tool(name, _dspy_dump({"args": args, "kwargs": kwargs})))
    if "error" in reply:
        raise RuntimeError(reply["error"])
    return reply["value"]


def _dspy_make_tool(name, parameters):
    if parameters is None:
        def tool(*args, **kwargs):
            return _dspy_call_tool(name, list(args), kwargs)
        tool.__name__ = name
        return tool
    parts, names = [], []
    for parameter in parameters:
        pname = parameter["name"]
        if not pname.isidentifier() or keyword.iskeyword(pname):
            raise ValueError(f"Invalid parameter name: '{pname}'")
        part = pname
        if parameter.get("type") in _DSPY_TYPES:
            part += ": " + ("type(None)" if parameter["type"] == "NoneType" else parameter["type"])
        if "default" in parameter:
            part += " = __import__('json').loads(" + repr(json.dumps(parameter["default"])) + ")"
        parts.append(part)
        names.append(pname)
    kwargs = ", ".join(f"{n!r}: {n}" for n in names)
    source = f"def {name}({', '.join(parts)}):\n    return _dspy_call_tool({name!r}, [], {{{kwargs}}})\n"
    scope = {"_dspy_call_tool": _dspy_call_tool}
    exec(source, scope)
    return scope[name]


def _dspy_make_submit(outputs):
    if not outputs:
        def SUBMIT(output):
            raise _DSPyFinalOutput({"output": output})
        return SUBMIT
    parts = []
    for field in outputs:
        part = field["name"]
        if field.get("type") in _DSPY_TYPES:
            part += ": " + ("type(None)" if field["type"] == "NoneType" else field["type"])
        parts.append(part)
    mapping = ", ".join(f"{f['name']!r}: {f['name']}" for f in outputs)
    source = f"def SUBMIT({', '.join(parts)}):\n    raise _DSPyFinalOutput({{{mapping}}})\n"
    scope = {"_DSPyFinalOutput": _DSPyFinalOutput}
    exec(source, scope)
    return scope["SUBMIT"]


def _dspy_register(spec_json):
    spec = json.loads(spec_json)
    for name in _dspy_registered:
        _dspy_ns.pop(name, None)
    _dspy_registered.clear()
    for tool in spec["tools"]:
        _dspy_ns[tool["name"]] = _dspy_make_tool(tool["name"], tool.get("parameters"))
        _dspy_registered.add(tool["name"])
    _dspy_ns["SUBMIT"] = _dspy_make_submit(spec.get("outputs"))


def _dspy_describe(exc):
    name = type(exc).__name__
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename != "<exec>":
        tb = tb.tb_next
    text = "".join(traceback.format_exception(type(exc), exc, tb))
    args = json.loads(json.dumps(list(exc.args), default=str))
    if name == "SyntaxError" or isinstance(exc, SyntaxError):
        message = "Invalid Python syntax. message: " + text.strip()
    else:
        message = f"{name}: {args!r}" if args else f"{name}: {text.strip()}"
    return {"type": name, "message": message, "traceback": text}


async def _dspy_execute(code, variables_json, limit):
    variables = json.loads(variables_json)
    for name in variables:
        if not name.isidentifier() or keyword.iskeyword(name):
            return _dspy_dump({"setup_error": f"Invalid variable name: '{name}'"})
    _dspy_ns.update(variables)
    capture = _DSPyCapture(limit)
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = capture, _DSPyCapture(0)
    try:
        result = await eval_code_async(code, _dspy_ns, filename="<exec>")
    except _DSPyFinalOutput as exc:
        return _dspy_dump({"final": exc.args[0] if exc.args else None})
    except BaseException as exc:
        return _dspy_dump({"error": _dspy_describe(exc), "output": capture.getvalue()})
    finally:
        sys.stdout, sys.stderr = saved
    return _dspy_dump({"output": capture.getvalue() if result is None else result})
`;
