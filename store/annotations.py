"""Each user's notes on articles, safe with many sessions and many users on one host.

Layout of a data directory::

    <data>/users/<user>/articles/<article>.json          one TinyDB file per (user, article)
    <data>/users/<user>/articles/.<article>.json.lock    its flock (see store.safe_db)
    <data>/users/<user>/changes                          one byte appended per write

An article file holds a ``notes`` table (one document per note) and an
``article`` table (one document with the article's tags). A write touches one
small file, so its cost does not grow with everything the user owns.

Notes have their own random ids; TinyDB's document ids are only used inside a
locked transaction. A :class:`NoteBook` writes only under its own user's
directory, and only if that directory belongs to the running account. A corrupt
article file is never written over: writes to it raise
:class:`~store.safe_db.CorruptDatabase` until :meth:`NoteBook.set_aside_corrupt`
renames it (bytes untouched) so a fresh file can start.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB
from tinydb.table import Document

from store import anchoring
from store.identity import check_owned, modes_for, validate_user
from store.notes import (
    ARTICLE_FIELDS,
    NOTE_FIELDS,
    Note,
    NoteNotFound,
    NotYourNote,
    check_fields,
    is_article_id,
    new_note_id,
    normalise_tags,
    note_document,
    note_from_document,
    now,
    validate_article,
)
from store.safe_db import (
    CorruptDatabase,
    DatabaseError,
    make_dir,
    move_aside,
    snapshot,
    sweep_temp_files,
    transaction,
)
from store.text import neutralise, single_line

__all__ = ["ARTICLE_TABLE", "NOTES_TABLE", "NoteBook", "NoteReader"]

NOTES_TABLE = "notes"
ARTICLE_TABLE = "article"
_FILE_SUFFIX = ".json"


def _check_file(db: TinyDB, path: Path) -> None:
    """Raise :class:`CorruptDatabase` unless every document in ``db`` is a note or a tag list.

    Run before every write, so a file TinyDB can parse but this module cannot
    read is refused like any other corrupt file, instead of being extended.
    """
    for table, fields in ((NOTES_TABLE, NOTE_FIELDS), (ARTICLE_TABLE, ARTICLE_FIELDS)):
        for document in db.table(table, cache_size=0).all():
            try:
                check_fields(document, fields)
            except ValueError as error:
                reason = f"{table} document {document.doc_id}: {error}"
                raise CorruptDatabase(path, reason) from None


@dataclass(frozen=True)
class _ArticleFile:
    """What one article file holds."""

    notes: list[Note]
    tags: tuple[str, ...]


class NoteReader:
    """Read-only access to one user's notes, one's own or a colleague's.

    Nothing here creates or changes a file, and nothing is cached: every call
    reads the files as they are now, each through an atomic snapshot.
    """

    def __init__(self, data_dir: Path, user: str) -> None:
        """Point at ``user``'s notes in ``data_dir``; the directory may not exist yet.

        Raises:
            InvalidUserName: ``user`` is unsafe as a directory name.
        """
        self.data_dir = Path(data_dir)
        self.user = validate_user(user)
        self._users_dir = self.data_dir / "users"
        self._user_dir = self._users_dir / user
        self._articles_dir = self._user_dir / "articles"
        self._changes = self._user_dir / "changes"

    def _path(self, article: str) -> Path:
        """Return the file of ``article``, refusing ids that are not safe file names."""
        return self._articles_dir / f"{validate_article(article)}{_FILE_SUFFIX}"

    def articles(self) -> list[str]:
        """Return the ids of the articles this user has a file for, sorted."""
        try:
            names = os.listdir(self._articles_dir)
        except FileNotFoundError:
            return []
        return sorted(
            name[: -len(_FILE_SUFFIX)]
            for name in names
            if name.endswith(_FILE_SUFFIX) and is_article_id(name[: -len(_FILE_SUFFIX)])
        )

    def _read(self, article: str) -> _ArticleFile:
        """Return the contents of ``article``'s file (empty if there is none).

        Raises:
            DatabaseError: The file cannot be read, or is corrupt.
        """
        path = self._path(article)
        db = snapshot(path)
        try:
            return self._contents(db, path, article)
        finally:
            db.close()

    def _contents(self, db: TinyDB, path: Path, article: str) -> _ArticleFile:
        """Return what ``db`` holds, raising :class:`CorruptDatabase` for malformed documents."""
        _check_file(db, path)
        notes = [
            note_from_document(document, self.user, article)
            for document in db.table(NOTES_TABLE, cache_size=0).all()
        ]
        tag_documents = db.table(ARTICLE_TABLE, cache_size=0).all()
        tags = normalise_tags(tag_documents[0]["tags"]) if tag_documents else ()
        return _ArticleFile(notes, tags)

    def _read_all(self) -> Iterator[tuple[str, _ArticleFile | DatabaseError]]:
        """Yield every article with its contents, or with the reason it cannot be read."""
        for article in self.articles():
            try:
                yield article, self._read(article)
            except DatabaseError as error:
                yield article, error

    def notes(self, article: str | None = None, tag: str | None = None) -> list[Note]:
        """Return this user's notes, by article then position, as stored (unplaced).

        Args:
            article: Only this article's notes. A corrupt file then raises.
            tag: Only notes carrying this tag themselves or on their article.

        Raises:
            DatabaseError: ``article`` was given and its file is unreadable or
                corrupt. Without ``article``, such files are skipped and listed
                by :meth:`problems` instead.
        """
        if article is not None:
            files = [(article, self._read(article))]
        else:
            files = [
                (name, found) for name, found in self._read_all() if isinstance(found, _ArticleFile)
            ]
        wanted = single_line(tag) if tag is not None else None
        chosen = [
            note
            for _, contents in files
            for note in contents.notes
            if wanted is None or wanted in note.tags or wanted in contents.tags
        ]
        return sorted(
            chosen, key=lambda note: (note.article, note.anchor.start, note.created, note.id)
        )

    def article_tags(self, article: str) -> tuple[str, ...]:
        """Return the tags on ``article``, in the order they were added."""
        return self._read(article).tags

    def all_tags(self) -> list[str]:
        """Return every tag used on a note or an article, sorted; unreadable files are skipped."""
        tags: set[str] = set()
        for _, contents in self._read_all():
            if isinstance(contents, _ArticleFile):
                tags.update(contents.tags)
                tags.update(tag for note in contents.notes for tag in note.tags)
        return sorted(tags)

    def problems(self) -> list[DatabaseError]:
        """Return one error per article file that cannot be read, without raising.

        The files are left exactly as they are, for recovery by hand.
        """
        return [found for _, found in self._read_all() if isinstance(found, DatabaseError)]

    def fingerprint(self) -> tuple[int, ...]:
        """Return a value that changes whenever this user's notes or tags change.

        Two ``stat`` calls, cheap enough to poll every couple of seconds: the
        ``changes`` file grows by one byte per write (its size never repeats,
        unlike a coarse mtime), and the articles directory's mtime changes on
        every rename, even from a writer killed before it appended its byte.
        """
        key: list[int] = []
        for path in (self._changes, self._articles_dir):
            try:
                info = os.stat(path)
            except FileNotFoundError:
                key += [0, 0]
            else:
                key += [info.st_size, info.st_mtime_ns]
        return tuple(key)

    def others(self) -> list[NoteReader]:
        """Return read-only views of the other users whose notes this account may read.

        In a team directory that is everyone; in a personal one, nobody but
        other names used on this same account.
        """
        try:
            names = sorted(os.listdir(self._users_dir))
        except FileNotFoundError:
            return []
        readers = []
        for name in names:
            articles_dir = self._users_dir / name / "articles"
            if name == self.user or not os.access(articles_dir, os.R_OK | os.X_OK):
                continue
            try:
                readers.append(NoteReader(self.data_dir, name))
            except ValueError:
                continue
        return readers


class NoteBook(NoteReader):
    """One user's notes and article tags, read and written.

    Safe to use from several processes at once, for one user or many: every
    write is one locked, atomic transaction on one article file, and every read
    comes from the disk. Use :meth:`fingerprint` to notice writes made by
    another session.
    """

    def __init__(self, data_dir: Path, user: str) -> None:
        """Open ``user``'s notes in ``data_dir``, removing temporary files left by crashes.

        Raises:
            InvalidUserName: ``user`` is unsafe as a directory name.
            ForeignUserDirectory: ``users/<user>`` belongs to another account.
        """
        super().__init__(data_dir, user)
        self._modes = modes_for(self.data_dir)
        # Note id -> article. A note never changes article, so an entry can only
        # be missing or point at a deleted note; both are checked on use.
        self._index: dict[str, str] = {}
        check_owned(self._user_dir)
        sweep_temp_files(self._articles_dir, file_mode=self._modes.file)

    @contextmanager
    def _locked(self, article: str) -> Iterator[TinyDB]:
        """Yield ``article``'s database for one locked transaction, then record the change."""
        check_owned(self._user_dir)
        make_dir(self.data_dir, self._modes.dir)
        make_dir(self._users_dir, self._modes.users_dir)
        make_dir(self._articles_dir, self._modes.dir)
        with transaction(self._path(article), file_mode=self._modes.file) as db:
            yield db
        fd = os.open(
            self._changes, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, self._modes.file
        )
        try:
            os.write(fd, b"\n")
        finally:
            os.close(fd)

    @contextmanager
    def _writing(self, article: str) -> Iterator[TinyDB]:
        """Like :meth:`_locked`, refusing a corrupt file before anything is written."""
        with self._locked(article) as db:
            _check_file(db, self._path(article))
            yield db

    def add_note(
        self,
        article: str,
        body: str,
        content_hash: str,
        start: int,
        end: int,
        note: str = "",
        tags: Iterable[str] = (),
    ) -> Note:
        """Store a note on ``body[start:end]`` of ``article`` and return it.

        Raises:
            ValueError: The span is empty or outside ``body``, or the article id is unsafe.
            CorruptDatabase: The article's file is corrupt; nothing was written.
        """
        anchor = anchoring.make_anchor(body, start, end, content_hash)
        stamp = now()
        with self._writing(article) as db:
            notes = db.table(NOTES_TABLE, cache_size=0)
            taken = {document.get("id") for document in notes.all()}
            note_id = new_note_id()
            while note_id in taken:
                note_id = new_note_id()
            created = Note(
                id=note_id,
                user=self.user,
                article=article,
                quote=anchor.exact,
                note=neutralise(note),
                tags=normalise_tags(tags),
                start=start,
                end=end,
                created=stamp,
                updated=stamp,
                orphaned=False,
                anchor=anchor,
            )
            notes.insert(note_document(created))
        self._index[note_id] = article
        return created

    def update_note(
        self, note_id: str, *, note: str | None = None, tags: Iterable[str] | None = None
    ) -> Note:
        """Change a note's text and/or tags and return the stored note.

        Raises:
            NoteNotFound: No note of this user has ``note_id``.
            NotYourNote: ``note_id`` is another user's note.
        """
        article = self._locate(note_id)
        with self._writing(article) as db:
            notes = db.table(NOTES_TABLE, cache_size=0)
            document = self._find(notes.search(Query().id == note_id), note_id)
            changes: dict[str, Any] = {"updated": now()}
            if note is not None:
                changes["note"] = neutralise(note)
            if tags is not None:
                changes["tags"] = list(normalise_tags(tags))
            notes.update(changes, doc_ids=[document.doc_id])
            return note_from_document({**document, **changes}, self.user, article)

    def delete_note(self, note_id: str) -> Note:
        """Delete a note and return it, so that :meth:`restore_note` can undo the deletion.

        Raises:
            NoteNotFound: No note of this user has ``note_id``.
            NotYourNote: ``note_id`` is another user's note.
        """
        article = self._locate(note_id)
        with self._writing(article) as db:
            notes = db.table(NOTES_TABLE, cache_size=0)
            document = self._find(notes.search(Query().id == note_id), note_id)
            notes.remove(doc_ids=[document.doc_id])
        self._index.pop(note_id, None)
        return note_from_document(document, self.user, article)

    def restore_note(self, note: Note) -> Note:
        """Put a deleted note back, with its id, anchor and timestamps; return the stored note.

        Restoring a note that is already there changes nothing.

        Raises:
            NotYourNote: ``note`` is another user's.
        """
        if note.user != self.user:
            raise NotYourNote(note.id, note.user)
        with self._writing(note.article) as db:
            notes = db.table(NOTES_TABLE, cache_size=0)
            existing = notes.search(Query().id == note.id)
            if existing:
                return note_from_document(existing[0], self.user, note.article)
            document = note_document(note)
            document["note"] = neutralise(note.note)
            document["tags"] = list(normalise_tags(note.tags))
            notes.insert(document)
        self._index[note.id] = note.article
        return note_from_document(document, self.user, note.article)

    def _find(self, documents: list[Document], note_id: str) -> Document:
        """Return the one document found for ``note_id``, or forget it and raise NoteNotFound."""
        if not documents:
            self._index.pop(note_id, None)
            raise NoteNotFound(note_id)
        return documents[0]

    def _locate(self, note_id: str) -> str:
        """Return the article holding ``note_id``.

        Raises:
            NotYourNote: The id is another user's note.
            NoteNotFound: Nobody in this data directory has it.
        """
        if note_id not in self._index:
            for note in self.notes():
                self._index[note.id] = note.article
        if note_id in self._index:
            return self._index[note_id]
        for other in self.others():
            if any(note.id == note_id for note in other.notes()):
                raise NotYourNote(note_id, other.user)
        raise NoteNotFound(note_id)

    def tag_article(self, article: str, *tags: str) -> tuple[str, ...]:
        """Add ``tags`` to ``article`` and return all its tags."""
        return self._retag(article, lambda current: normalise_tags([*current, *tags]))

    def untag_article(self, article: str, *tags: str) -> tuple[str, ...]:
        """Remove ``tags`` from ``article`` and return the tags left."""
        gone = set(normalise_tags(tags))
        return self._retag(article, lambda current: tuple(t for t in current if t not in gone))

    def _retag(
        self, article: str, change: Callable[[tuple[str, ...]], tuple[str, ...]]
    ) -> tuple[str, ...]:
        """Apply ``change`` (old tags -> new tags) to ``article`` in one transaction."""
        with self._writing(article) as db:
            table = db.table(ARTICLE_TABLE, cache_size=0)
            documents = table.all()
            current = normalise_tags(documents[0]["tags"]) if documents else ()
            wanted: tuple[str, ...] = change(current)
            if wanted != current:
                if documents:
                    table.update({"tags": list(wanted)}, doc_ids=[documents[0].doc_id])
                else:
                    table.insert({"tags": list(wanted)})
        return wanted

    def set_aside_corrupt(self, article: str) -> Path:
        """Rename ``article``'s corrupt file out of the way, byte for byte, and return its new path.

        Afterwards the article starts with no notes, and the old file waits
        under ``<article>.json.corrupt-<UTC time>`` for recovery by hand.

        Raises:
            ValueError: The file is not corrupt (a healthy file is never moved).
        """
        with self._locked(article):
            try:
                self._read(article)
            except CorruptDatabase:
                return move_aside(self._path(article))
        raise ValueError(f"{self._path(article)} is missing or not corrupt; refusing to move it")
