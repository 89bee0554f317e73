"""Sessions, refs and the wire format of the DSPy bridge worker (see proto/bridge.proto).

Graceful serialization: JSON-able structure (None, bool, int, finite float, str, list/tuple,
dict with str keys) crosses as values, bytes as blobs next to the JSON ({"__bytes__": i}), and
anything else as a typed ref {"__ref__": id, "type": "dspy.Predict"}, nested. Values sent to a
host function (a TypeScript callback) carry dspy.Example and dspy.Prediction as plain dicts of
their fields, because a metric or tool on the host wants the fields, not a handle.
"""

import itertools
import math
import sys
import threading

MAX_DEPTH = 100


class Session:
    """The objects and settings of one session; guarded by the store's lock."""

    def __init__(self, name):
        self.name = name
        self.objects = {}
        self.settings = {}


def type_name(value):
    """"dspy.Predict" when the top-level package exports the class, else the full module path."""
    cls = type(value)
    top = cls.__module__.split(".")[0]
    if getattr(sys.modules.get(top), cls.__qualname__, None) is cls:
        return f"{top}.{cls.__qualname__}"
    return f"{cls.__module__}.{cls.__qualname__}"


def field_dict(value):
    """The fields of a dspy.Example or dspy.Prediction, else None."""
    if "dspy" not in sys.modules:
        return None
    import dspy

    if isinstance(value, (dspy.Example, dspy.Prediction)):
        return dict(value.toDict())
    return None


class Store:
    """Every session of this worker, and the conversion between Python values and the wire."""

    def __init__(self):
        self.lock = threading.Lock()
        self.sessions = {}
        self.ids = itertools.count(1)

    def session(self, name):
        with self.lock:
            found = self.sessions.get(name)
            if found is None:
                found = self.sessions[name] = Session(name)
            return found

    def add_ref(self, session, value):
        with self.lock:
            ref = f"r{next(self.ids)}"
            session.objects[ref] = value
        return {"__ref__": ref, "type": type_name(value)}

    def get_ref(self, session, ref):
        with self.lock:
            if ref not in session.objects:
                raise LookupError(f"ref {ref!r} is not alive in session {session.name!r} (released or never created)")
            return session.objects[ref]

    def release(self, name, refs):
        with self.lock:
            session = self.sessions.get(name)
            objects = session.objects if session else {}
            return sum(1 for ref in refs if objects.pop(ref, None) is not None)

    def end(self, name):
        with self.lock:
            return self.sessions.pop(name, None) is not None

    def counts(self):
        with self.lock:
            return len(self.sessions), sum(len(session.objects) for session in self.sessions.values())

    def to_wire(self, session, value, blobs, for_host=False, depth=0):
        if value is None or isinstance(value, (bool, str, int)):
            return value
        if isinstance(value, float) and math.isfinite(value):
            return value
        if isinstance(value, (bytes, bytearray, memoryview)):
            blobs.append(bytes(value))
            return {"__bytes__": len(blobs) - 1}
        if depth < MAX_DEPTH:
            if isinstance(value, (list, tuple)):
                return [self.to_wire(session, item, blobs, for_host, depth + 1) for item in value]
            if type(value) is dict and all(isinstance(key, str) for key in value):
                return {key: self.to_wire(session, item, blobs, for_host, depth + 1) for key, item in value.items()}
            fields = field_dict(value) if for_host else None
            if fields is not None:
                return self.to_wire(session, fields, blobs, for_host, depth + 1)
        return self.add_ref(session, value)

    def from_wire(self, session, value, blobs):
        if isinstance(value, list):
            return [self.from_wire(session, item, blobs) for item in value]
        if isinstance(value, dict):
            if set(value) <= {"__ref__", "type"} and isinstance(value.get("__ref__"), str):
                return self.get_ref(session, value["__ref__"])
            if set(value) == {"__bytes__"} and isinstance(value["__bytes__"], int):
                return blobs[value["__bytes__"]]
            return {key: self.from_wire(session, item, blobs) for key, item in value.items()}
        return value
