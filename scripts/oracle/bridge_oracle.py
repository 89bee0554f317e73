"""The oracle's Python side as functions a bridge worker calls (scripts/oracle/run-bridge.ts):
the same `run_case` as run_py.py, in a long-lived real DSPy 3.4.1 worker instead of a process
per case file. The worker runs with PYTHONHASHSEED=0 and this folder on PYTHONPATH."""

import contextlib
import sys
import threading

import dspy

import run_py

_setup_lock = threading.Lock()
_ready = False


def _setup():
    # run_py.main's settings, once per worker: no LM cache, Evaluate's default of one thread.
    global _ready
    with _setup_lock:
        if not _ready:
            dspy.configure_cache(enable_disk_cache=False, enable_memory_cache=False)
            dspy.configure(num_threads=1)
            _ready = True


def run_cases(cases):
    """Results of `run_py.run_case` for each case, in order; DSPy's prints go to stderr."""
    _setup()
    with contextlib.redirect_stdout(sys.stderr):
        return [run_py.run_case(case) for case in cases]
