"""The article list: date, outlet, title (with 'also in' and 'empty' marks), tags, notes.

Columns are fitted to the pane's width in cells on every draw, so the list
reflows on resize without rebuilding anything. Clicking a column heading
sorts by it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.message import Message

from tui.listing import ArticleRow
from tui.safe import fit
from tui.widgets.lazy_list import LazyList
from tui.wording import counted

__all__ = ["ArticleTable"]

GAP = " "


@dataclass(frozen=True, slots=True)
class _Columns:
    date: int
    outlet: int
    title: int
    tags: int
    notes: int


TWO_LINES_BELOW = 72  # cells: narrower lists put the title on a line of its own


def _columns(width: int) -> _Columns:
    """Column widths for ``width`` cells: the title gets what the others leave."""
    date = 10 if width >= 48 else 0
    outlet = 10 if width >= 36 else 0
    tags = 14 if width >= 96 else 0
    notes = 5
    fixed = sum(1 + w for w in (date, outlet, tags) if w) + 1 + notes
    return _Columns(date, outlet, max(width - fixed, 8), tags, notes)


class ArticleTable(LazyList):
    """The list of articles (one row per story), drawn row by row on demand."""

    HEADER_LINES: ClassVar[int] = 1
    EMPTY_TEXT: ClassVar[str] = "(no articles)"
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-table--empty-article",
        "article-table--also",
        "article-table--tags",
    }
    DEFAULT_CSS = """
    ArticleTable > .article-table--empty-article {
        color: $text-muted;
        text-style: italic;
    }
    ArticleTable > .article-table--also {
        color: $text-muted;
    }
    ArticleTable > .article-table--tags {
        color: $text-accent;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Open"),
        # The screen's keys that matter here, so the footer shows them in this pane.
        Binding("s", "screen.cycle_sort", "Sort"),
        # A priority binding like the screen's (`tui.typeahead`): else the screen's
        # hidden one would take its place in the footer.
        Binding("f", "screen.filter", "Filter", priority=True),
        Binding("m", "screen.my_notes", "My notes"),
    ]

    class ArticleChosen(Message):
        """The user opened an article from the list."""

        def __init__(self, article_id: str) -> None:
            super().__init__()
            self.article_id = article_id

    class ArticleHighlighted(Message):
        """The list's cursor is on an article."""

        def __init__(self, article_id: str) -> None:
            super().__init__()
            self.article_id = article_id

    class SortRequested(Message):
        """A column heading (``date`` or ``outlet``) was clicked."""

        def __init__(self, column: str) -> None:
            super().__init__()
            self.column = column

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._rows: list[ArticleRow] = []

    @property
    def rows(self) -> Sequence[ArticleRow]:
        return self._rows

    @property
    def row_height(self) -> int:
        """One line per article on a wide list; title, then facts, on a narrow one."""
        width = self.scrollable_content_region.width
        return 2 if 0 < width < TWO_LINES_BELOW else 1

    @property
    def highlighted_id(self) -> str | None:
        return self._rows[self.cursor].id if self._rows else None

    def set_rows(self, rows: list[ArticleRow], keep: str | None = None) -> None:
        """Show ``rows``; keep the cursor on article ``keep`` (or put it on the first row)."""
        self._rows = rows
        index = next((i for i, row in enumerate(rows) if row.id == keep), 0)
        self.set_count(len(rows), index)

    def index_of(self, article_id: str) -> int | None:
        return next((i for i, row in enumerate(self._rows) if article_id in row.copies), None)

    def render_header(self, width: int) -> list[Segment]:
        if self.row_height == 2:
            return [Segment(fit("Title  (date · outlet)", width))]
        columns = _columns(width)
        parts = []
        if columns.date:
            parts.append(fit("Date", columns.date) + GAP)
        if columns.outlet:
            parts.append(fit("Outlet", columns.outlet) + GAP)
        parts.append(fit("Title", columns.title) + GAP)
        if columns.tags:
            parts.append(fit("Tags", columns.tags) + GAP)
        parts.append(fit("Notes", columns.notes))
        return [Segment("".join(parts))]

    def header_clicked(self, x: int) -> None:
        if self.row_height == 2:
            return
        columns = _columns(self.scrollable_content_region.width)
        start = 0
        if columns.date:
            if x < columns.date:
                self.post_message(self.SortRequested("date"))
                return
            start = columns.date + 1
        if columns.outlet and start <= x < start + columns.outlet:
            self.post_message(self.SortRequested("outlet"))

    def render_row(self, index: int, line: int, width: int) -> list[Segment]:
        row = self._rows[index]
        if self.row_height == 2:
            return self._two_line_row(row, line, width)
        columns = _columns(width)
        dim = self._style("dim")
        segments: list[Segment] = []
        if columns.date:
            segments.append(Segment(fit(row.date or "-", columns.date) + GAP, dim))
        if columns.outlet:
            segments.append(Segment(fit(row.outlet or "-", columns.outlet) + GAP))
        segments.extend(self._title(row, columns.title, with_tags=not columns.tags))
        segments.append(Segment(GAP))
        if columns.tags:
            tags = " ".join(f"#{tag}" for tag in row.tags)
            segments.append(Segment(fit(tags, columns.tags) + GAP, self._component("tags")))
        notes = str(row.notes) if row.notes else ""
        segments.append(Segment(notes.rjust(columns.notes - 1) + " "))
        return segments

    def _two_line_row(self, row: ArticleRow, line: int, width: int) -> list[Segment]:
        """Line 0: the title (with marks); line 1: date · outlet · tags · notes."""
        if line == 0:
            return self._title(row, width, with_also=False)
        facts = [row.date or "no date", row.outlet or "no outlet"]
        if row.also_in:
            facts.append(f"also in {', '.join(row.also_in)}")
        if row.tags:
            facts.append(" ".join(f"#{tag}" for tag in row.tags))
        if row.notes:
            facts.append(counted(row.notes, "note"))
        return [Segment(fit("  " + " · ".join(facts), width), self._style("dim"))]

    def _component(self, name: str) -> Style:
        return self.get_component_rich_style(f"article-table--{name}", partial=True)

    def _title(
        self, row: ArticleRow, width: int, *, with_also: bool = True, with_tags: bool = False
    ) -> list[Segment]:
        """The title cell: '(empty)' before an empty article; tags and 'also in' after it.

        Tags come here when there is no tags column. The notes after the title
        keep up to half the cell; the title is cut first.
        """
        prefix = "(empty) " if row.empty else ""
        tags = "  " + " ".join(f"#{tag}" for tag in row.tags) if row.tags and with_tags else ""
        also = f"  also in {', '.join(row.also_in)}" if row.also_in and with_also else ""
        room = width // 2
        tags = fit(tags, min(cell_len(tags), room)) if tags else ""
        also = fit(also, min(cell_len(also), room - cell_len(tags))) if also else ""
        title = fit(prefix + row.title, width - cell_len(tags) - cell_len(also))
        title_style = self._component("empty-article") if row.empty else Style()
        segments = [Segment(title, title_style)]
        if tags:
            segments.append(Segment(tags, self._component("tags")))
        if also:
            segments.append(Segment(also, self._component("also")))
        return segments

    def watch_cursor(self, old: int, new: int) -> None:
        super().watch_cursor(old, new)
        if self._rows:
            self.post_message(self.ArticleHighlighted(self._rows[new].id))

    def on_lazy_list_chosen(self, event: LazyList.Chosen) -> None:
        if event.lazy_list is self and self._rows:
            event.stop()
            self.post_message(self.ArticleChosen(self._rows[event.index].id))
