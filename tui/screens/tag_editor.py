"""The article's tags (``t``): one box, comma or space separated, completing known tags.

Dismisses with the tags wanted (the main screen writes only what changed) or
``None`` on Esc.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.notes_source import parse_tags
from tui.safe import template
from tui.widgets.tag_input import TagInput, known_tags_hint

__all__ = ["TagEditor"]


class TagEditor(ModalScreen[tuple[str, ...] | None]):
    """Edit one article's tags."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close tags"),
        Binding("ctrl+s", "save", "Save tags", show=False),
    ]

    def __init__(self, title: str, tags: Sequence[str], known_tags: Sequence[str] = ()) -> None:
        super().__init__()
        self.article_title = title
        self.tags = tuple(tags)
        self.known_tags = tuple(known_tags)

    def compose(self) -> ComposeResult:
        with Vertical(id="tag-box"):
            yield Static(
                template("[b]Tags of[/b] $title", title=self.article_title),
                id="tag-title",
                markup=False,
            )
            typed = ", ".join(self.tags) + (", " if self.tags else "")  # ready for one more
            yield TagInput(typed, known=self.known_tags, id="tag-input")
            yield Static(known_tags_hint(self.known_tags), id="tag-known", markup=False)
            yield Static(
                template(
                    "[dim]Enter saves · Esc cancels · → completes · delete a word to untag[/dim]"
                ),
                id="tag-help",
                markup=False,
            )

    def on_mount(self) -> None:
        box = self.query_one(TagInput)
        box.focus()
        box.cursor_position = len(box.value)

    @on(Input.Submitted, "#tag-input")
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        self.dismiss(parse_tags(self.query_one(TagInput).value))

    def action_cancel(self) -> None:
        self.dismiss(None)
