"""The note editor: the quoted passage, the note (multi-line), its tags; save, delete, cancel.

Opened on a new selection (``a``), on an existing note (Enter or ``e`` in the
reader, ``e`` in My notes), and read-only on a colleague's note, named with
its author. The editor only collects what the person typed; the main screen
writes it in a worker. Everything shown from a note (quote, text, tags,
author) is data: drawn as plain ``Content`` or held in the text widgets,
which never parse markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Label, Static, TextArea

from store.notes import Note
from store.text import neutralise
from tui.notes_source import parse_tags
from tui.safe import line, plain_content, template
from tui.widgets.tag_input import TagInput, known_tags_hint

__all__ = ["NoteDeleted", "NoteEditor", "NoteEditorResult", "NoteSaved", "read_only_text"]

MAX_QUOTE_CHARS = 400


@dataclass(frozen=True)
class NoteSaved:
    """Save the note with this text and these tags."""

    text: str
    tags: tuple[str, ...]


@dataclass(frozen=True)
class NoteDeleted:
    """Delete the note (it can be undone with ``u``)."""


NoteEditorResult = NoteSaved | NoteDeleted


def read_only_text(owner: str) -> str:
    """What is said when someone tries to change another user's note."""
    return f"This note belongs to {line(owner)}; read-only."


