"""A DSPy bridge worker: serves proto/bridge.proto over gRPC on 127.0.0.1 (or --host).

    .venv-bridge/bin/python scripts/bridge/worker.py --port 0 [--host 127.0.0.1] [--threads 32]

Prints "READY <port>" on stdout once it listens. Exits when stdin closes, so a worker never
outlives the Node process that spawned it (workers started by hand for `remote:` use
--no-stdin-watch). The proto is loaded at runtime with grpc.protos_and_services (grpcio-tools is
in the lock), so the .proto file is the only definition of the protocol. RPCs other than
Heartbeat need the metadata "x-bridge-token" equal to $DSPY_BRIDGE_TOKEN when that variable is
set: anything that can reach the port can run Python here, so the token keeps others out.

Sessions own their objects: a ref id is only meaningful inside its session, and ending the session
drops every object it holds. Each call runs inside dspy.context(**session settings) rather than
dspy.configure, because DSPy only lets the thread that first configured it call configure again,
and calls run on a thread pool.
"""

import argparse
import asyncio
import contextvars
import importlib
import json
import os
import queue
import sys
import threading
import traceback
from concurrent import futures

import grpc

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bridge_values import Store  # noqa: E402
from host_callbacks import HostFunction, decode_reply, make_host_lm, serve_callbacks  # noqa: E402

PROTO = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "proto", "bridge.proto")
MAX_MESSAGE = 64 * 1024 * 1024


def python_error(messages, error):
    cls = type(error)
    name = cls.__qualname__ if cls.__module__ == "builtins" else f"{cls.__module__}.{cls.__qualname__}"
    return messages.PythonError(type=name, message=str(error), traceback=traceback.format_exc())


def iterate(result):
    """Items of a sync or async iterator. An async one (dspy.streamify returns async generators
    that hold anyio task groups, which must stay in one task) runs to completion in one event loop
    on its own thread, in a copy of the caller's context (so dspy.context settings apply),
    handing items over through a queue; closing this generator stops it at the next item."""
    if not hasattr(result, "__aiter__"):
        yield from iter(result)
        return
    items = queue.Queue()
    stop = threading.Event()

    async def consume():
        try:
            async for item in result:
                if stop.is_set():
                    break
                items.put(("item", item))
        except BaseException as error:  # handed to the consumer, which raises it
            items.put(("error", error))
            return
        items.put(("done", None))

    context = contextvars.copy_context()
    threading.Thread(target=context.run, args=(asyncio.run, consume()), daemon=True).start()
    try:
        while True:
            kind, value = items.get()
            if kind == "item":
                yield value
            elif kind == "error":
                raise value
            else:
                return
    finally:
        stop.set()


