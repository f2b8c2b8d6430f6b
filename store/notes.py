"""A note: a highlighted span of an article's clean body, a user's words about it, its tags.

This module holds the note itself, how it is stored as a document, and how it
is placed again against a body that changed (see `store.anchoring`). Where
notes live and who may write them is `store.annotations`.
"""

from __future__ import annotations

import base64
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from store import anchoring
from store.anchoring import Anchor
from store.text import neutralise, single_line

__all__ = [
    "ARTICLE_FIELDS",
    "NOTE_FIELDS",
    "InvalidArticleId",
    "NotYourNote",
    "Note",
    "NoteNotFound",
    "check_fields",
    "is_article_id",
    "new_note_id",
    "normalise_tags",
    "note_document",
    "note_from_document",
    "now",
    "place",
    "validate_article",
]

# Article ids become file names: no path separators, no leading dot (dot files
# are locks and temporary files), short enough for a 255-byte file name in UTF-8.
_ARTICLE_ID = re.compile(r"[\w][\w.()\[\] -]{0,79}")


class InvalidArticleId(ValueError):
    """An article id that cannot safely be a file name."""

    def __init__(self, article: str) -> None:
        super().__init__(
            f"invalid article id {article!r}: use up to 80 letters, digits, spaces or '_.-()[]',"
            " starting with a letter, digit or '_'"
        )


class NoteNotFound(LookupError):
    """No note of this user has the id (it may have been deleted in another session)."""

    def __init__(self, note_id: str) -> None:
        super().__init__(f"no note with id {note_id!r}")
        self.note_id = note_id


class NotYourNote(PermissionError):
    """The note belongs to another user; only its author may change it."""

    def __init__(self, note_id: str, owner: str) -> None:
        super().__init__(
            f"note {note_id!r} belongs to {owner!r}; you can read it but not change it"
        )
        self.note_id = note_id
        self.owner = owner


@dataclass(frozen=True)
class Note:
    """A highlighted span of an article's clean body, with the user's words about it.

    ``start``/``end`` are where the quote is in the body the note was last
    placed against (see :func:`place`); for an orphaned note they are the
    stored offsets and ``quote`` is all that is left of the span. ``anchor``
    is what was stored, used to place the note again.
    """

    id: str
    user: str
    article: str
    quote: str
    note: str
    tags: tuple[str, ...]
    start: int
    end: int
    created: str
    updated: str
    orphaned: bool
    anchor: Anchor

    def to_json(self) -> dict[str, Any]:
        """Return the note as plain JSON values, for ``--json`` output and exports."""
        return {
            "id": self.id,
            "user": self.user,
            "article": self.article,
            "quote": self.quote,
            "note": self.note,
            "tags": list(self.tags),
            "start": self.start,
            "end": self.end,
            "created": self.created,
            "updated": self.updated,
            "orphaned": self.orphaned,
        }


def place(notes: Iterable[Note], body: str, content_hash: str) -> list[Note]:
    """Return ``notes`` re-anchored against an article's current ``body``.

    Notes whose quote cannot be found come back with ``orphaned=True``; none
    is dropped.
    """
    placed = []
    for note in notes:
        where = anchoring.place(note.anchor, body, content_hash)
        placed.append(replace(note, start=where.start, end=where.end, orphaned=where.orphaned))
    return placed


def normalise_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Return ``tags`` as neutral one-line words, without blanks or repeats, in order."""
    return tuple(dict.fromkeys(tag for tag in map(single_line, tags) if tag))


def is_article_id(name: str) -> bool:
    """True when ``name`` can be an article id (and so a file name)."""
    return bool(_ARTICLE_ID.fullmatch(name))


def validate_article(article: str) -> str:
    """Return ``article`` if it is safe as a file name, else raise :class:`InvalidArticleId`."""
    if not _ARTICLE_ID.fullmatch(article):
        raise InvalidArticleId(article)
    return article


def now() -> str:
    """Return the current time as ISO 8601 in UTC, to the millisecond."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def new_note_id() -> str:
    """Return 80 random bits as 16 lower-case base32 characters: unique without coordination."""
    return base64.b32encode(secrets.token_bytes(10)).decode("ascii").lower()


def note_document(note: Note) -> dict[str, Any]:
    """Return what is stored for ``note``: its words and its anchor, not its placement."""
    anchor = note.anchor
    return {
        "id": note.id,
        "quote": anchor.exact,
        "prefix": anchor.prefix,
        "suffix": anchor.suffix,
        "start": anchor.start,
        "end": anchor.end,
        "content_hash": anchor.content_hash,
        "note": note.note,
        "tags": list(note.tags),
        "created": note.created,
        "updated": note.updated,
    }


NOTE_FIELDS: dict[str, type] = {
    "id": str,
    "quote": str,
    "prefix": str,
    "suffix": str,
    "start": int,
    "end": int,
    "content_hash": str,
    "note": str,
    "tags": list,
    "created": str,
    "updated": str,
}
ARTICLE_FIELDS: dict[str, type] = {"tags": list}


def check_fields(document: dict[str, Any], fields: dict[str, type]) -> None:
    """Raise ``ValueError`` unless ``document`` has every field, of the right JSON type."""
    for key, kind in fields.items():
        value = document.get(key)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise ValueError(f"field {key!r} is missing or not a {kind.__name__}")
    if not all(isinstance(tag, str) for tag in document["tags"]):
        raise ValueError("field 'tags' holds something other than text")


def note_from_document(document: dict[str, Any], user: str, article: str) -> Note:
    """Return the note stored in a checked ``document``, neutralising every text again.

    Text is neutralised on the way in too; doing it again on the way out means
    a hand-edited file or a colleague's file cannot smuggle escape sequences
    onto the screen.
    """
    anchor = Anchor(
        exact=neutralise(document["quote"]),
        prefix=neutralise(document["prefix"]),
        suffix=neutralise(document["suffix"]),
        start=document["start"],
        end=document["end"],
        content_hash=single_line(document["content_hash"]),
    )
    return Note(
        id=single_line(document["id"]),
        user=user,
        article=article,
        quote=anchor.exact,
        note=neutralise(document["note"]),
        tags=normalise_tags(document["tags"]),
        start=anchor.start,
        end=anchor.end,
        created=single_line(document["created"]),
        updated=single_line(document["updated"]),
        orphaned=False,
        anchor=anchor,
    )
