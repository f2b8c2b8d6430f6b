"""My notes (``m``): every note by article or by tag, with its quote and the start of its text.

Enter on a note jumps to it (the article opens with the caret on the note's
span, the span marked); on an article heading it opens the article, on a tag
heading it filters the list by that tag. Orphaned notes (their passage is no
longer in the article) are listed with their quote and marked, never hidden.
Notes files that could not be read are listed first; Enter offers to set one
aside. Others' notes appear, read-only and named, while they are shown (``O``).

The list follows the main screen's snapshot: when another session writes, the
main screen reloads and calls :meth:`MyNotesScreen.set_snapshot`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, Literal, Protocol

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from store.database_errors import DatabaseError
from store.notes import Note
from tui.notes_source import NotesSnapshot
from tui.safe import fit, line, template
from tui.widgets.lazy_list import LazyList
from tui.wording import counted

__all__ = ["Grouping", "MyNotesScreen", "NoteRow", "NotesActions", "TagChosen", "note_rows"]

Grouping = Literal["article", "tag"]
NO_TAG = "(no tag)"


class NotesActions(Protocol):
    """What My notes asks the main screen to do."""

    def edit_note(self, note: Note) -> None: ...

    def delete_note(self, note: Note) -> None: ...

    def undo_delete(self) -> None: ...

    def export_notes(self) -> None: ...

    def set_aside(self, problem: DatabaseError) -> None: ...


@dataclass(frozen=True)
class NoteRow:
    """One row: a notes-file problem, a group heading (article or tag), or a note."""

    kind: Literal["problem", "article", "tag", "note"]
    label: str = ""
    key: str = ""  # the article id or the tag of a heading
    count: int = 0
    note: Note | None = None
    problem: DatabaseError | None = None


@dataclass(frozen=True)
class TagChosen:
    """My notes closed on a tag heading: filter the list by this tag."""

    tag: str


def note_rows(
    snapshot: NotesSnapshot, grouping: Grouping, title_of: Callable[[str], str]
) -> list[NoteRow]:
    """The rows of My notes: problems, then groups of notes (by article or by tag)."""
    rows = [NoteRow("problem", problem=problem) for problem in snapshot.problems]
    notes = [*snapshot.mine, *snapshot.others]
    if grouping == "article":
        by_article: dict[str, list[Note]] = {}
        for note in notes:
            by_article.setdefault(note.article, []).append(note)
        for article_id in sorted(by_article, key=lambda a: (line(title_of(a)), a)):
            group = sorted(
                by_article[article_id], key=lambda n: (n.orphaned, n.start, n.user, n.created)
            )
            rows.append(NoteRow("article", line(title_of(article_id)), article_id, len(group)))
            rows.extend(NoteRow("note", note=note) for note in group)
        return rows
    by_tag: dict[str, list[Note]] = {}
    for note in notes:
        for tag in snapshot.effective_tags(note) or (NO_TAG,):
            by_tag.setdefault(tag, []).append(note)
    for tag in sorted(by_tag, key=lambda t: (t == NO_TAG, t.casefold())):
        group = sorted(by_tag[tag], key=lambda n: (n.article, n.start, n.user))
        rows.append(NoteRow("tag", tag if tag == NO_TAG else f"#{tag}", tag, len(group)))
        rows.extend(NoteRow("note", note=note) for note in group)
    return rows


class NoteList(LazyList):
    """The rows of My notes, two lines each."""

    ROW_HEIGHT: ClassVar[int] = 2
    EMPTY_TEXT: ClassVar[str] = "No notes yet: select a passage in the reader (v) and press a."
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "note-list--heading",
        "note-list--warning",
        "note-list--quote",
        "note-list--other",
    }
    DEFAULT_CSS = """
    NoteList > .note-list--heading { text-style: bold; color: $text-accent; }
    NoteList > .note-list--warning { text-style: bold; color: $text-warning; }
    NoteList > .note-list--quote { text-style: italic; }
    NoteList > .note-list--other { color: $text-success; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "choose", "Go to note")]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[NoteRow] = []
        self.user = ""
        self.title_of: Callable[[str], str] | None = None

    def set_rows(
        self,
        rows: list[NoteRow],
        user: str,
        keep: NoteRow | None = None,
        title_of: Callable[[str], str] | None = None,
    ) -> None:
        """Show ``rows``, the cursor on the same note (or heading) if it is still there."""
        self.rows = rows
        self.user = user
        self.title_of = title_of
        index = None
        if keep is not None:
            index = next((i for i, row in enumerate(rows) if _same(row, keep)), None)
        if index is None:
            index = next((i for i, row in enumerate(rows) if row.kind == "note"), 0)
        self.set_count(len(rows), index)

    @property
    def current(self) -> NoteRow | None:
        return self.rows[self.cursor] if self.rows else None

    def _component(self, name: str) -> Style:
        return self.get_component_rich_style(f"note-list--{name}", partial=True)

    def render_row(self, index: int, line_number: int, width: int) -> list[Segment]:
        row = self.rows[index]
        if row.kind == "problem" and row.problem is not None:
            if line_number == 0:
                path = row.problem.path
                text = f"! Unreadable notes file {line(path.name)} (in {line(path.parent)})"
                return [Segment(fit(text, width), self._component("warning"))]
            text = f"  {line(row.problem.reason)} · kept as it is · Enter: set it aside"
            return [Segment(fit(text, width), self._style("dim"))]
        if row.kind in ("article", "tag"):
            if line_number == 0:
                return [Segment(fit(row.label, width), self._component("heading"))]
            what = "opens the article" if row.kind == "article" else "filters the list by it"
            notes = counted(row.count, "note")
            return [Segment(fit(f"  {notes} · Enter {what}", width), self._style("dim"))]
        note = row.note
        assert note is not None
        if line_number == 1:
            text = line(note.note) or "(no text)"
            if self.title_of is not None:  # grouped by tag: say which article
                text = f"{text} · {line(self.title_of(note.article))}"
            return [Segment(fit(f"      {text}", width), self._style("dim"))]
        marks: list[tuple[str, Style]] = []
        if note.orphaned:
            marks.append((" orphaned", self._component("warning")))
        if note.user != self.user:
            marks.append((f" by {line(note.user)} · read-only", self._component("other")))
        if note.tags:
            marks.append((" " + " ".join(f"#{tag}" for tag in note.tags), self._style("dim")))
        room = max(width - 4 - sum(cell_len(text) for text, _ in marks), 8)
        quote = fit(f"“{line(note.quote)}”", min(room, cell_len(line(note.quote)) + 2)).rstrip()
        segments = [Segment("  "), Segment(quote, self._component("quote"))]
        segments += [Segment(text, style) for text, style in marks]
        return segments


