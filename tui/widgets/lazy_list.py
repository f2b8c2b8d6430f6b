"""A keyboard-and-mouse list that draws only the rows on screen.

Thousands of articles, or tens of thousands of mentions of a common entity,
must not cost a widget, or even a rendered line, each: subclasses say how
many rows there are and draw one row on demand (``render_row``), so filling,
sorting and filtering cost a list assignment and the screen draws ~40 rows.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.safe import fit

__all__ = ["LazyList"]


class LazyList(ScrollView, can_focus=True):
    """Rows drawn on demand, a cursor, an optional fixed header line.

    Subclasses set ``ROW_HEIGHT``/``HEADER_LINES`` and implement
    :meth:`render_row` (and :meth:`render_header`).
    """

    DEFAULT_CSS = """
    LazyList {
        scrollbar-gutter: stable;
        overflow-x: hidden;
        overflow-y: auto;
        background: $surface;
    }
    LazyList > .lazy-list--cursor {
        background: $block-cursor-blurred-background;
    }
    LazyList:focus > .lazy-list--cursor {
        background: #003f9f;  /* white on blue, also in 16 colours (ANSI blue) */
        color: #ffffff;
        text-style: bold;
    }
    App.-light-mode LazyList:focus > .lazy-list--cursor {
        background: #b3d4ff;
        color: #000000;
    }
    LazyList:nocolor > .lazy-list--cursor {
        text-style: reverse;
    }
    LazyList > .lazy-list--header {
        color: $text-muted;
        text-style: bold underline;
    }
    LazyList > .lazy-list--dim {
        color: $text-muted;
    }
    LazyList > .lazy-list--hit {
        color: $text-warning;
        text-style: bold reverse;
    }
    LazyList > .lazy-list--empty {
        color: $text-muted;
        text-style: italic;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "lazy-list--cursor",
        "lazy-list--dim",
        "lazy-list--empty",
        "lazy-list--header",
        "lazy-list--hit",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("enter", "choose", "Open"),
    ]

    ROW_HEIGHT: ClassVar[int] = 1
    HEADER_LINES: ClassVar[int] = 0
    EMPTY_TEXT: ClassVar[str] = "(nothing here)"

    cursor: reactive[int] = reactive(0, init=False)
    """Index of the highlighted row."""

    class Highlighted(Message):
        """The cursor moved to row ``index``."""

        def __init__(self, lazy_list: LazyList, index: int) -> None:
            super().__init__()
            self.lazy_list = lazy_list
            self.index = index

        @property
        def control(self) -> LazyList:
            return self.lazy_list

    class Chosen(Message):
        """Row ``index`` was chosen (Enter or a click)."""

        def __init__(self, lazy_list: LazyList, index: int) -> None:
            super().__init__()
            self.lazy_list = lazy_list
            self.index = index

        @property
        def control(self) -> LazyList:
            return self.lazy_list

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._count = 0
        self.empty_text = self.EMPTY_TEXT

    # -- rows -----------------------------------------------------------------

    @property
    def row_height(self) -> int:
        """Lines per row (subclasses may vary it with the width)."""
        return self.ROW_HEIGHT

    def _sync_virtual_size(self) -> None:
        self.virtual_size = Size(0, self.HEADER_LINES + max(self._count, 1) * self.row_height)

    @property
    def count(self) -> int:
        """How many rows the list has."""
        return self._count

    def set_count(self, count: int, cursor: int | None = None) -> None:
        """Say the rows changed: there are ``count`` now; put the cursor at ``cursor``."""
        self._count = count
        self._sync_virtual_size()
        target = self.cursor if cursor is None else cursor
        target = min(max(target, 0), max(count - 1, 0))
        if target != self.cursor:
            self.cursor = target
        else:
            self._scroll_to_cursor()
        self.refresh()

    def render_row(self, index: int, line: int, width: int) -> list[Segment]:
        """Segments for line ``line`` of row ``index`` (no cursor styling), ``width`` cells wide."""
        raise NotImplementedError

    def render_header(self, width: int) -> list[Segment]:
        """Segments for the fixed header line."""
        return []

    # -- drawing --------------------------------------------------------------

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"lazy-list--{name}", partial=True)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y < self.HEADER_LINES:
            header = self._style("header")
            segments = [
                Segment(text, base + (style or Style()) + header)
                for text, style, _ in self.render_header(width)
            ]
            return Strip(segments).adjust_cell_length(width, base)
        line_number = self.scroll_offset.y + y - self.HEADER_LINES
        index, line = divmod(line_number, self.row_height)
        if self._count == 0:
            if line_number == 0:
                text = fit(self.empty_text, width)
                return Strip([Segment(text, base + self._style("empty"))], width)
            return Strip.blank(width, base)
        if index >= self._count:
            return Strip.blank(width, base)
        overlay = self._style("cursor") if index == self.cursor else Style()
        segments = [
            Segment(text, base + (style or Style()) + overlay)
            for text, style, _ in self.render_row(index, line, width)
        ]
        return Strip(segments).adjust_cell_length(width, base + overlay)

    # -- cursor ---------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return min(max(value, 0), max(self._count - 1, 0))

    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_to_cursor()
        self.refresh()
        if self._count:
            self.post_message(self.Highlighted(self, new))

    @property
    def _page_rows(self) -> int:
        height = self.scrollable_content_region.height - self.HEADER_LINES
        return max(height // self.row_height, 1)

    def _scroll_to_cursor(self) -> None:
        height = self.scrollable_content_region.height - self.HEADER_LINES
        if height <= 0:
            return
        top = self.cursor * self.row_height
        bottom = top + self.row_height
        scroll_y = self.scroll_offset.y
        if top < scroll_y:
            self.scroll_to(y=top, animate=False)
        elif bottom > scroll_y + height:
            self.scroll_to(y=bottom - height, animate=False)

    def on_resize(self, event: events.Resize) -> None:
        self._sync_virtual_size()
        self._scroll_to_cursor()

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_page_up(self) -> None:
        self.cursor -= max(self._page_rows - 1, 1)

    def action_page_down(self) -> None:
        self.cursor += max(self._page_rows - 1, 1)

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = self._count - 1

    def action_choose(self) -> None:
        if self._count:
            self.post_message(self.Chosen(self, self.cursor))

    # -- mouse ----------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y < self.HEADER_LINES:
            self.header_clicked(offset.x)
            return
        index = (self.scroll_offset.y + offset.y - self.HEADER_LINES) // self.row_height
        if 0 <= index < self._count:
            self.focus()
            self.cursor = index
            self.post_message(self.Chosen(self, index))

    def header_clicked(self, x: int) -> None:
        """The header line was clicked at cell ``x`` (subclasses sort, for example)."""
