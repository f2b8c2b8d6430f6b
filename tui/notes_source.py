"""The user's notes and tags as the app shows them: read in one pass, placed, written.

:class:`NotesSource` is the app's adapter over :class:`store.NoteReader` and
:class:`store.NoteBook`. Everything here touches the disk and runs in worker
threads; the screen only ever holds a :class:`NotesSnapshot`, an immutable
picture of one moment: the user's notes placed against the *current* article
bodies (so they re-anchor when an article changed, and come back orphaned,
never dropped, when their passage is gone), the article tags, the files that
could not be read, and, when asked, other users' notes (read-only).

Any other :class:`~tui.annotation_source.AnnotationSource` (a test's fake)
becomes a snapshot through :func:`notes_snapshot` too, with spans but no notes.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from store.database_errors import CorruptDatabase, DatabaseError
from store.identity import ForeignUserDirectory, InvalidUserName, UnknownUser, validate_user
from store.model import Article
from store.notes import (
    InvalidArticleId,
    Note,
    NoteNotFound,
    NotYourNote,
    normalise_tags,
    place,
)
from tui.annotation_source import AnnotationSource
from tui.safe import line

if TYPE_CHECKING:
    from store.annotations import NoteBook, NoteReader

__all__ = [
    "NotesSnapshot",
    "NotesSource",
    "Span",
    "notes_snapshot",
    "parse_tags",
    "write_error_text",
]

Span = tuple[int, int]
Fingerprint = tuple[object, ...]

# Errors of reading or writing notes that a person can act on; anything else is a bug.
NOTE_ERRORS = (
    DatabaseError,
    NotYourNote,
    NoteNotFound,
    ForeignUserDirectory,
    InvalidUserName,
    UnknownUser,
    ValueError,
    OSError,
)

_TAG_SEPARATORS = re.compile(r"[,\s]+")


def parse_tags(typed: str) -> tuple[str, ...]:
    """Tags typed in one box, separated by commas or spaces; a leading ``#`` is dropped."""
    words = (word.lstrip("#") for word in _TAG_SEPARATORS.split(typed))
    return normalise_tags(word for word in words if word)


def write_error_text(error: BaseException) -> str:
    """One line saying why a note or tag could not be saved, and what to do."""
    if isinstance(error, NotYourNote):
        return f"This note belongs to {line(error.owner)}; read-only."
    if isinstance(error, CorruptDatabase):
        return (
            f"Cannot save: {line(error.path)} is damaged ({line(error.reason)}) and kept as it is;"
            " set it aside from My notes (m) to write again."
        )
    if isinstance(error, NoteNotFound):
        return "That note is gone (deleted in another session?)."
    if isinstance(error, InvalidArticleId):
        return f"Cannot save notes on this article: {line(error)}"
    if isinstance(error, OSError) and error.strerror:
        where = f" ({line(error.filename)})" if error.filename else ""
        return f"Cannot save: {line(error.strerror)}{where}"
    return f"Cannot save: {line(error) or type(error).__name__}"


