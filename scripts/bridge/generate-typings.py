"""Generates TypeScript typings for DSPy's public classes by introspecting the installed DSPy.

    .venv-bridge/bin/python scripts/bridge/generate-typings.py src/bridge/generated

Writes one file per public class of the `dspy` package (constructor keyword arguments with
their types, defaults and docs, and its public methods, inherited ones included) plus index.ts, which
maps class names to their constructor kwargs (`DspyInits`) for `Bridge.create`. Exceptions and
private names are left out. Every file names the DSPy version and the sha256 of this script,
and the output is deterministic, so a test regenerates it and compares byte for byte.
"""

import hashlib
import inspect
import os
import re
import sys
import types
import typing
import warnings

warnings.filterwarnings("ignore")
import dspy  # noqa: E402

HERE = os.path.abspath(__file__)
GENERATOR_SHA = hashlib.sha256(open(HERE, "rb").read()).hexdigest()
PRIMITIVES = {str: "string", int: "number", float: "number", bool: "boolean", bytes: "Uint8Array", type(None): "null"}


def kebab(name):
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "-", name).lower()


def ts_type(annotation, depth=0):
    """A TypeScript type for a Python annotation; objects that live in Python are PyRefs."""
    if depth > 4 or annotation is inspect.Parameter.empty or annotation is typing.Any:
        return "unknown"
    if isinstance(annotation, str):
        return "unknown"
    if annotation in PRIMITIVES:
        return PRIMITIVES[annotation]
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        return union(ts_type(arg, depth + 1) for arg in args)
    if origin is typing.Literal:
        return union(literal(arg) for arg in args)
    if origin in (list, tuple, set, frozenset) or annotation in (list, tuple, set):
        item = ts_type(args[0], depth + 1) if args and args[-1] is not Ellipsis or len(args) == 2 else "unknown"
        return f"{wrap(item)}[]"
    if origin is dict or annotation is dict:
        value = ts_type(args[1], depth + 1) if len(args) == 2 else "unknown"
        return f"Record<string, {value}>"
    if origin is type:
        return "PyRef | string" if args and args[0] is dspy.Signature else "PyRef"
    if inspect.isclass(annotation) and annotation.__module__.startswith("dspy"):
        return "PyRef"
    return "unknown"


def union(parts):
    seen = []
    for part in parts:
        for piece in part.split(" | "):
            if piece not in seen:
                seen.append(piece)
    return "unknown" if "unknown" in seen else " | ".join(seen)


def wrap(item):
    return f"({item})" if " | " in item else item


def literal(value):
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value) if isinstance(value, (int, float)) else "unknown"


def summary(obj):
    doc = inspect.getdoc(obj) or ""
    first = doc.strip().split("\n\n")[0].strip()
    return " ".join(first.split()).replace("*/", "*\\/")


def default_text(value):
    text = repr(value)
    if "0x" in text or len(text) > 60 or "\n" in text:
        return None
    return text.replace("*/", "*\\/")


def fields(function, skip_first):
    """TypeScript property lines for a function's keyword-passable parameters."""
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return ["  [key: string]: unknown;"]
    try:
        hints = typing.get_type_hints(function)
    except Exception:
        hints = {}
    lines = []
    params = list(signature.parameters.values())[1 if skip_first else 0 :]
    for param in params:
        if param.kind is param.VAR_POSITIONAL or param.kind is param.POSITIONAL_ONLY:
            continue
        if param.kind is param.VAR_KEYWORD:
            lines.append("  [key: string]: unknown;")
            continue
        optional = param.default is not param.empty
        if optional and default_text(param.default) is not None:
            lines.append(f"  /** @default {default_text(param.default)} */")
        annotation = hints.get(param.name, param.annotation)
        if annotation is param.empty and optional and type(param.default) in PRIMITIVES:
            annotation = type(param.default)
        lines.append(f"  {param.name}{'?' if optional else ''}: {ts_type(annotation)};")
    return lines


def public_classes():
    for name in sorted(dir(dspy)):
        value = getattr(dspy, name)
        if name.startswith("_") or not inspect.isclass(value) or not value.__module__.startswith("dspy"):
            continue
        if issubclass(value, BaseException) or name != value.__name__:
            continue
        yield name, value