class NoteEditor(ModalScreen[NoteEditorResult | None]):
    """Write or change a note; shows a colleague's note read-only."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Not priority bindings: those run before keys already on their way to the
        # text boxes, so a quick Ctrl+S after typing would save without the last letters.
        Binding("ctrl+s", "save", "Save note"),
        Binding("escape", "cancel", "Cancel (twice if changed)"),
        Binding("f8", "delete", "Delete note"),
        # Priority bindings, so that focus moves as the key is read: letters that
        # came in the same read (typed ahead, or one SSH packet) go to the next box,
        # while those before the Tab are already on their way to the box they left.
        Binding("tab", "app.focus_next", "Next field", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True),
    ]

    def __init__(
        self,
        quote: str,
        *,
        note: Note | None = None,
        read_only_owner: str | None = None,
        article_title: str = "",
        known_tags: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self.quote = quote
        self.note = note
        self.read_only_owner = read_only_owner
        self.article_title = article_title
        self.known_tags = tuple(known_tags)
        self._initial = (note.note if note else "", tuple(note.tags) if note else ())
        self._cancel_armed = False

    @property
    def read_only(self) -> bool:
        return self.read_only_owner is not None

    def compose(self) -> ComposeResult:
        with Vertical(id="note-box"):
            yield Static(self._title(), id="note-title", markup=False)
            yield Static(self._quote(), id="note-quote", markup=False)
            yield Label("Note", classes="note-label")
            yield TextArea(
                self._initial[0],
                id="note-text",
                soft_wrap=True,
                tab_behavior="focus",
                read_only=self.read_only,
                show_line_numbers=False,
                compact=True,
            )
            yield Label("Tags", classes="note-label")
            yield TagInput(
                ", ".join(self._initial[1]),
                known=self.known_tags,
                id="note-tags",
                disabled=self.read_only,
                compact=True,
            )
            yield Static(known_tags_hint(self.known_tags), id="note-known-tags", markup=False)
            yield Static("", id="note-hint", markup=False)
            with Horizontal(id="note-buttons"):
                if not self.read_only:
                    yield Button("Save ^s", id="note-save", variant="primary", compact=True)
                if self.note is not None and not self.read_only:
                    yield Button("Delete F8", id="note-delete", variant="error", compact=True)
                yield Button("Close Esc", id="note-cancel", compact=True)

    def _title(self) -> Content:
        if self.read_only:
            return template(
                "[b]Note by $owner[/b] [b $text-warning]read-only[/] [dim]on $title[/dim]",
                owner=self.read_only_owner or "",
                title=self.article_title,
            )
        if self.note is None:
            return template("[b]New note[/b] [dim]on $title[/dim]", title=self.article_title)
        return template(
            "[b]Note[/b] [dim]on $title · updated $updated UTC[/dim]",
            title=self.article_title,
            updated=self.note.updated[:16].replace("T", " "),
        )

    def _quote(self) -> Content:
        quote = neutralise(self.quote)
        if len(quote) > MAX_QUOTE_CHARS:
            quote = quote[:MAX_QUOTE_CHARS] + "…"
        marker = " (orphaned: no longer in the article)" if self.note and self.note.orphaned else ""
        return Content.assemble(
            ("“", "dim"),
            plain_content(quote, "italic", multiline=True),
            ("”", "dim"),
            (marker, "bold $text-warning"),
        )

    def on_mount(self) -> None:
        if self.read_only:
            self.query_one("#note-cancel", Button).focus()
        else:
            text = self.query_one("#note-text", TextArea)
            text.move_cursor(text.document.end)  # go on writing where the note ends
            text.focus()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Say where the keys go now and what they do there."""
        self.query_one("#note-hint", Static).update(Content.styled(self._hint(event.widget), "dim"))

    def _hint(self, widget: Widget) -> str:
        if self.read_only:
            return (
                f"Read-only: this note belongs to {line(self.read_only_owner or '')} · Esc closes"
            )
        if widget.id == "note-text":
            return "Writing the note · Tab: to the tags · Ctrl+S saves · Esc cancels"
        if widget.id == "note-tags":
            return "Typing tags (commas or spaces) · → completes · Ctrl+S saves · Esc cancels"
        return "Tab/Shift+Tab move · Enter presses the button · Ctrl+S saves · Esc cancels"

    # -- what was typed ---------------------------------------------------------

    @property
    def text(self) -> str:
        return neutralise(self.query_one("#note-text", TextArea).text).strip("\n")

    @property
    def tags(self) -> tuple[str, ...]:
        return parse_tags(self.query_one("#note-tags", TagInput).value)

    @property
    def changed(self) -> bool:
        return (self.text, self.tags) != (self._initial[0].strip("\n"), self._initial[1])

    # -- actions ----------------------------------------------------------------

    def action_save(self) -> None:
        if self.read_only:
            self.notify(
                read_only_text(self.read_only_owner or ""), severity="warning", markup=False
            )
            return
        self.dismiss(NoteSaved(self.text, self.tags))

    def action_delete(self) -> None:
        if self.read_only:
            self.notify(
                read_only_text(self.read_only_owner or ""), severity="warning", markup=False
            )
            return
        if self.note is None:
            self.dismiss(None)  # nothing saved yet: deleting is cancelling
            return
        self.dismiss(NoteDeleted())

    def action_cancel(self) -> None:
        if self.changed and not self._cancel_armed and not self.read_only:
            self._cancel_armed = True
            self.notify(
                "Unsaved changes: Esc again discards them, Ctrl+S saves.",
                severity="warning",
                timeout=4,
                markup=False,
            )
            return
        self.dismiss(None)

    @on(TextArea.Changed)
    @on(TagInput.Changed)
    def _typed(self) -> None:
        self._cancel_armed = False

    def on_key(self, event: events.Key) -> None:
        """A printable key on a read-only note says why nothing happens."""
        character = event.character
        if self.read_only and character and character.isprintable() and character != " ":
            self.notify(
                read_only_text(self.read_only_owner or ""), severity="warning", markup=False
            )

    def _say_read_only(self) -> None:
        self.notify(read_only_text(self.read_only_owner or ""), severity="warning", markup=False)

    @on(Button.Pressed, "#note-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#note-delete")
    def _delete_pressed(self) -> None:
        self.action_delete()

    @on(Button.Pressed, "#note-cancel")
    def _cancel_pressed(self) -> None:
        self.dismiss(None)