class Worker:
    def __init__(self, messages):
        self.messages = messages
        self.store = Store()
        self.lock = threading.Lock()
        self.channels = {}
        self.active = 0
        self.token = os.environ.get("DSPY_BRIDGE_TOKEN", "")

    def check_token(self, context):
        if self.token and dict(context.invocation_metadata()).get("x-bridge-token") != self.token:
            context.abort(grpc.StatusCode.UNAUTHENTICATED, "bad or missing x-bridge-token")

    def encode(self, session, value):
        blobs = []
        value_json = json.dumps(self.store.to_wire(session, value, blobs), allow_nan=False)
        return self.messages.Reply(value_json=value_json, blobs=blobs)

    def track(self, delta):
        with self.lock:
            self.active += delta

    def prepare(self, request, session):
        """The callable and arguments of a CallRequest."""
        blobs = list(request.blobs)
        args = self.store.from_wire(session, json.loads(request.args_json or "[]"), blobs)
        kwargs = self.store.from_wire(session, json.loads(request.kwargs_json or "{}"), blobs)
        if request.module == "__bridge__":
            return (lambda: self.builtin(session, request.function, args, kwargs)), False
        if request.ref:
            target = self.store.get_ref(session, request.ref)
            if request.method:
                target = getattr(target, request.method)
        else:
            target = importlib.import_module(request.module)
            for part in request.function.split("."):
                target = getattr(target, part)
        return (lambda: target(*args, **kwargs)), True

    def run(self, session, thunk, in_context):
        if not in_context:
            return thunk()
        import dspy

        with dspy.context(**session.settings):
            return thunk()

    # --- RPCs --------------------------------------------------------------------------------
    def Call(self, request, context):
        self.check_token(context)
        session = self.store.session(request.session)
        self.track(1)
        try:
            thunk, in_context = self.prepare(request, session)
            return self.encode(session, self.run(session, thunk, in_context))
        except Exception as error:  # every Python failure goes back to the caller, typed
            return self.messages.Reply(error=python_error(self.messages, error))
        finally:
            self.track(-1)

    def CallStream(self, request, context):
        self.check_token(context)
        session = self.store.session(request.session)
        self.track(1)
        try:
            thunk, in_context = self.prepare(request, session)
            import dspy

            with dspy.context(**(session.settings if in_context else {})):
                for item in iterate(thunk()):
                    if not context.is_active():
                        return
                    yield self.encode(session, item)
        except Exception as error:
            yield self.messages.Reply(error=python_error(self.messages, error))
        finally:
            self.track(-1)

    def builtin(self, session, name, args, kwargs):
        """Helpers the Node side needs in one round trip."""
        import dspy

        if name == "configure":
            session.settings.update(kwargs)
            return None
        if name == "call_to_dict":
            target, call_kwargs = args
            with dspy.context(**session.settings):
                result = target(**call_kwargs)
            return result.toDict() if hasattr(result, "toDict") else result
        if name == "host_function":
            return HostFunction(self, kwargs["host"], session.name, kwargs["name"], kwargs.get("timeout"))
        if name == "host_tool":
            function = HostFunction(self, kwargs["host"], session.name, kwargs["name"], kwargs.get("timeout"))
            return dspy.Tool(function, name=kwargs["name"], desc=kwargs.get("desc"), args=kwargs.get("args") or {})
        if name == "host_lm":
            function = HostFunction(self, kwargs["host"], session.name, kwargs["name"], kwargs.get("timeout"))
            return make_host_lm(function, kwargs.get("model") or f"host/{kwargs['name']}")
        if name == "echo":
            return args[0] if args else None
        raise AttributeError(f"__bridge__ has no helper {name!r}")

    def call_host(self, host, session_name, name, args, kwargs, timeout=None):
        """Runs host function `name` on `host` (blocking this thread) and returns its value."""
        from host_callbacks import HostCallbackError

        with self.lock:
            channel = self.channels.get(host)
        if channel is None:
            raise HostCallbackError(f"host {host} has no callback stream open on this worker")
        session = self.store.session(session_name)
        blobs = []
        args_json = json.dumps(self.store.to_wire(session, args, blobs, for_host=True), allow_nan=False)
        kwargs_json = json.dumps(self.store.to_wire(session, kwargs, blobs, for_host=True), allow_nan=False)
        reply = channel.request(
            self.messages.CallbackRequest,
            timeout=timeout,
            session=session_name,
            name=name,
            args_json=args_json,
            kwargs_json=kwargs_json,
            blobs=blobs,
        )
        return decode_reply(self, session, reply)

    def Callbacks(self, request_iterator, context):
        self.check_token(context)
        yield from serve_callbacks(self, request_iterator, context)

    def GetAttr(self, request, context):
        self.check_token(context)
        session = self.store.session(request.session)
        try:
            return self.encode(session, getattr(self.store.get_ref(session, request.ref), request.name))
        except Exception as error:
            return self.messages.Reply(error=python_error(self.messages, error))

    def Release(self, request, context):
        self.check_token(context)
        return self.messages.ReleaseReply(released=self.store.release(request.session, request.refs))

    def Heartbeat(self, request, context):
        sessions, refs = self.store.counts()
        return self.messages.HeartbeatReply(pid=os.getpid(), sessions=sessions, refs=refs, active_calls=self.active)

    def EndSession(self, request, context):
        self.check_token(context)
        return self.messages.EndSessionReply(existed=self.store.end(request.session))


def watch_stdin():
    """The parent closed our stdin (it exited or dropped us): leave at once, no orphans."""
    while sys.stdin.buffer.read(65536):
        pass
    os._exit(0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--threads", type=int, default=32)
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
