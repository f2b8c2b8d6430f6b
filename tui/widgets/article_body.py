"""The article body: laid out in cells by us, with its own caret and selection.

Textual's screen selection is mouse-only and ``TextArea`` cannot draw entity
highlights, so the body is a Line-API widget. :class:`~tui.body_layout.BodyLayout`
wraps paragraphs to the width in cells (Hangul is two cells wide) and maps
body offsets to (row, column) and back; :meth:`ArticleBody.render_line` draws
one row from offsets: entity styles, annotation marks, the jumped-to mark, the
selection and the caret. Everything the rest of the app (and the notes UI to
come) needs is in body offsets: :attr:`ArticleBody.caret`,
:attr:`ArticleBody.selection`, :meth:`ArticleBody.scroll_to_offset`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.actions import SkipAction
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from store.model import Article, Mention
from tui import motions
from tui.body_layout import BodyLayout, Row
from tui.entity_style import ENTITY_COMPONENT_CLASSES, component_class, entity_css
from tui.safe import fit

__all__ = ["OTHER", "OWN", "ArticleBody"]

Span = tuple[int, int]
OWN = 1  # annotation bits: the user's note, another user's note
OTHER = 2

_MOTION_KEYS: list[tuple[str, str, str, str]] = [
    # keys, extend-keys, motion, description
    ("left", "shift+left", "char_left", "Caret left one character"),
    ("right", "shift+right", "char_right", "Caret right one character"),
    ("up", "shift+up", "line_up", "Caret up one line"),
    ("down", "shift+down", "line_down", "Caret down one line"),
    ("ctrl+left,b", "ctrl+shift+left,B", "word_left", "Caret to previous word"),
    ("ctrl+right,w", "ctrl+shift+right,W", "word_right", "Caret to next word"),
    ("home", "shift+home", "line_start", "Caret to start of line"),
    ("end", "shift+end", "line_end", "Caret to end of line"),
    ("left_parenthesis", "", "sentence_left", "Caret to previous sentence"),
    ("right_parenthesis", "", "sentence_right", "Caret to next sentence"),
    (
        "left_curly_bracket,ctrl+up",
        "ctrl+shift+up",
        "paragraph_left",
        "Caret to previous paragraph",
    ),
    (
        "right_curly_bracket,ctrl+down",
        "ctrl+shift+down",
        "paragraph_right",
        "Caret to next paragraph",
    ),
    ("pageup", "shift+pageup", "page_up", "Caret up one page"),
    ("pagedown,space", "shift+pagedown", "page_down", "Caret down one page"),
    ("g,ctrl+home", "ctrl+shift+home", "body_start", "Caret to start of article"),
    ("G,ctrl+end", "ctrl+shift+end", "body_end", "Caret to end of article"),
]


def _motion_bindings() -> list[BindingType]:
    bindings: list[BindingType] = []
    for keys, extend_keys, motion, description in _MOTION_KEYS:
        bindings.append(Binding(keys, f"move('{motion}')", description, show=False))
        if extend_keys:
            bindings.append(
                Binding(
                    extend_keys,
                    f"move('{motion}', True)",
                    description.replace("Caret", "Extend selection", 1),
                    show=False,
                )
            )
    return bindings


class ArticleBody(ScrollView, can_focus=True):
    """The clean body of one article, with entity highlights, a caret and a selection."""

    ALLOW_SELECT = False  # our own selection, by keyboard and mouse
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *ENTITY_COMPONENT_CLASSES,
        "article-body--annotation",
        "article-body--annotation-other",
        "article-body--caret",
        "article-body--mark",
        "article-body--placeholder",
        "article-body--selection",
    }
    DEFAULT_CSS = """
    ArticleBody {
        scrollbar-gutter: stable;
        overflow-x: hidden;
        overflow-y: auto;
        padding: 0 1;
    }
    ArticleBody > .article-body--caret {
        text-style: reverse;
    }
    ArticleBody > .article-body--selection {
        background: #003f9f;  /* blue in 256 colours, ANSI blue in 16 */
    }
    App.-light-mode ArticleBody > .article-body--selection {
        background: #b3d4ff;
    }
    ArticleBody:nocolor > .article-body--selection {
        text-style: underline reverse;
    }
    ArticleBody > .article-body--mark {
        background: #5f5f00;
        text-style: bold;
    }
    App.-light-mode ArticleBody > .article-body--mark {
        background: #ffe082;
    }
    ArticleBody > .article-body--annotation {
        background: #5f005f;
    }
    App.-light-mode ArticleBody > .article-body--annotation {
        background: #f3d1f4;
    }
    ArticleBody:nocolor > .article-body--annotation {
        text-style: reverse;
    }
    ArticleBody > .article-body--annotation-other {
        background: #005f5f;
    }
    App.-light-mode ArticleBody > .article-body--annotation-other {
        background: #c8eef0;
    }
    ArticleBody:nocolor > .article-body--annotation-other {
        text-style: underline;
    }
    ArticleBody > .article-body--placeholder {
        color: $text-muted;
        text-style: italic;
    }
    """ + entity_css("ArticleBody")

    BINDINGS: ClassVar[list[BindingType]] = [
        *_motion_bindings(),
        Binding("v", "toggle_selecting", "Select"),
        Binding("y", "copy", "Copy selection", show=False),
        Binding("escape", "clear_selection", "Clear selection", show=False),
        Binding("enter", "activate", "Open the note or entity under the caret", show=False),
        # Notes: the screen does the work; bound here because they act on the caret.
        Binding("a", "screen.annotate", "Annotate"),
        Binding("e", "screen.open_note", "Open the note under the caret", show=False),
        Binding("d", "screen.delete_note", "Delete the note under the caret", show=False),
        # The screen's keys that matter here, so the footer shows them in this pane.
        Binding("n", "screen.step_mention(True)", "Next mention"),
        Binding("N", "screen.step_mention(False)", "Prev"),
        Binding("r", "screen.toggle_removed", "Removed"),
    ]

    class CaretMoved(Message):
        """The caret moved to ``offset`` (a body offset)."""

        def __init__(self, body: ArticleBody, offset: int) -> None:
            super().__init__()
            self.body = body
            self.offset = offset

        @property
        def control(self) -> ArticleBody:
            return self.body

    class SelectionChanged(Message):
        """The selection is now ``start:end`` of the body (empty when equal)."""

        def __init__(self, body: ArticleBody, start: int, end: int) -> None:
            super().__init__()
            self.body = body
            self.start = start
            self.end = end

        @property
        def control(self) -> ArticleBody:
            return self.body

    class MentionActivated(Message):
        """Enter was pressed with the caret on an entity mention."""

        def __init__(self, mention: Mention) -> None:
            super().__init__()
            self.mention = mention

    class AnnotationActivated(Message):
        """Enter was pressed with the caret on an annotated span (a note)."""

        def __init__(self, body: ArticleBody, offset: int) -> None:
            super().__init__()
            self.body = body
            self.offset = offset

        @property
        def control(self) -> ArticleBody:
            return self.body

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._article: Article | None = None
        self._mentions: tuple[Mention, ...] = ()
        self._annotations: tuple[Span, ...] = ()
        self._mark: Span | None = None
        self._caret = 0
        self._anchor: int | None = None
        self._selecting = False
        self._goal_column: int | None = None
        self._dragging = False
        self._pending_scroll: int | None = None
        self._layout = BodyLayout((), 80)
        self._entity_at: list[str | None] = []
        self._annotated = bytearray()
        self._sentences: list[int] = [0]
        self._paragraph_starts: list[int] = [0]
        self._styles: dict[tuple[object, ...], Style] = {}
        self.placeholder = "Choose an article from the list."

    # -- what is shown ----------------------------------------------------------

    @property
    def article(self) -> Article | None:
        return self._article

    @property
    def body_layout(self) -> BodyLayout:
        """The current layout (rows and offset maps), for the screen and tests."""
        return self._layout

    def show(
        self,
        article: Article | None,
        mentions: Sequence[Mention] = (),
        annotations: Iterable[Span] = (),
        *,
        caret: int = 0,
        mark: Span | None = None,
    ) -> None:
        """Show ``article`` with its mentions and annotated spans; caret at ``caret``."""
        self._article = article
        self._mentions = tuple(sorted(mentions, key=lambda m: (m.start, m.end)))
        paragraphs = article.paragraphs if article else ()
        self._sentences = motions.sentence_starts(paragraphs)
        self._paragraph_starts = motions.paragraph_starts(paragraphs) or [0]
        body_length = len(article.body) if article else 0
        self._entity_at = [None] * body_length
        for mention in self._mentions:
            name = component_class(mention.type)
            for index in range(max(mention.start, 0), min(mention.end, body_length)):
                self._entity_at[index] = name
        self._anchor = None
        self._selecting = False
        self._mark = mark
        self._caret = 0
        self._lay_out(paragraphs)
        self.set_annotations(annotations)
        self.scroll_to(y=0, animate=False)
        self.move_caret(caret)
        self.scroll_to_offset(mark[0] if mark else caret)

    def set_annotations(self, spans: Iterable[Span], others: Iterable[Span] = ()) -> None:
        """Mark annotated spans of the body: the user's notes, and others' (drawn differently)."""
        self._annotations = tuple(spans)
        self._annotated = bytearray(len(self._layout.body))
        for kind, group in ((OTHER, tuple(others)), (OWN, self._annotations)):
            for start, end in group:
                for index in range(max(start, 0), min(end, len(self._annotated))):
                    self._annotated[index] |= kind
        self.refresh()

    def annotation_at(self, offset: int) -> int:
        """What marks ``offset``: ``OWN`` and/or ``OTHER`` bits, 0 for none."""
        return self._annotated[offset] if 0 <= offset < len(self._annotated) else 0

    def set_mark(self, start: int, end: int) -> None:
        """Mark ``start:end`` (the mention or search hit the user jumped to)."""
        self._mark = (start, end)
        self.refresh()

    def clear_mark(self) -> None:
        self._mark = None
        self.refresh()

    @property
    def mark(self) -> Span | None:
        return self._mark

    def mention_at(self, offset: int) -> Mention | None:
        """The entity mention covering ``offset``, if any."""
        for mention in self._mentions:
            if mention.start <= offset < mention.end:
                return mention
            if mention.start > offset:
                break
        return None

    # -- caret and selection ----------------------------------------------------

    @property
    def caret(self) -> int:
        """The caret's body offset (0..len(body))."""
        return self._caret

    @property
    def selection(self) -> Span:
        """The selection as body offsets ``(start, end)``; ``start == end`` when empty."""
        if self._anchor is None:
            return (self._caret, self._caret)
        return (min(self._anchor, self._caret), max(self._anchor, self._caret))

    @property
    def selecting(self) -> bool:
        """True in select mode (``v``): caret moves extend the selection."""
        return self._selecting

    @property
    def has_selection(self) -> bool:
        start, end = self.selection
        return end > start

    @property
    def selected_text(self) -> str:
        start, end = self.selection
        return self._layout.body[start:end]

    def select(self, start: int, end: int) -> None:
        """Select ``start:end``, caret at ``end``."""
        self._anchor = self._layout.clamp(start)
        self._set_caret(end)

    def clear_selection(self) -> None:
        had = self.has_selection
        self._anchor = None
        self._selecting = False
        self.refresh()
        if had:
            self.post_message(self.SelectionChanged(self, self._caret, self._caret))

    def move_caret(self, offset: int, extend: bool = False) -> None:
        """Put the caret at ``offset``; with ``extend`` (or in select mode) grow the selection."""
        self._goal_column = None
        if extend or self._selecting:
            if self._anchor is None:
                self._anchor = self._caret
        elif self._anchor is not None:
            self.clear_selection()
        self._set_caret(offset)

    def _set_caret(self, offset: int) -> None:
        before = (self._caret, self.selection)
        self._caret = self._layout.clamp(offset)
        self._scroll_to_caret()
        self.refresh()
        if self._caret != before[0]:
            self.post_message(self.CaretMoved(self, self._caret))
        if self.selection != before[1]:
            start, end = self.selection
            self.post_message(self.SelectionChanged(self, start, end))

    def _vertical(self, rows: int, extend: bool) -> None:
        layout = self._layout
        row, column = layout.point_of(self._caret)
        goal = self._goal_column if self._goal_column is not None else column
        target = layout.offset_at(min(max(row + rows, 0), len(layout) - 1), goal)
        if row + rows < 0:
            target = 0
        elif row + rows >= len(layout):
            target = layout.max_offset
        self.move_caret(target, extend)
        self._goal_column = goal

    def action_move(self, motion: str, extend: bool = False) -> None:
        """Move the caret by ``motion`` (see ``_MOTION_KEYS``), extending the selection if asked."""
        body = self._layout.body
        caret = self._caret
        page = max(self.scrollable_content_region.height - 1, 1)
        end = self._layout.max_offset
        if motion in ("line_up", "line_down", "page_up", "page_down"):
            step = {"line_up": -1, "line_down": 1, "page_up": -page, "page_down": page}[motion]
            self._vertical(step, extend)
            return
        row = self._layout.rows[self._layout.row_of(caret)]
        targets = {
            "char_left": lambda: caret - 1,
            "char_right": lambda: caret + 1,
            "word_left": lambda: motions.previous_word(body, caret),
            "word_right": lambda: motions.next_word(body, caret),
            "line_start": lambda: row.start,
            "line_end": lambda: row.end if row.last else max(row.end - 1, row.start),
            "sentence_left": lambda: motions.previous_boundary(self._sentences, caret),
            "sentence_right": lambda: motions.next_boundary(self._sentences, caret, end),
            "paragraph_left": lambda: motions.previous_boundary(self._paragraph_starts, caret),
            "paragraph_right": lambda: motions.next_boundary(self._paragraph_starts, caret, end),
            "body_start": lambda: 0,
            "body_end": lambda: end,
        }
        self.move_caret(targets[motion](), extend)

    def action_toggle_selecting(self) -> None:
        """Start (or stop) selecting: movement then extends the selection from here."""
        self._selecting = not self._selecting
        if self._selecting and self._anchor is None:
            self._anchor = self._caret
        self.refresh()
        start, end = self.selection
        self.post_message(self.SelectionChanged(self, start, end))

    def action_clear_selection(self) -> None:
        if not (self.has_selection or self._selecting):
            raise SkipAction()
        self.clear_selection()

    def action_copy(self) -> None:
        if not self.has_selection:
            raise SkipAction()
        self.app.copy_to_clipboard(self.selected_text)
        self.notify(f"Copied {len(self.selected_text)} characters", markup=False)

    def action_activate(self) -> None:
        """Open the note under the caret; else list the mentions of the entity under it."""
        if self.annotation_at(self._caret):
            self.post_message(self.AnnotationActivated(self, self._caret))
            return
        mention = self.mention_at(self._caret)
        if mention is None:
            raise SkipAction()
        self.post_message(self.MentionActivated(mention))

    # -- scrolling and layout ---------------------------------------------------

    def scroll_to_offset(self, offset: int, *, center: bool = True) -> None:
        """Scroll so ``offset`` is on screen (a third of the way down when ``center``)."""
        height = self.scrollable_content_region.height
        if height <= 0 or self._layout.width != self._content_width():
            self._pending_scroll = offset
            return
        self._pending_scroll = None
        row = self._layout.row_of(offset)
        if center:
            self.scroll_to(y=max(row - height // 3, 0), animate=False)
        else:
            self._scroll_to_row(row)

    def _scroll_to_row(self, row: int) -> None:
        height = self.scrollable_content_region.height
        if height <= 0:
            return
        top = self.scroll_offset.y
        if row < top:
            self.scroll_to(y=row, animate=False)
        elif row >= top + height:
            self.scroll_to(y=row - height + 1, animate=False)

    def _scroll_to_caret(self) -> None:
        if self._pending_scroll is None:
            self._scroll_to_row(self._layout.row_of(self._caret))

    def _content_width(self) -> int:
        return self.scrollable_content_region.width

    def _lay_out(self, paragraphs: Sequence[str]) -> None:
        width = self._content_width()
        self._layout = BodyLayout(paragraphs, width if width > 0 else 80)
        self.virtual_size = Size(0, len(self._layout))
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        width = self._content_width()
        if width <= 0:
            return
        if width != self._layout.width:
            layout = self._layout
            top = layout.rows[min(self.scroll_offset.y, len(layout) - 1)].start
            self._lay_out(self._layout.paragraphs)
            if self._pending_scroll is None:
                self.scroll_to(y=self._layout.row_of(top), animate=False)
        if self._pending_scroll is not None:
            self.call_after_refresh(self._apply_pending_scroll)

    def _apply_pending_scroll(self) -> None:
        if self._pending_scroll is not None:
            self.scroll_to_offset(self._pending_scroll)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # -- drawing ----------------------------------------------------------------

    def _style_for(self, key: tuple[object, ...]) -> Style:
        style = self._styles.get(key)
        if style is None:
            entity, annotated, marked, selected, caret = key
            kind = annotated if isinstance(annotated, int) else 0
            style = self.rich_style
            for name, on in (
                (entity, entity is not None),
                ("article-body--annotation-other", kind == OTHER),
                ("article-body--annotation", bool(kind & OWN)),
                ("article-body--mark", marked),
                ("article-body--selection", selected),
                ("article-body--caret", caret),
            ):
                if on:
                    style += self.get_component_rich_style(str(name), partial=True)
            self._styles[key] = style
        return style

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        index = self.scroll_offset.y + y
        if self._article is None or self._article.empty:
            if y == 0:
                text = fit(self.placeholder, width)
                style = base + self.get_component_rich_style("article-body--placeholder")
                return Strip([Segment(text, style)], width)
            return Strip.blank(width, base)
        if index >= len(self._layout):
            return Strip.blank(width, base)
        row = self._layout.rows[index]
        return Strip(self._row_segments(row)).adjust_cell_length(width, base)

    def _row_segments(self, row: Row) -> list[Segment]:
        body = self._layout.display  # never a control character, offsets as in the body
        caret = self._caret if self.has_focus else -1
        sel_start, sel_end = self.selection
        mark_start, mark_end = self._mark or (-1, -1)
        entity_at = self._entity_at
        annotated = self._annotated
        segments: list[Segment] = []
        run: list[str] = []
        run_key: tuple[object, ...] | None = None
        for offset in range(row.start, row.end):
            key = (
                entity_at[offset] if offset < len(entity_at) else None,
                annotated[offset] if offset < len(annotated) else 0,
                mark_start <= offset < mark_end,
                sel_start <= offset < sel_end,
                offset == caret,
            )
            if key != run_key and run:
                segments.append(Segment("".join(run), self._style_for(run_key or ())))
                run = []
            run_key = key
            run.append(body[offset])
        if run:
            segments.append(Segment("".join(run), self._style_for(run_key or ())))
        # The newline after a paragraph (or a blank row) is one cell: the caret
        # or the selection can sit there.
        if row.last:
            offset = row.end
            if offset == caret or sel_start <= offset < sel_end:
                key = (None, 0, False, sel_start <= offset < sel_end, offset == caret)
                segments.append(Segment(" ", self._style_for(key)))
        return segments

    # -- mouse ------------------------------------------------------------------

    def _offset_at_mouse(self, event: events.MouseEvent) -> int:
        offset = event.get_content_offset_capture(self)
        row = self.scroll_offset.y + offset.y
        column = offset.x
        if row < 0:
            return 0
        return self._layout.offset_at(row, column)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        if event.button != 1 or self._article is None:
            return
        self.focus()
        position = self._offset_at_mouse(event)
        if event.shift:
            self.move_caret(position, extend=True)
        else:
            self._selecting = False
            self.clear_selection()
            self.move_caret(position)
            self._anchor = self._caret
        self._dragging = True
        self.capture_mouse()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if not self._dragging:
            return
        offset = event.get_content_offset_capture(self)
        if offset.y < 0:
            self.scroll_to(y=self.scroll_offset.y - 1, animate=False)
        elif offset.y >= self.scrollable_content_region.height:
            self.scroll_to(y=self.scroll_offset.y + 1, animate=False)
        self._set_caret(self._offset_at_mouse(event))

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if not self._dragging:
            return
        self._dragging = False
        self.release_mouse()
        if self._anchor == self._caret:
            self._anchor = None
            self.refresh()

    def on_click(self, event: events.Click) -> None:
        if event.chain == 2 and self._article is not None:
            body = self._layout.body
            start = motions.previous_word(body, min(self._caret + 1, len(body)))
            end = start
            while end < len(body) and not body[end].isspace():
                end += 1
            self.select(start, end)
