"""Host functions: TypeScript callbacks (a metric, a tool, an LM) that Python code calls.

The host opens one Callbacks stream per worker and says hello with its host id. A HostFunction
names (host, session, name); calling it sends a CallbackRequest down that host's stream and
blocks the calling thread until the CallbackReply arrives (other calls keep running on the
worker's other threads). A closed stream fails every waiting call with HostCallbackError.
"""

import itertools
import json
import queue
import threading
import warnings
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from types import SimpleNamespace


class HostCallbackError(RuntimeError):
    """The host function failed (its error message and stack), or the host is gone."""


class HostChannel:
    """One host's Callbacks stream: an outbox of requests and the futures awaiting replies."""

    def __init__(self, host):
        self.host = host
        self.outbox = queue.Queue()
        self.pending = {}
        self.lock = threading.Lock()
        self.ids = itertools.count(1)
        self.closed = None

    def request(self, message_factory, timeout=None, **fields):
        future = Future()
        with self.lock:
            if self.closed:
                raise HostCallbackError(f"host {self.host} is not connected: {self.closed}")
            call_id = next(self.ids)
            self.pending[call_id] = future
        self.outbox.put(message_factory(id=call_id, **fields))
        try:
            return future.result(timeout=timeout)
        except FutureTimeout:
            with self.lock:
                self.pending.pop(call_id, None)
            raise HostCallbackError(f"host function {fields.get('name')!r} did not answer within {timeout} s") from None

    def resolve(self, reply):
        with self.lock:
            future = self.pending.pop(reply.id, None)
        if future is not None:
            future.set_result(reply)

    def close(self, reason):
        with self.lock:
            if self.closed:
                return
            self.closed = reason
            pending, self.pending = self.pending, {}
        for future in pending.values():
            future.set_exception(HostCallbackError(f"host {self.host} disconnected: {reason}"))
        self.outbox.put(None)


class HostFunction:
    """A callable standing for the host function `name` of `session` on host `host`."""

    def __init__(self, worker, host, session, name, timeout=None):
        self.worker = worker
        self.timeout = timeout
        self.host = host
        self.session = session
        self.name = name
        self.__name__ = name

    def __call__(self, *args, **kwargs):
        return self.worker.call_host(self.host, self.session, self.name, list(args), kwargs, self.timeout)

    def __repr__(self):
        return f"HostFunction({self.name!r})"


def make_host_lm(function, model):
    """A dspy.BaseLM whose completions come from a host function: forward(messages, kwargs) asks
    the host for one text (or a list of texts, one per choice) and wraps it OpenAI-style."""
    import dspy

    class HostLM(dspy.BaseLM):
        def __init__(self):
            super().__init__(model=model, model_type="chat", temperature=0.0, max_tokens=1000, cache=False)
            self.function = function

        def forward(self, prompt=None, messages=None, **kwargs):
            messages = messages if messages is not None else [{"role": "user", "content": prompt}]
            texts = self.function(messages, kwargs)
            texts = [texts] if isinstance(texts, str) else list(texts)
            choices = [
                SimpleNamespace(
                    index=i, finish_reason="stop", message=SimpleNamespace(role="assistant", content=t, tool_calls=None)
                )
                for i, t in enumerate(texts)
            ]
            usage = {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}
            return SimpleNamespace(choices=choices, usage=usage, model=model)

    # BaseLM.forward subclasses are deprecated in 3.4 but supported through it; the bridge pins 3.4.1.
    warnings.filterwarnings("ignore", message="Implementing custom LMs through BaseLM", category=DeprecationWarning)
    return HostLM()


def serve_callbacks(worker, request_iterator, context):
    """The Callbacks RPC: register the host's channel, feed replies from a reader thread, and
    stream requests from the outbox until either side closes."""
    first = next(request_iterator, None)
    if first is None or not first.hello:
        return
    channel = HostChannel(first.hello)
    with worker.lock:
        previous = worker.channels.get(channel.host)
        worker.channels[channel.host] = channel
    if previous is not None:
        previous.close("replaced by a new stream")
    context.add_callback(lambda: channel.close("stream cancelled"))

    def read():
        try:
            for message in request_iterator:
                if message.HasField("reply"):
                    channel.resolve(message.reply)
            channel.close("host closed the stream")
        except Exception as error:  # the stream broke: nobody will answer the pending calls
            channel.close(f"stream failed ({error})")

    threading.Thread(target=read, daemon=True).start()
    while True:
        message = channel.outbox.get()
        if message is None:
            break
        yield message
    with worker.lock:
        if worker.channels.get(channel.host) is channel:
            del worker.channels[channel.host]


def decode_reply(worker, session, reply):
    if reply.error:
        raise HostCallbackError(reply.error)
    if not reply.value_json:
        return None
    return worker.store.from_wire(session, json.loads(reply.value_json), list(reply.blobs))