@dataclass(frozen=True)
class NotesSnapshot:
    """Notes and tags as they were read at one moment, placed against the current bodies.

    Attributes:
        generation: Which read this is; a newer read always has a larger number.
        user: Whose notes ``mine`` are (the person using the app).
        fingerprint: The store's change marker taken before reading.
        mine: The user's notes, placed; orphaned ones included.
        others: Other users' notes, placed (read-only); empty unless asked for.
        tags: Each article's tags (the user's own).
        problems: One error per notes file of the user's that could not be read.
        error: Why notes cannot be read at all (None when they can).
        write_error: Why notes cannot be written (None when they can).
        fixed_spans: Spans from a source without notes (a fake in tests).
        fixed_counts: Note counts from such a source.
    """

    generation: int = 0
    user: str = ""
    fingerprint: Fingerprint = ()
    mine: tuple[Note, ...] = ()
    others: tuple[Note, ...] = ()
    tags: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    problems: tuple[DatabaseError, ...] = ()
    error: str | None = None
    write_error: str | None = None
    fixed_spans: Mapping[str, tuple[Span, ...]] = field(default_factory=dict)
    fixed_counts: Mapping[str, int] = field(default_factory=dict)

    def notes_on(self, article_id: str, *, others: bool = False) -> list[Note]:
        """The notes on one article (the user's, then others' if asked), by position."""
        chosen = [note for note in self.mine if note.article == article_id]
        if others:
            chosen += [note for note in self.others if note.article == article_id]
        return chosen

    def note_count(self, article_id: str) -> int:
        """How many notes of the user's are on the article, orphaned ones included."""
        if article_id in self.fixed_counts:
            return self.fixed_counts[article_id]
        return sum(1 for note in self.mine if note.article == article_id)

    def tags_of(self, article_id: str) -> tuple[str, ...]:
        return self.tags.get(article_id, ())

    def note_tags_of(self, article_id: str) -> tuple[str, ...]:
        """The tags on the user's notes in the article (the list's tag filter matches them too)."""
        return normalise_tags(
            tag for note in self.mine if note.article == article_id for tag in note.tags
        )

    def spans(self, article_id: str) -> tuple[tuple[Span, ...], tuple[Span, ...]]:
        """``(mine, others')`` spans to mark in the article's body; orphaned notes have none."""
        mine = tuple(
            (note.start, note.end)
            for note in self.mine
            if note.article == article_id and not note.orphaned
        )
        others = tuple(
            (note.start, note.end)
            for note in self.others
            if note.article == article_id and not note.orphaned
        )
        return mine + self.fixed_spans.get(article_id, ()), others

    def note_at(self, article_id: str, offset: int) -> Note | None:
        """The note whose span covers ``offset``: the user's first, the shortest first."""
        for group in (self.mine, self.others):
            covering = [
                note
                for note in group
                if note.article == article_id
                and not note.orphaned
                and note.start <= offset < note.end
            ]
            if covering:
                return min(covering, key=lambda note: (note.end - note.start, note.start))
        return None

    def find(self, note_id: str, user: str) -> Note | None:
        """The note ``note_id`` of ``user``, if it is (still) in the snapshot."""
        for note in (*self.mine, *self.others):
            if note.id == note_id and note.user == user:
                return note
        return None

    def all_tags(self) -> list[str]:
        """Every tag in use on notes and articles, sorted: suggestions for the tag boxes."""
        found = {tag for tags in self.tags.values() for tag in tags}
        found.update(tag for note in (*self.mine, *self.others) for tag in note.tags)
        return sorted(found)

    def effective_tags(self, note: Note) -> tuple[str, ...]:
        """A note's own tags, then its article's (the user's); what tag filters match."""
        article_tags = self.tags.get(note.article, ()) if note.user == self.user else ()
        return normalise_tags((*note.tags, *article_tags))


def place_all(notes: Iterable[Note], articles: Mapping[str, Article]) -> list[Note]:
    """Place notes against their articles' current bodies; a vanished article orphans its notes."""
    by_article: dict[str, list[Note]] = {}
    for note in notes:
        by_article.setdefault(note.article, []).append(note)
    placed: list[Note] = []
    for article_id, group in by_article.items():
        article = articles.get(article_id)
        if article is None:
            placed.extend(place(group, "", ""))
        else:
            placed.extend(place(group, article.body, article.content_hash))
    return placed


@dataclass
class _UserNotes:
    notes: list[Note] = field(default_factory=list)
    tags: dict[str, tuple[str, ...]] = field(default_factory=dict)
    problems: list[DatabaseError] = field(default_factory=list)


def _read_user(reader: NoteReader) -> _UserNotes:
    """Everything one user has, file by file; an unreadable file becomes a problem."""
    found = _UserNotes()
    for article in reader.articles():
        try:
            found.notes.extend(reader.notes(article=article))
            tags = reader.article_tags(article)
        except DatabaseError as error:
            found.problems.append(error)
            continue
        if tags:
            found.tags[article] = tags
    return found


