"""The one-line status bar: which corpus, how many articles, and analysis progress."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import ProgressBar, Static

__all__ = ["StatusBar"]


class StatusBar(Horizontal):
    """Corpus facts on the left; a progress bar while articles are being analysed."""

    def compose(self) -> ComposeResult:
        yield Static("", id="status-text", markup=False)

    def set_text(self, content: Content) -> None:
        self.query_one("#status-text", Static).update(content)

    def set_progress(self, done: int, total: int) -> None:
        """Show ``done`` of ``total``; the bar hides itself when loading is over.

        The bar only appears with the first count: an indeterminate bar animates
        on every frame, and that drawing slowed a warm start's loading thread
        (which shares the GIL with it) by half. It is only mounted then, too:
        a warm start never shows it, and its widgets cost start-up time.
        """
        bars = self.query(ProgressBar)
        if bars:
            bar = bars.first()
        else:
            bar = ProgressBar(id="progress", show_eta=False, show_percentage=True)
            self.mount(bar)
        bar.update(total=max(total, 1), progress=done)
        self.set_class(done < total, "-loading")

    def loading_finished(self) -> None:
        self.set_class(False, "-loading")
