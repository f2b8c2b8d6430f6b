"""The search screen (``/``): type, see hits with context as you type, Enter jumps to one.

Each keystroke starts a search in a thread worker (exclusive: a newer query
cancels the older one's result); results come back as a message and are only
shown if they are still for what is in the box.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.segment import Segment
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from store.model import Article
from store.search import SearchHit, SearchIndex, SearchResult
from tui.context import context_window
from tui.safe import fit, line, template
from tui.typeahead import TypeAhead
from tui.widgets.lazy_list import LazyList
from tui.wording import counted, noun
from tui.workers import ReportsWorkerErrors

__all__ = ["SearchResults", "SearchScreen"]

ArticleLookup = Callable[[str], Article | None]


class SearchResults(LazyList):
    """Hits, two lines each: the article (outlet, title), then the hit in its context."""

    ROW_HEIGHT: ClassVar[int] = 2
    EMPTY_TEXT: ClassVar[str] = "(type to search titles and bodies)"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "choose", "Go to hit")]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.hits: tuple[SearchHit, ...] = ()
        self._lookup: ArticleLookup = lambda article_id: None

    def set_hits(self, hits: tuple[SearchHit, ...], lookup: ArticleLookup) -> None:
        self.hits = hits
        self._lookup = lookup
        self.set_count(len(hits), 0)

    def render_row(self, index: int, line_number: int, width: int) -> list[Segment]:
        hit = self.hits[index]
        article = self._lookup(hit.article)
        if article is None:
            return [Segment(fit(hit.article, width))]
        if line_number == 0:
            outlet = line(article.outlet or "")
            where = "title" if hit.field == "title" else ""
            head = " · ".join(part for part in (outlet, line(article.title), where) if part)
            return [Segment(fit(head, width), self._style("dim"))]
        text = article.title if hit.field == "title" else article.body
        before, match, after = context_window(text, hit.start, hit.end, width - 2)
        return [Segment("  " + before), Segment(match, self._style("hit")), Segment(after)]


class SearchScreen(ReportsWorkerErrors, TypeAhead, ModalScreen[SearchHit | None]):
    """Particle-aware search over the corpus; dismisses with the chosen hit."""

    TYPE_AHEAD_INTO = "#search-input"
    BINDINGS: ClassVar[list[BindingType]] = [
        # As the key is read, so that keys read with it go to the screen below
        # (`tui.typeahead`).
        Binding("escape", "cancel", "Close search", priority=True),
        Binding("down", "to_results", "To results", show=False),
    ]

    class ResultsReady(Message):
        """A search finished (in a worker)."""

        def __init__(self, result: SearchResult) -> None:
            super().__init__()
            self.result = result

    def __init__(
        self,
        index: Callable[[], SearchIndex],
        lookup: ArticleLookup,
        query: str = "",
        *,
        loading: int | None = None,
    ) -> None:
        """``loading``: the corpus is still loading and only this many articles are searched."""
        super().__init__()
        self._index = index
        self._lookup = lookup
        self._loading = loading
        self._initial = query
        self.last_query = query
        self.result: SearchResult | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box"):
            yield Input(
                value=self._initial,
                placeholder="search titles and bodies (연구원은 finds 연구원과 too)",
                id="search-input",
            )
            yield Static("", id="search-summary", markup=False)
            yield SearchResults(id="search-results")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        # Even with nothing typed yet: the first search of a session builds the index.
        self.run_search(self._initial)

    @property
    def query_text(self) -> str:
        return self.query_one(Input).value

    @on(Input.Changed, "#search-input")
    def _query_changed(self, event: Input.Changed) -> None:
        self.last_query = event.value
        self.run_search(event.value)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False, name="search")
    def run_search(self, query: str) -> None:
        """Search in a thread; the result comes back as :class:`ResultsReady`."""
        result = self._index().search(query)
        self.post_message(self.ResultsReady(result))

    def on_search_screen_results_ready(self, event: ResultsReady) -> None:
        if event.result.query != self.query_text:
            return  # a newer query is on its way
        self.result = event.result
        self.query_one(SearchResults).set_hits(event.result.hits, self._lookup)
        summary = self.query_one("#search-summary", Static)
        if not line(event.result.query):
            found = Content("")
        elif not event.result.hits:
            found = template("[dim]no match for[/dim] $query", query=event.result.query)
        else:
            more = "+" if event.result.truncated else ""
            found = template(
                "[b]$hits$more[/b] [dim]$hit_noun in[/dim] [b]$articles[/b] [dim]$article_noun"
                " · Enter opens the first · Down to choose[/dim]",
                hits=f"{len(event.result.hits):,}",
                more=more,
                hit_noun=noun(len(event.result.hits), "hit"),
                articles=f"{event.result.articles:,}",
                article_noun=noun(event.result.articles, "article"),
            )
        if self._loading is not None:  # first, so that a narrow screen still shows it
            found = (
                template(
                    "[b $text-warning]still loading:[/] [dim]searched the $count ready ·[/dim] ",
                    count=counted(self._loading, "article"),
                )
                + found
            )
        summary.update(found)

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        results = self.query_one(SearchResults)
        if results.hits:
            self.dismiss(results.hits[results.cursor])

    def action_to_results(self) -> None:
        results = self.query_one(SearchResults)
        if results.count:
            # At once, not after a refresh as `focus()` does: in "Down Down Enter" read
            # together, the second Down and the Enter are then the results' keys.
            self.set_focus(results)

    @on(LazyList.Chosen, "#search-results")
    def _chosen(self, event: LazyList.Chosen) -> None:
        event.stop()
        self.dismiss(self.query_one(SearchResults).hits[event.index])

    def action_cancel(self) -> None:
        self.dismiss(None)