class NotesSource:
    """One user's notes and tags in a data directory, and colleagues' notes to read.

    Cheap to create (no disk access, no TinyDB): the reader is made, and the
    :class:`NoteBook`, which sweeps temporary files and checks ownership, is
    opened, on the first read or write, in a worker. Writes are serialised by
    a lock, so two quick actions reach the disk in the order they were made.
    """

    def __init__(self, data_dir: Path, user: str | None, *, user_error: str | None = None) -> None:
        self.data_dir = Path(data_dir)
        self.user = user or ""
        self._error = user_error
        self._reader: NoteReader | None = None  # made on first use, in a worker
        if user_error is None:
            try:
                validate_user(self.user)
            except InvalidUserName as error:
                self._error = line(error)
        self._reader_lock = threading.Lock()
        self._book: NoteBook | None = None
        self._book_lock = threading.Lock()
        self._write_lock = threading.Lock()

    # -- reading ----------------------------------------------------------------

    @property
    def error(self) -> str | None:
        """Why notes cannot be used at all (an invalid user name), or None."""
        return self._error

    def _readable(self) -> NoteReader:
        """The user's reader, made on first use: it imports TinyDB, which no start waits for."""
        if self._error is not None:
            raise PermissionError(self._error)
        with self._reader_lock:
            if self._reader is None:
                from store.annotations import NoteReader

                self._reader = NoteReader(self.data_dir, self.user)
            return self._reader

    def fingerprint(self, with_others: bool = False) -> Fingerprint:
        """A value that changes whenever the user's (and, if asked, others') notes change."""
        if self._error is not None:
            return ()
        reader = self._readable()
        key: list[object] = [reader.fingerprint()]
        if with_others:
            key += [(other.user, other.fingerprint()) for other in reader.others()]
        return tuple(key)

    def snapshot(
        self, articles: Mapping[str, Article], *, with_others: bool = False, generation: int = 0
    ) -> NotesSnapshot:
        """Read everything now and place it against ``articles``; never raises for bad files."""
        if self._error is not None:
            return NotesSnapshot(generation, self.user, error=self._error)
        fingerprint = self.fingerprint(with_others)  # before reading: a later write shows next time
        mine = self._readable()
        try:
            own = _read_user(mine)
            others: list[Note] = []
            if with_others:
                for reader in mine.others():
                    others += _read_user(reader).notes
        except (DatabaseError, OSError) as error:
            return NotesSnapshot(generation, self.user, fingerprint, error=write_error_text(error))
        try:
            self._notebook()
            write_error = None
        except NOTE_ERRORS as error:
            write_error = line(error)
        return NotesSnapshot(
            generation=generation,
            user=self.user,
            fingerprint=fingerprint,
            mine=tuple(place_all(own.notes, articles)),
            others=tuple(place_all(others, articles)),
            tags=own.tags,
            problems=tuple(own.problems),
            write_error=write_error,
        )

    # The AnnotationSource protocol, for callers that want one answer at a time.

    def tags(self, article_id: str) -> tuple[str, ...]:
        try:
            return self._readable().article_tags(article_id)
        except (DatabaseError, ValueError, PermissionError):
            return ()

    def note_count(self, article_id: str) -> int:
        try:
            return len(self._readable().notes(article=article_id))
        except (DatabaseError, ValueError, PermissionError):
            return 0

    def spans(self, article: Article) -> Sequence[Span]:
        try:
            notes = self._readable().notes(article=article.id)
        except (DatabaseError, ValueError, PermissionError):
            return ()
        placed = place(notes, article.body, article.content_hash)
        return [(note.start, note.end) for note in placed if not note.orphaned]

    def all_tags(self) -> list[str]:
        try:
            return self._readable().all_tags()
        except PermissionError:
            return []

    # -- writing ----------------------------------------------------------------

    def _notebook(self) -> NoteBook:
        """The user's NoteBook, opened once (it touches the disk: call from a worker)."""
        with self._book_lock:
            if self._book is None:
                from store.annotations import NoteBook

                self._readable()
                self._book = NoteBook(self.data_dir, self.user)
            return self._book

    def _check_mine(self, note: Note) -> None:
        if note.user != self.user:
            raise NotYourNote(note.id, note.user)

    def add_note(
        self, article: Article, start: int, end: int, text: str, tags: Iterable[str]
    ) -> Note:
        with self._write_lock:
            return self._notebook().add_note(
                article.id, article.body, article.content_hash, start, end, note=text, tags=tags
            )

    def update_note(self, note: Note, text: str, tags: Iterable[str]) -> Note:
        self._check_mine(note)
        with self._write_lock:
            return self._notebook().update_note(note.id, note=text, tags=tuple(tags))

    def delete_note(self, note: Note) -> Note:
        """Delete ``note``; the returned note restores it with :meth:`restore_note`."""
        self._check_mine(note)
        with self._write_lock:
            return self._notebook().delete_note(note.id)

    def restore_note(self, note: Note) -> Note:
        self._check_mine(note)
        with self._write_lock:
            return self._notebook().restore_note(note)

    def retag(
        self, article_id: str, shown: Sequence[str], wanted: Sequence[str]
    ) -> tuple[str, ...]:
        """Make the article's tags ``wanted``, given that the user saw ``shown``.

        Only the difference is written, so a tag another session added meanwhile stays.
        """
        added = [tag for tag in wanted if tag not in shown]
        removed = [tag for tag in shown if tag not in wanted]
        with self._write_lock:
            book = self._notebook()
            tags = book.article_tags(article_id)
            if added:
                tags = book.tag_article(article_id, *added)
            if removed:
                tags = book.untag_article(article_id, *removed)
            return tags

    def set_aside(self, article_id: str) -> Path:
        """Rename the article's damaged notes file out of the way; return where it went."""
        with self._write_lock:
            return self._notebook().set_aside_corrupt(article_id)


def notes_snapshot(
    source: AnnotationSource,
    articles: Mapping[str, Article],
    *,
    with_others: bool = False,
    generation: int = 0,
) -> NotesSnapshot:
    """A snapshot from any annotation source (call from a worker: it reads the disk)."""
    if isinstance(source, NotesSource):
        return source.snapshot(articles, with_others=with_others, generation=generation)
    tags = {article_id: tuple(source.tags(article_id)) for article_id in articles}
    return NotesSnapshot(
        generation=generation,
        tags={article_id: found for article_id, found in tags.items() if found},
        write_error="notes are not stored in this session",
        fixed_spans={article.id: tuple(source.spans(article)) for article in articles.values()},
        fixed_counts={article_id: source.note_count(article_id) for article_id in articles},
    )