def _same(row: NoteRow, other: NoteRow) -> bool:
    if row.kind != other.kind:
        return False
    if row.note is not None and other.note is not None:
        return (row.note.id, row.note.user) == (other.note.id, other.note.user)
    if row.problem is not None and other.problem is not None:
        return row.problem.path == other.problem.path
    return row.key == other.key


class MyNotesScreen(ModalScreen[Note | str | TagChosen | None]):
    """Every note, by article or by tag; dismisses with the note (or article id) to open."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,m", "close", "Close my notes"),
        Binding("t", "toggle_grouping", "By article / by tag"),
        Binding("e", "edit", "Edit the note"),
        Binding("d", "delete", "Delete the note"),
        Binding("u", "undo", "Undo the last deletion"),
        Binding("x", "export", "Export notes to Markdown"),
    ]

    def __init__(
        self,
        snapshot: NotesSnapshot,
        title_of: Callable[[str], str],
        actions: NotesActions,
        grouping: Grouping = "article",
    ) -> None:
        super().__init__()
        self.snapshot = snapshot
        self.title_of = title_of
        self.actions = actions
        self.grouping: Grouping = grouping

    def compose(self) -> ComposeResult:
        with Vertical(id="my-notes-box"):
            yield Static("", id="my-notes-title", markup=False)
            yield NoteList(id="my-notes-list")
            yield Static(
                Content.from_markup(
                    "[dim]Enter go · e edit · d delete · u undo · t article/tag · x export"
                    " · Esc[/dim]"
                ),
                id="my-notes-help",
                markup=False,
            )

    def on_mount(self) -> None:
        self._fill()
        self.query_one(NoteList).focus()

    @property
    def rows(self) -> list[NoteRow]:
        return self.query_one(NoteList).rows

    def set_snapshot(self, snapshot: NotesSnapshot) -> None:
        """Show newer notes (another session wrote), keeping the cursor's note."""
        self.snapshot = snapshot
        self._fill()

    def _fill(self) -> None:
        notes = self.query_one(NoteList)
        keep = notes.current
        notes.set_rows(
            note_rows(self.snapshot, self.grouping, self.title_of),
            self.snapshot.user,
            keep,
            title_of=self.title_of if self.grouping == "tag" else None,
        )
        mine = self.snapshot.mine
        articles = len({note.article for note in mine})
        orphaned = sum(1 for note in mine if note.orphaned)
        parts = [
            template("[b]My notes[/b] [dim]·[/dim] $user", user=self.snapshot.user),
            template(
                "[dim]$notes in $articles[/dim]",
                notes=counted(len(mine), "note"),
                articles=counted(articles, "article"),
            ),
            template("[b]by $grouping[/b] [dim](t switches)[/dim]", grouping=self.grouping),
        ]
        if orphaned:
            parts.append(template("[b $text-warning]$count orphaned[/]", count=orphaned))
        if self.snapshot.others:
            parts.append(
                template(
                    "[dim]+ $count of others' (read-only)[/dim]", count=len(self.snapshot.others)
                )
            )
        if self.snapshot.problems:
            parts.append(
                template("[b $text-warning]$count unreadable[/]", count=len(self.snapshot.problems))
            )
        self.query_one("#my-notes-title", Static).update(Content(" · ").join(parts))

    # -- actions ----------------------------------------------------------------

    def _current_note(self) -> Note | None:
        row = self.query_one(NoteList).current
        if row is None or row.note is None:
            self.notify("Choose a note first (↑/↓).", severity="warning", timeout=3, markup=False)
            return None
        return row.note

    @on(LazyList.Chosen, "#my-notes-list")
    def _chosen(self, event: LazyList.Chosen) -> None:
        event.stop()
        row = self.rows[event.index]
        if row.kind == "note" and row.note is not None:
            self.dismiss(row.note)
        elif row.kind == "article":
            self.dismiss(row.key)
        elif row.kind == "tag" and row.key != NO_TAG:
            self.dismiss(TagChosen(row.key))
        elif row.kind == "problem" and row.problem is not None:
            self.actions.set_aside(row.problem)

    def action_toggle_grouping(self) -> None:
        self.grouping = "tag" if self.grouping == "article" else "article"
        self._fill()

    def action_edit(self) -> None:
        note = self._current_note()
        if note is not None:
            self.actions.edit_note(note)

    def action_delete(self) -> None:
        note = self._current_note()
        if note is not None:
            self.actions.delete_note(note)

    def action_undo(self) -> None:
        self.actions.undo_delete()

    def action_export(self) -> None:
        self.actions.export_notes()

    def action_close(self) -> None:
        self.dismiss(None)