def methods(cls):
    """Public methods, inherited ones included (from DSPy's own base classes, nearest first)."""
    found = {}
    for klass in cls.__mro__:
        if not klass.__module__.startswith("dspy"):
            continue
        for name, member in vars(klass).items():
            if (name.startswith("_") and name != "__call__") or not inspect.isfunction(member):
                continue
            found.setdefault(name, member)
    return sorted(found.items())


def class_file(name, cls):
    header = f"// Generated by scripts/bridge/generate-typings.py from dspy {dspy.__version__} (generator sha256 {GENERATOR_SHA[:16]}).\n// Do not edit: regenerate with `npm run bridge:typings`.\n"
    out = []
    doc = summary(cls)
    out.append(f"/**\n * Keyword arguments of `dspy.{name}(...)`.{(' ' + doc) if doc else ''}\n */")
    init_lines = fields(cls.__init__, True) if "__init__" in vars(cls) or cls.__init__ is not object.__init__ else []
    if init_lines:
        out.append(f"export interface {name}Init {{\n" + "\n".join(init_lines) + "\n}\n")
    else:
        out.append(f"export type {name}Init = Record<string, never>;\n")
    out.append(f"/** Public methods of `dspy.{name}` (inherited ones included), with their keyword arguments. */")
    entries = []
    for method, function in methods(cls):
        mdoc = summary(function)
        body = fields(function, True)
        inner = "\n".join("  " + line for line in body)
        prefix = f"  /** {mdoc} */\n" if mdoc else ""
        entries.append(f"{prefix}  {method}: " + ("{\n" + inner + "\n  }" if body else "Record<string, never>") + ";")
    if entries:
        out.append(f"export interface {name}Methods {{\n" + "\n".join(entries) + "\n}\n")
    else:
        out.append(f"export type {name}Methods = Record<string, never>;\n")
    body = "\n".join(out)
    imports = 'import type { PyRef } from "../py-ref.js";\n\n' if "PyRef" in body else ""
    return f"{header}\n{imports}{body}"


def index_file(classes):
    lines = [
        f"// Generated by scripts/bridge/generate-typings.py from dspy {dspy.__version__} (generator sha256 {GENERATOR_SHA[:16]}).",
        "// Do not edit: regenerate with `npm run bridge:typings`.",
    ]
    for name, _ in classes:
        lines.append(f'import type {{ {name}Init, {name}Methods }} from "./{kebab(name)}.js";')
    lines.append("")
    lines.append("/** The DSPy version these typings were generated from. */")
    lines.append(f'export const DSPY_VERSION = "{dspy.__version__}";')
    lines.append("")
    lines.append("/** sha256 of scripts/bridge/generate-typings.py, recorded in scripts/bridge/bridge-lock.json. */")
    lines.append(f'export const TYPINGS_GENERATOR_SHA256 = "{GENERATOR_SHA}";')
    lines.append("")
    lines.append("/** Constructor keyword arguments of each public DSPy class, by class name. */")
    lines.append("export interface DspyInits {")
    lines.extend(f"  {name}: {name}Init;" for name, _ in classes)
    lines.append("}")
    lines.append("")
    lines.append("/** Public methods (with keyword arguments) of each public DSPy class, by class name. */")
    lines.append("export interface DspyMethods {")
    lines.extend(f"  {name}: {name}Methods;" for name, _ in classes)
    lines.append("}")
    lines.append("")
    for name, _ in classes:
        lines.append(f'export type {{ {name}Init, {name}Methods }} from "./{kebab(name)}.js";')
    return "\n".join(lines) + "\n"


def main():
    target = sys.argv[1]
    os.makedirs(target, exist_ok=True)
    classes = list(public_classes())
    files = {f"{kebab(name)}.ts": class_file(name, cls) for name, cls in classes}
    files["index.ts"] = index_file(classes)
    for existing in os.listdir(target):
        if existing.endswith(".ts") and existing not in files:
            os.remove(os.path.join(target, existing))
    for file, text in files.items():
        with open(os.path.join(target, file), "w", newline="\n") as handle:
            handle.write(text)
    print(f"wrote {len(files)} files to {target} (generator sha256 {GENERATOR_SHA})")


if __name__ == "__main__":
    main()
