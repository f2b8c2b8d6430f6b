"""The domain objects every layer shares: articles, what cleaning removed, mentions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, NamedTuple

from store.text import escaped

RemovalReason = Literal["boilerplate", "duplicate", "metadata"]
EntityType = Literal["PERSON", "ORG", "PRODUCT", "PLACE", "EVENT"]
ENTITY_TYPES: tuple[EntityType, ...] = ("PERSON", "ORG", "PRODUCT", "PLACE", "EVENT")


@dataclass(frozen=True, slots=True)
class Reporter:
    """A byline: the reporter's name and, when the page gives it, an e-mail address."""

    name: str
    email: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "email": self.email}


@dataclass(frozen=True, slots=True)
class Removed:
    """A line or passage cleaning cut, kept so the reader can inspect it.

    ``detail`` says which rule cut it (``copyright line``, ``second copy of
    paragraph 3``) and, for a duplicate that differs from its first copy, what
    differs.
    """

    text: str
    reason: RemovalReason
    detail: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "reason": self.reason, "detail": self.detail}


@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence of an entity: ``body[start:end] == surface``."""

    article: str
    start: int
    end: int
    surface: str
    entity: str
    type: EntityType

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.entity,
            "type": self.type,
            "start": self.start,
            "end": self.end,
            "surface": self.surface,
        }


@dataclass(frozen=True, slots=True)
class Article:
    """A clean article: metadata, paragraphs, what was cut, and its entity mentions.

    ``paragraphs``, ``mentions`` and ``removed`` are sequences rather than tuples
    so that a large corpus can keep them packed or on disk until they are looked at.

    ``content_hash`` is the SHA-256 of the file's bytes; notes anchor to it.
    ``duplicate_of`` is set by the corpus when another outlet's copy of the same
    story came first.
    """

    id: str
    path: Path
    content_hash: str
    title: str
    outlet: str | None
    date: str | None
    reporters: tuple[Reporter, ...]
    paragraphs: Sequence[str]  # may be read lazily from a corpus snapshot
    removed: Sequence[Removed]  # may be read lazily from the analysis cache
    mentions: Sequence[Mention] = ()  # in body order; often a packed MentionTable
    encoding: str = "utf-8"
    duplicate_of: str | None = None
    also_in: tuple[str, ...] = field(default=())

    @property
    def body(self) -> str:
        """The clean body: paragraphs separated by one blank line."""
        return "\n\n".join(self.paragraphs)

    @property
    def empty(self) -> bool:
        """True when nothing readable is left after cleaning."""
        return not self.paragraphs


class Listing(NamedTuple):
    """What the article list shows of a corpus, column by column: enough to draw its rows.

    Columns, not one object per article: a warm start reads 10,000 articles'
    worth before its first frame, and the list builds its rows from whole
    columns at once (`tui.listing.build_rows`).
    """

    ids: list[str]
    titles: list[str]
    outlets: list[str | None]
    dates: list[str | None]
    empty: list[bool]
    duplicate_of: list[str | None]
    also_in: list[tuple[str, ...]]

    @classmethod
    def of(cls, articles: Iterable[Article]) -> Listing:
        """The columns of ``articles``, in their order."""
        articles = list(articles)
        return cls(
            [article.id for article in articles],
            [article.title for article in articles],
            [article.outlet for article in articles],
            [article.date for article in articles],
            [article.empty for article in articles],  # a lazy body knows its length unread
            [article.duplicate_of for article in articles],
            [tuple(article.also_in) for article in articles],
        )


@dataclass(frozen=True, slots=True)
class SkippedFile:
    """A file that could not be read as an article, and why (one line)."""

    path: Path
    reason: str

    def __str__(self) -> str:
        return f"{escaped(self.path.name)}: {self.reason}"  # a name may hold escapes
