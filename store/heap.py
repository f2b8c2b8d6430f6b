"""Keep CPython's cycle collector off objects that live as long as the process.

The collector runs after every few hundred new container objects, and now and
then walks every container alive. A warm start at 10,000 articles builds a few
hundred thousand of them in half a second: the collections that set off took
a quarter of the load alone and a third of it beside the app's first frame,
and each later full collection (the last one at exit) walked the corpus again.
Modules, classes and a loaded corpus stay until the process ends, so
they are built with the collector paused and then moved to its permanent
generation (`gc.freeze`), which no collection walks.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

__all__ = ["collector_paused", "process_lifetime"]

_lock = threading.Lock()
_depth = 0
_was_enabled = True
_freeze = False


def process_lifetime() -> contextlib.AbstractContextManager[None]:
    """Build what the process keeps to its end, with the cycle collector paused.

    On the way out everything alive is frozen, so only for a process's own
    lifetime objects: a reference cycle that is already garbage then is never
    collected. Nested and concurrent uses share one pause; the last to leave
    freezes and restores the collector as it was.
    """
    return _paused(freeze=True)


def collector_paused() -> contextlib.AbstractContextManager[None]:
    """Pause the cycle collector over work that allocates much and makes no garbage cycles.

    Finding mentions builds millions of short-lived objects (tokens, words,
    phrases) beside the articles a load keeps; the collections they set off
    cost about a tenth of the ingest's own thread (1,000 articles, three
    alternating pairs) and found almost nothing (35 unreachable objects after
    300 articles). Nothing is frozen: the
    collector resumes as it was, shared with `process_lifetime` like its own
    nesting.
    """
    return _paused(freeze=False)


@contextlib.contextmanager
def _paused(*, freeze: bool) -> Iterator[None]:
    global _depth, _was_enabled, _freeze
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            _freeze = False
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _freeze = _freeze or freeze
            _depth -= 1
            if _depth == 0:
                if _freeze:
                    gc.freeze()
                if _was_enabled:
                    gc.enable()
