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

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["process_lifetime"]

_lock = threading.Lock()
_depth = 0
_was_enabled = True


@contextmanager
def process_lifetime() -> Iterator[None]:
    """Build what the process keeps to its end, with the cycle collector paused.

    On the way out everything alive is frozen, so only for a process's own
    lifetime objects: a reference cycle that is already garbage then is never
    collected. Nested and concurrent uses share one pause; the last to leave
    freezes and restores the collector as it was.
    """
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                gc.freeze()
                if _was_enabled:
                    gc.enable()
