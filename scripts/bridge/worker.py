"""A DSPy bridge worker: serves proto/bridge.proto over gRPC on 127.0.0.1 (or --host).

    .venv-bridge/bin/python scripts/bridge/worker.py --port 0 [--host 127.0.0.1] [--threads 16]

Prints "READY <port>" on stdout once it listens. Exits when stdin closes, so a worker never
outlives the Node process that spawned it (remote workers are started with --no-stdin-watch).
The proto is loaded at runtime with grpc.protos_and_services (grpcio-tools is in the lock), so the
.proto file is the only definition of the protocol. RPCs other than Heartbeat need the metadata
"x-bridge-token" equal to $DSPY_BRIDGE_TOKEN when that variable is set: anything that can reach
the port can run Python here, so the token keeps other local users out.

Sessions own their objects: a ref id is only meaningful inside its session, and ending the session
drops every object it holds. Each call runs inside dspy.context(**session settings) rather than
dspy.configure, because DSPy only lets the thread that first configured it call configure again,
and calls run on a thread pool.
"""

import argparse
import importlib
import itertools
import json
import math
import os
import sys
import threading
import traceback
from concurrent import futures

import grpc

PROTO = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "proto", "bridge.proto")
MAX_MESSAGE = 64 * 1024 * 1024
MAX_DEPTH = 100


class Session:
    """The objects and settings of one session; guarded by the worker's lock."""

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


class Worker:
    def __init__(self, messages):
        self.messages = messages
        self.lock = threading.Lock()
        self.sessions = {}
        self.ids = itertools.count(1)
        self.active = 0
        self.token = os.environ.get("DSPY_BRIDGE_TOKEN", "")

    # --- sessions and refs -------------------------------------------------------------------
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

    def to_wire(self, session, value, depth=0):
        """Graceful serialization: JSON-able structure as values, everything else as refs, nested."""
        if value is None or isinstance(value, (bool, str)):
            return value
        if isinstance(value, int):
            return value
        if isinstance(value, float) and math.isfinite(value):
            return value
        if depth < MAX_DEPTH and isinstance(value, (list, tuple)):
            return [self.to_wire(session, item, depth + 1) for item in value]
        if depth < MAX_DEPTH and type(value) is dict and all(isinstance(key, str) for key in value):
            return {key: self.to_wire(session, item, depth + 1) for key, item in value.items()}
        return self.add_ref(session, value)

    def from_wire(self, session, value):
        if isinstance(value, list):
            return [self.from_wire(session, item) for item in value]
        if isinstance(value, dict):
            if set(value) <= {"__ref__", "type"} and isinstance(value.get("__ref__"), str):
                return self.get_ref(session, value["__ref__"])
            return {key: self.from_wire(session, item) for key, item in value.items()}
        return value

    # --- RPCs --------------------------------------------------------------------------------
    def check_token(self, context):
        if not self.token:
            return
        metadata = dict(context.invocation_metadata())
        if metadata.get("x-bridge-token") != self.token:
            context.abort(grpc.StatusCode.UNAUTHENTICATED, "bad or missing x-bridge-token")

    def reply(self, session, compute):
        with self.lock:
            self.active += 1
        try:
            value = compute()
            return self.messages.Reply(value_json=json.dumps(self.to_wire(session, value), allow_nan=False))
        except Exception as error:  # every Python failure goes back to the caller, typed
            cls = type(error)
            name = cls.__qualname__ if cls.__module__ == "builtins" else f"{cls.__module__}.{cls.__qualname__}"
            return self.messages.Reply(
                error=self.messages.PythonError(type=name, message=str(error), traceback=traceback.format_exc())
            )
        finally:
            with self.lock:
                self.active -= 1

    def Call(self, request, context):
        self.check_token(context)
        session = self.session(request.session)

        def compute():
            args = self.from_wire(session, json.loads(request.args_json or "[]"))
            kwargs = self.from_wire(session, json.loads(request.kwargs_json or "{}"))
            if request.module == "__bridge__":
                return self.builtin(session, request.function, args, kwargs)
            if request.ref:
                target = self.get_ref(session, request.ref)
                if request.method:
                    target = getattr(target, request.method)
            else:
                target = importlib.import_module(request.module)
                for part in request.function.split("."):
                    target = getattr(target, part)
            import dspy

            with dspy.context(**session.settings):
                return target(*args, **kwargs)

        return self.reply(session, compute)

    def builtin(self, session, name, args, kwargs):
        """Helpers the Node facade needs in one round trip."""
        if name == "configure":
            session.settings.update(kwargs)
            return None
        if name == "call_to_dict":
            import dspy

            target, call_kwargs = args
            with dspy.context(**session.settings):
                result = target(**call_kwargs)
            return result.toDict() if hasattr(result, "toDict") else result
        if name == "echo":
            return args[0] if args else None
        raise AttributeError(f"__bridge__ has no helper {name!r}")

    def GetAttr(self, request, context):
        self.check_token(context)
        session = self.session(request.session)
        return self.reply(session, lambda: getattr(self.get_ref(session, request.ref), request.name))

    def Release(self, request, context):
        self.check_token(context)
        with self.lock:
            session = self.sessions.get(request.session)
            objects = session.objects if session else {}
            released = sum(1 for ref in request.refs if objects.pop(ref, None) is not None)
        return self.messages.ReleaseReply(released=released)

    def Heartbeat(self, request, context):
        with self.lock:
            refs = sum(len(session.objects) for session in self.sessions.values())
            return self.messages.HeartbeatReply(
                pid=os.getpid(), sessions=len(self.sessions), refs=refs, active_calls=self.active
            )

    def EndSession(self, request, context):
        self.check_token(context)
        with self.lock:
            existed = self.sessions.pop(request.session, None) is not None
        return self.messages.EndSessionReply(existed=existed)


def watch_stdin():
    """The parent closed our stdin (it exited or dropped us): leave at once, no orphans."""
    while sys.stdin.buffer.read(65536):
        pass
    os._exit(0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--no-stdin-watch", action="store_true")
    options = parser.parse_args()

    # protos_and_services resolves the file against sys.path.
    sys.path.insert(0, os.path.dirname(os.path.normpath(PROTO)))
    messages, services = grpc.protos_and_services(os.path.basename(PROTO))
    options_list = [("grpc.max_send_message_length", MAX_MESSAGE), ("grpc.max_receive_message_length", MAX_MESSAGE)]
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=options.threads), options=options_list)
    services.add_WorkerServicer_to_server(Worker(messages), server)
    port = server.add_insecure_port(f"{options.host}:{options.port}")
    if port == 0:
        print(f"worker: cannot listen on {options.host}:{options.port}", file=sys.stderr, flush=True)
        sys.exit(1)
    server.start()
    # DSPy's import takes seconds; pay it before READY so a ready worker answers its first call
    # within ordinary call timeouts.
    import dspy  # noqa: F401

    if not options.no_stdin_watch:
        threading.Thread(target=watch_stdin, daemon=True).start()
    print(f"READY {port}", flush=True)
    server.wait_for_termination()


if __name__ == "__main__":
    main()
