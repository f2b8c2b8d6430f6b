"""Background work: one way to report a failed worker, and load progress without a flood.

Every node that starts workers mixes in :class:`ReportsWorkerErrors`, so a
failure anywhere (a corpus that cannot be read, a search that raised) becomes
one clear notification, never a traceback or a dead app. Workers are started
with ``exit_on_error=False`` so the app survives them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual.worker import Worker, WorkerState

from store.model import Article, SkippedFile
from tui.safe import line

if TYPE_CHECKING:
    from store.corpus import LoadProgress

__all__ = ["LoadBatch", "ProgressRelay", "ReportsWorkerErrors", "describe_error"]


def describe_error(error: BaseException | None) -> str:
    """One line for a person: the error's message, or its type when it has none."""
    if error is None:
        return "unknown error"
    text = line(str(error))
    return text or type(error).__name__


class ReportsWorkerErrors:
    """Mixin for an App or Screen: show a failed worker as a notification."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is not WorkerState.ERROR:
            return
        worker = event.worker
        what = line(worker.name or "background work")
        message = f"{what[:1].upper()}{what[1:]} failed: {describe_error(worker.error)}"
        worker.node.app.notify(message, title="Error", severity="error", timeout=15, markup=False)
        handler = getattr(self, "worker_failed", None)
        if callable(handler):
            handler(worker)


@dataclass
class LoadBatch:
    """Articles ready (and files skipped) since the last batch, and where loading is."""

    done: int
    total: int
    articles: list[Article] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    stage: str = ""  # what loading is busy with, when no article is coming for a while


class ProgressRelay:
    """Turns ``load_corpus``'s per-file callback into a few batches per second.

    Called in the loading thread; ``send`` must be thread-safe (``post_message``
    is). The first article goes out at once (the list shows something while
    the rest are analysed); then a batch goes out when ``interval`` seconds
    have passed since the last one, and always for the last file.
    """

    def __init__(
        self,
        send: Callable[[LoadBatch], object],
        interval: float = 0.05,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._send = send
        self._interval = interval
        self._clock = clock
        self._last = clock()
        self._batch = LoadBatch(0, 0)
        self._sent_article = False

    def __call__(self, progress: LoadProgress) -> None:
        batch = self._batch
        batch.done, batch.total = progress.done, progress.total
        if progress.article is not None:
            batch.articles.append(progress.article)
        if progress.skipped is not None:
            batch.skipped.append(progress.skipped)
        if progress.stage:
            batch.stage = progress.stage
        now = self._clock()
        first = batch.articles and not self._sent_article
        if (
            first
            or progress.stage
            or now - self._last >= self._interval
            or (progress.done >= progress.total)
        ):
            self._sent_article = self._sent_article or bool(batch.articles)
            self.flush()
            self._last = now

    def flush(self) -> None:
        """Send what has gathered (if anything)."""
        batch = self._batch
        if batch.articles or batch.skipped or batch.done or batch.stage:
            self._send(batch)
        self._batch = LoadBatch(batch.done, batch.total)
