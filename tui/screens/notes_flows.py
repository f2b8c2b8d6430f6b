"""Notes and tags on the main screen: annotate, open, edit, delete and undo, tag, list, export.

The base class of :class:`~tui.screens.main.MainScreen` for everything about
notes, kept apart so each file reads in one sitting. It holds the current
:class:`~tui.notes_source.NotesSnapshot` and keeps it fresh:

* every write (a note added, changed, deleted or restored, tags changed, a
  damaged file set aside) runs in a thread worker and is followed by a reload;
* every ``POLL_SECONDS`` a worker compares the store's fingerprint (two
  ``stat`` calls) with the snapshot's and reloads only when another session
  (or another process of the same user) wrote;
* reloads are numbered, so a slow, older read never replaces a newer one.

The event loop never touches the disk. Failures the person can act on (a
damaged file, a colleague's note, a full disk) are one notification line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker, WorkerState, get_current_worker

from store.database_errors import DatabaseError
from store.model import Article
from store.notes import Note
from tui.annotation_source import AnnotationSource
from tui.notes_source import (
    NOTE_ERRORS,
    NotesSnapshot,
    NotesSource,
    notes_snapshot,
    write_error_text,
)
from tui.safe import line, template
from tui.widgets.article_body import ArticleBody
from tui.workers import ReportsWorkerErrors

# The screens these flows open (and the export) are imported when first
# used: importing them with the app cost about 30 ms of every start.
if TYPE_CHECKING:
    from tui.app import ReaderApp
    from tui.notes_export import Export

__all__ = ["Change", "NotesFlows"]

QUOTE_IN_MESSAGES = 24


def _short(text: str, size: int = QUOTE_IN_MESSAGES) -> str:
    text = line(text)
    return text if len(text) <= size else text[: size - 1] + "…"


@dataclass(frozen=True)
class Change:
    """What a write did, for the notification; a deleted note goes on the undo stack."""

    text: str
    deleted: Note | None = None


class NotesFlows(ReportsWorkerErrors, Screen[None]):
    """Notes, tags, My notes and export, on a screen that shows articles."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "my_notes", "My notes", show=False),
        Binding("t", "tag_article", "Tag the article", show=False),
        Binding("u", "undo_delete", "Undo the last note deletion", show=False),
        Binding("x", "export_notes", "Export notes to Markdown", show=False),
        Binding("O", "toggle_others", "Show/hide others' notes (read-only)", show=False),
    ]

    POLL_SECONDS: ClassVar[float] = 2.0

    show_others: reactive[bool] = reactive(False, init=False)

    # What the screen this is mixed into provides.
    articles: dict[str, Article]

    class NotesLoaded(Message):
        """Notes were read (posted from a worker)."""

        def __init__(self, snapshot: NotesSnapshot) -> None:
            super().__init__()
            self.snapshot = snapshot

    class NotesWritten(Message):
        """A write succeeded."""

        def __init__(self, change: Change) -> None:
            super().__init__()
            self.change = change

    class NotesWriteFailed(Message):
        """A write (or an export) failed; ``text`` says why in one line."""

        def __init__(self, text: str, undo: Note | None = None) -> None:
            super().__init__()
            self.text = text
            self.undo = undo

    class NotesExported(Message):
        """Notes were written to a Markdown file."""

        def __init__(self, export: Export) -> None:
            super().__init__()
            self.export = export

    def __init__(self) -> None:
        super().__init__()
        self.notes = NotesSnapshot()
        self._generation = 0
        self._deleted: list[Note] = []
        self._reported: set[str] = set()
        self._read_worker: Worker[None] | None = None
        self._poller: Timer | None = None

    # -- hooks for the screen -----------------------------------------------------

    def notes_changed(self) -> None:
        """Show :attr:`notes` (list rows, body marks, caret line, status)."""
        raise NotImplementedError

    def open_article(
        self,
        article_id: str,
        *,
        caret: int = 0,
        mark: tuple[int, int] | None = None,
        focus: bool = True,
    ) -> bool:
        raise NotImplementedError

    def current_article_id(self) -> str | None:
        """The article ``t`` tags: the list's highlighted one, or the one being read."""
        raise NotImplementedError

    def current_tag_filter(self) -> str | None:
        raise NotImplementedError

    def filter_by_tag(self, tag: str) -> None:
        raise NotImplementedError

    def title_of(self, article_id: str) -> str:
        article = self.articles.get(article_id)
        return line(article.title) if article is not None and article.title else article_id

    # -- reading ------------------------------------------------------------------

    @property
    def notes_source(self) -> AnnotationSource:
        app: ReaderApp = self.app  # type: ignore[assignment]
        return app.settings.annotations

    def start_notes(self, snapshot: NotesSnapshot) -> None:
        """Show the first snapshot (read with the corpus) and start watching for changes."""
        self.apply_notes(snapshot)
        if self._poller is None:
            self._poller = self.set_interval(self.POLL_SECONDS, self._poll_notes, name="notes-poll")
            if self.show_others:  # asked for while the corpus was loading
                self.refresh_notes()

    def _poll_notes(self) -> None:
        worker = self._read_worker
        if worker is not None and worker.state in (WorkerState.PENDING, WorkerState.RUNNING):
            return  # a read is under way: let it finish rather than restart it
        self.refresh_notes(force=False)

    def refresh_notes(self, *, force: bool = True) -> None:
        """Read the notes again in a worker (``force=False``: only if the store changed).

        Not before the corpus is loaded: notes are placed against every article's body.
        """
        if self._poller is None:
            return
        self._generation += 1
        self._read_worker = self._read_notes(self._generation, force, self.show_others)

    @work(
        thread=True, exclusive=True, group="notes-read", exit_on_error=False, name="reading notes"
    )
    def _read_notes(self, generation: int, force: bool, with_others: bool) -> None:
        source = self.notes_source
        if not force:
            if not isinstance(source, NotesSource):
                return
            if source.fingerprint(with_others) == self.notes.fingerprint:
                return
        snapshot = notes_snapshot(
            source, self.articles, with_others=with_others, generation=generation
        )
        if not get_current_worker().is_cancelled:
            self.post_message(self.NotesLoaded(snapshot))

    def on_notes_flows_notes_loaded(self, event: NotesLoaded) -> None:
        if event.snapshot.generation >= self.notes.generation:
            self.apply_notes(event.snapshot)

    def apply_notes(self, snapshot: NotesSnapshot) -> None:
        self.notes = snapshot
        self._report_problems(snapshot)
        self.notes_changed()
        if len(self.app.screen_stack) > 1:  # My notes may be open above
            from tui.screens.my_notes import MyNotesScreen

            for screen in self.app.screen_stack:
                if isinstance(screen, MyNotesScreen):
                    screen.set_snapshot(snapshot)

    def _report_problems(self, snapshot: NotesSnapshot) -> None:
        """Say once per file (and once for notes being off) what cannot be read."""
        if snapshot.error and snapshot.error not in self._reported:
            self._reported.add(snapshot.error)
            self.notify(
                f"Notes are off: {line(snapshot.error)}",
                title="Notes",
                severity="error",
                timeout=20,
                markup=False,
            )
        for problem in snapshot.problems:
            key = str(problem.path)
            if key in self._reported:
                continue
            self._reported.add(key)
            self.notify(
                f"{line(problem.path)}: {line(problem.reason)}. The file is kept as it is and "
                "your other notes are shown; notes on this article cannot be saved until it is "
                "set aside (My notes: m, then Enter on it).",
                title="Unreadable notes file",
                severity="error",
                timeout=30,
                markup=False,
            )

    def note_here(self) -> Note | None:
        """The note under the reader's caret, if any."""
        body = self.query_one(ArticleBody)
        if body.article is None:
            return None
        return self.notes.note_at(body.article.id, body.caret)

    # -- writing ------------------------------------------------------------------

    @work(thread=True, group="notes-write", exit_on_error=False, name="saving notes")
    def _write(self, change: Callable[[NotesSource], Change], undo: Note | None = None) -> None:
        """Run one write in a thread. Writes are never cancelled; the source's lock orders them."""
        source = self.notes_source
        if not isinstance(source, NotesSource):
            self.post_message(self.NotesWriteFailed("Notes cannot be saved in this session."))
            return
        try:
            done = change(source)
        except NOTE_ERRORS as error:
            self.post_message(self.NotesWriteFailed(write_error_text(error), undo))
            return
        self.post_message(self.NotesWritten(done))

    def on_notes_flows_notes_written(self, event: NotesWritten) -> None:
        if event.change.deleted is not None:
            self._deleted.append(event.change.deleted)
        self.notify(event.change.text, timeout=6, markup=False)
        self.refresh_notes()

    def on_notes_flows_notes_write_failed(self, event: NotesWriteFailed) -> None:
        if event.undo is not None:
            self._deleted.append(event.undo)  # still undoable once the problem is fixed
        self.notify(event.text, title="Not saved", severity="error", timeout=12, markup=False)

    def _refuse_write(self, article_id: str | None = None) -> bool:
        """Say why nothing can be written now (notes off, a damaged file); True if so."""
        notes = self.notes
        reason = notes.error or notes.write_error
        if reason:
            self.notify(f"Cannot save notes: {line(reason)}", severity="error", markup=False)
            return True
        for problem in notes.problems:
            if article_id is not None and problem.path.name == f"{article_id}.json":
                self.notify(write_error_text(problem), severity="error", timeout=12, markup=False)
                return True
        return False

    # -- notes in the reader --------------------------------------------------------

    def action_annotate(self) -> None:
        """Write a note on the selected passage."""
        from tui.screens.note_editor import NoteDeleted, NoteEditor, NoteSaved

        body = self.query_one(ArticleBody)
        article = body.article
        if article is None or article.empty:
            self.notify("Open an article first.", severity="warning", markup=False)
            return
        start, end = _trimmed(article.body, *body.selection)
        if end <= start:
            self.notify(
                "Select a passage first: v, then move the caret (Shift+arrows and mouse drags"
                " select too); then a.",
                severity="warning",
                timeout=6,
                markup=False,
            )
            return
        if self._refuse_write(article.id):
            return
        quote = article.body[start:end]

        def saved(result: NoteSaved | NoteDeleted | None) -> None:
            if not isinstance(result, NoteSaved):
                return
            body.clear_selection()
            text, tags = result.text, result.tags

            def add(source: NotesSource) -> Change:
                source.add_note(article, start, end, text, tags)
                return Change(f"Note saved on “{_short(quote)}”.")

            self._write(add)

        editor = NoteEditor(
            quote, article_title=self.title_of(article.id), known_tags=self._known()
        )
        self.app.push_screen(editor, saved)

    def _known(self) -> list[str]:
        return self.notes.all_tags()

    def action_open_note(self) -> None:
        """Open the note under the caret (read-only if it is someone else's)."""
        note = self.note_here()
        if note is None:
            self.notify("No note under the caret.", severity="warning", timeout=3, markup=False)
            return
        self.edit_note(note)

    @on(ArticleBody.AnnotationActivated)
    def _annotation_activated(self, event: ArticleBody.AnnotationActivated) -> None:
        if event.body.article is not None:
            note = self.notes.note_at(event.body.article.id, event.offset)
            if note is not None:
                self.edit_note(note)

    def edit_note(self, note: Note) -> None:
        """Open ``note`` in the editor; a colleague's note opens read-only, with their name."""
        from tui.screens.note_editor import NoteDeleted, NoteEditor, NoteSaved

        owner = None if note.user == self.notes.user else note.user

        def edited(result: NoteSaved | NoteDeleted | None) -> None:
            if isinstance(result, NoteDeleted):
                self.delete_note(note)
            elif isinstance(result, NoteSaved) and (result.text, result.tags) != (
                note.note,
                note.tags,
            ):
                if self._refuse_write(note.article):
                    return
                text, tags = result.text, result.tags

                def update(source: NotesSource) -> Change:
                    source.update_note(note, text, tags)
                    return Change(f"Note updated on “{_short(note.quote)}”.")

                self._write(update)

        editor = NoteEditor(
            note.quote,
            note=note,
            read_only_owner=owner,
            article_title=self.title_of(note.article),
            known_tags=self._known(),
        )
        self.app.push_screen(editor, edited)

    def action_delete_note(self) -> None:
        """Delete the note under the caret (u undoes)."""
        note = self.note_here()
        if note is None:
            self.notify("No note under the caret.", severity="warning", timeout=3, markup=False)
            return
        self.delete_note(note)

    def delete_note(self, note: Note) -> None:
        """Delete ``note``; the notification says that ``u`` undoes it."""
        if note.user != self.notes.user:
            from tui.screens.note_editor import read_only_text

            self.notify(read_only_text(note.user), severity="warning", markup=False)
            return
        if self._refuse_write(note.article):
            return

        def delete(source: NotesSource) -> Change:
            deleted = source.delete_note(note)
            return Change(f"Deleted the note on “{_short(note.quote)}”. u undoes.", deleted)

        self._write(delete)

    def action_undo_delete(self) -> None:
        """Bring back the last note deleted in this session."""
        self.undo_delete()

    def undo_delete(self) -> None:
        if not self._deleted:
            self.notify(
                "Nothing to undo: no note was deleted in this session.", timeout=4, markup=False
            )
            return
        note = self._deleted.pop()

        def restore(source: NotesSource) -> Change:
            source.restore_note(note)
            return Change(f"Undone: the note on “{_short(note.quote)}” is back.")

        self._write(restore, undo=note)

    # -- tags ---------------------------------------------------------------------

    def action_tag_article(self) -> None:
        """Add or remove the article's tags."""
        article_id = self.current_article_id()
        if article_id is None:
            self.notify("Choose an article first.", severity="warning", markup=False)
            return
        if self._refuse_write(article_id):
            return
        shown = self.notes.tags_of(article_id)
        title = self.title_of(article_id)

        def tagged(wanted: tuple[str, ...] | None) -> None:
            if wanted is None or wanted == shown:
                return

            def retag(source: NotesSource) -> Change:
                tags = source.retag(article_id, shown, wanted)
                listed = " ".join(f"#{tag}" for tag in tags) or "no tags"
                return Change(f"“{_short(title)}”: {listed}")

            self._write(retag)

        from tui.screens.tag_editor import TagEditor

        self.app.push_screen(TagEditor(title, shown, self._known()), tagged)

    # -- my notes, others, export ---------------------------------------------------

    def action_my_notes(self) -> None:
        """List every note by article or by tag; Enter jumps to one."""
        from tui.screens.my_notes import MyNotesScreen, TagChosen

        def chosen(result: Note | str | TagChosen | None) -> None:
            if isinstance(result, Note):
                self.jump_to_note(result)
            elif isinstance(result, TagChosen):
                self.filter_by_tag(result.tag)
            elif isinstance(result, str):
                self.open_article(result)

        self.app.push_screen(MyNotesScreen(self.notes, self.title_of, self), chosen)

    def jump_to_note(self, note: Note) -> None:
        """Open the note's article, caret on its span, the span marked."""
        if note.orphaned:
            if self.open_article(note.article):
                self.notify(
                    f"This note's passage is no longer in the article. Its quote: "
                    f"“{_short(note.quote, 60)}”",
                    severity="warning",
                    timeout=10,
                    markup=False,
                )
            return
        self.open_article(note.article, caret=note.start, mark=(note.start, note.end))

    def set_aside(self, problem: DatabaseError) -> None:
        """Offer to rename a damaged notes file out of the way (kept byte for byte)."""
        article_id = problem.path.name.removesuffix(".json")
        question = template(
            "[b]Set aside the damaged notes file?[/b]\n$path\n$reason\n\n"
            "[dim]It is renamed (…json.corrupt-<time>) and kept byte for byte for recovery"
            " by hand; notes on this article then start afresh.[/dim]",
            path=problem.path,
            reason=problem.reason,
        )

        def answered(yes: bool | None) -> None:
            if not yes:
                return

            def move(source: NotesSource) -> Change:
                moved = source.set_aside(article_id)
                return Change(f"Set aside as {line(moved)}; notes on this article start afresh.")

            self._write(move)

        from tui.screens.confirm import ConfirmScreen

        self.app.push_screen(ConfirmScreen(question, yes="Set aside"), answered)

    def action_toggle_others(self) -> None:
        """Show or hide other users' notes (read-only, marked in another colour)."""
        self.show_others = not self.show_others

    def watch_show_others(self, show: bool) -> None:
        self.refresh_notes()
        self.notify(
            "Others' notes: shown, read-only (another colour in the reader; listed in My notes)."
            if show
            else "Others' notes: hidden.",
            timeout=4,
            markup=False,
        )

    def action_export_notes(self) -> None:
        """Export your notes (only the list's tag, when it is filtered by one) to Markdown."""
        self.export_notes()

    def export_notes(self) -> None:
        self._export(self.current_tag_filter())

    @work(
        thread=True,
        exclusive=True,
        group="notes-export",
        exit_on_error=False,
        name="exporting notes",
    )
    def _export(self, tag: str | None) -> None:
        source = self.notes_source
        if not isinstance(source, NotesSource):
            self.post_message(self.NotesWriteFailed("Notes cannot be exported in this session."))
            return
        snapshot = source.snapshot(self.articles)
        if snapshot.error:
            self.post_message(self.NotesWriteFailed(f"Nothing exported: {line(snapshot.error)}"))
            return
        from tui.notes_export import export_notes

        try:
            done = export_notes(snapshot, self.articles, tag=tag, data_dir=source.data_dir)
        except LookupError as error:
            self.post_message(self.NotesWriteFailed(f"Nothing exported: {line(error.args[0])}."))
            return
        except OSError as error:
            where = f" ({line(error.filename)})" if error.filename else ""
            reason = line(error.strerror or error)
            self.post_message(self.NotesWriteFailed(f"Export failed: {reason}{where}"))
            return
        self.post_message(self.NotesExported(done))

    def on_notes_flows_notes_exported(self, event: NotesExported) -> None:
        count = event.export.count
        self.notify(
            f"Exported {count} note{'s' if count != 1 else ''} to {line(event.export.path)}",
            title="Export",
            timeout=20,
            markup=False,
        )


def _trimmed(body: str, start: int, end: int) -> tuple[int, int]:
    """The selection without the spaces and line breaks at its ends."""
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return start, end
