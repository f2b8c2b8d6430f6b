"""The help screen: every key of every pane, and how entity types look."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.entity_style import TYPE_LOOKS
from tui.keymap import KeyHelp

__all__ = ["HelpScreen"]

KEY_COLUMN = 24


class HelpScreen(ModalScreen[None]):
    """A scrollable list of every binding, grouped by the pane where it works."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close help"),
    ]

    def __init__(self, entries: Sequence[KeyHelp]) -> None:
        super().__init__()
        self.entries = tuple(entries)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(self.text(), id="help-text", markup=False)

    def text(self) -> Content:
        """The help as one ``Content``: sections of 'keys  description' lines."""
        lines: list[Content] = [
            Content.from_markup(
                "[b]lgai-reader keys[/b]  [dim](Esc closes; Ctrl+P lists every command)[/dim]"
            )
        ]
        section = None
        for entry in self.entries:
            if entry.section != section:
                section = entry.section
                lines.append(Content(""))
                lines.append(Content.styled(section, "bold underline"))
            keys = entry.display
            pad = " " * max(KEY_COLUMN - cell_len(keys), 1)
            lines.append(Content.assemble((keys, "bold $text-accent"), pad, entry.description))
        lines.append(Content(""))
        lines.append(Content.styled("Entity types in the reader", "bold underline"))
        for look in TYPE_LOOKS.values():
            sample = Content.styled(f"{look.type} {look.korean}", f"{look.text_style} {look.dark}")
            pad = " " * max(KEY_COLUMN - sample.cell_length, 1)
            lines.append(Content.assemble(sample, pad, look.style_words))
        return Content("\n").join(lines)

    def action_dismiss(self, result: None = None) -> None:  # type: ignore[override]
        self.dismiss(None)
