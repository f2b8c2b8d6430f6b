"""The cross-article entity index: every entity, its mentions in document order, per article.

Each entity keeps its mentions as packed ``(article, start, end)`` integers in
corpus order, so choosing the most mentioned entity of a large corpus, counting
its articles, or stepping to its next mention is a slice or a bisection, not a
scan; `Mention` objects are made only for the rows a screen shows. The packed
form is also what the corpus snapshot stores, so a warm start does not rebuild
the index.
"""

from __future__ import annotations

import bisect
import sys
from array import array
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from store.mention_table import MentionTable, PackedMentions
from store.model import ENTITY_TYPES, Article, EntityType, Mention

__all__ = ["Entity", "EntityIndex", "EntityMentions"]

_TRIPLE = 3


class EntityMentions(PackedMentions):
    """One entity's mentions across the corpus, in document order, made on demand."""

    __slots__ = ("_articles", "_name", "_places", "_type")

    def __init__(
        self, name: str, kind: EntityType, places: array[int], articles: Sequence[Article]
    ) -> None:
        self._name, self._type, self._places, self._articles = name, kind, places, articles

    def __len__(self) -> int:
        return len(self._places) // _TRIPLE

    def _mention(self, index: int) -> Mention:
        at = index * _TRIPLE
        article = self._articles[self._places[at]]
        start, end = self._places[at + 1], self._places[at + 2]
        return Mention(
            article.id, start, end, _surface(article, start, end), self._name, self._type
        )

    def article_ids(self) -> tuple[str, ...]:
        """The articles these mentions are in, in corpus order, without making mentions."""
        return tuple(self._articles[index].id for index in dict.fromkeys(self._places[0::_TRIPLE]))


@dataclass(frozen=True)
class Entity:
    """A canonical entity with every mention of it across the corpus."""

    name: str
    type: EntityType
    aliases: tuple[str, ...]
    mentions: Sequence[Mention]

    @cached_property
    def articles(self) -> tuple[str, ...]:
        """Ids of the articles naming it, in corpus order (counted when first asked)."""
        if isinstance(self.mentions, EntityMentions):
            return self.mentions.article_ids()
        return tuple(dict.fromkeys(mention.article for mention in self.mentions))

    @property
    def count(self) -> int:
        return len(self.mentions)

    def to_json(self) -> dict[str, object]:
        """``lgai-reader entities --json``: name, type, aliases and every mention."""
        return {
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "mentions": [
                {"article": m.article, "start": m.start, "end": m.end, "surface": m.surface}
                for m in self.mentions
            ],
        }


@dataclass(slots=True)
class _Record:
    """What the index keeps per entity: its type, other names, and packed places."""

    type: EntityType
    aliases: tuple[str, ...]
    places: array[int]
    keys: array[int] | None = None  # (article << 32 | start), built on first step


class EntityIndex:
    """Entities of a corpus, by name and by article; mentions in document order."""

    def __init__(self, articles: Sequence[Article], records: dict[str, _Record] | None = None):
        self._articles = articles
        self._order = {article.id: position for position, article in enumerate(articles)}
        self._records = records if records is not None else _build(articles)
        self._ranked = sorted(self._records, key=lambda name: (-self._count(name), name))

    @classmethod
    def from_state(cls, articles: Sequence[Article], state: Sequence[Any]) -> EntityIndex:
        """An index from `state` (as written in a corpus snapshot) over the same articles.

        Raises:
            ValueError, TypeError: ``state`` is not of that shape (a damaged snapshot).
        """
        records = {}
        for name, kind, aliases, packed in state:
            places = array("i")
            places.frombytes(packed)
            if kind not in ENTITY_TYPES or len(places) % _TRIPLE:
                raise ValueError(f"not an index record: {name!r}")
            records[sys.intern(name)] = _Record(kind, tuple(aliases), places)
        return cls(articles, records)

    def state(self) -> list[tuple[str, str, tuple[str, ...], bytes]]:
        """Plain values (for `marshal`) from which `from_state` rebuilds this index."""
        return [
            (name, record.type, record.aliases, record.places.tobytes())
            for name, record in self._records.items()
        ]

    def __len__(self) -> int:
        return len(self._records)

    def __contains__(self, name: object) -> bool:
        return name in self._records

    def _count(self, name: str) -> int:
        return len(self._records[name].places) // _TRIPLE

    def entities(self, type: EntityType | None = None) -> list[Entity]:
        """Entities, most mentioned first; only those of ``type`` when given."""
        names = (
            self._ranked
            if type is None
            else [name for name in self._ranked if self._records[name].type == type]
        )
        return [self.get(name) for name in names]

    def get(self, name: str) -> Entity:
        """The entity with this canonical name. Raises KeyError."""
        record = self._records[name]
        mentions = EntityMentions(name, record.type, record.places, self._articles)
        return Entity(name, record.type, record.aliases, mentions)

    def in_article(self, article_id: str) -> Sequence[Mention]:
        """The mentions of one article, by position in its body."""
        position = self._order.get(article_id)
        return self._articles[position].mentions if position is not None else ()

    def position(self, name: str, article_id: str, start: int) -> int | None:
        """Where the mention of ``name`` at ``start`` of an article is in its mention list."""
        keys = self._keys(name)
        key = (self._order.get(article_id, -1) << 32) | start
        index = bisect.bisect_left(keys, key)
        return index if index < len(keys) and keys[index] == key else None

    def step(self, name: str, article_id: str, offset: int, forward: bool = True) -> Mention | None:
        """The next (or previous) mention of ``name`` after (before) a place in the corpus.

        The place is an article and an offset in its body; stepping crosses
        article boundaries in corpus order and stops at the ends.
        """
        keys = self._keys(name)
        here = (self._order.get(article_id, -1) << 32) | max(offset, 0)
        mentions = self.get(name).mentions
        if forward:
            index = bisect.bisect_right(keys, here)
            return mentions[index] if index < len(keys) else None
        index = bisect.bisect_left(keys, here) - 1
        return mentions[index] if index >= 0 else None

    def _keys(self, name: str) -> array[int]:
        record = self._records[name]
        if record.keys is None:
            places = record.places
            record.keys = array(
                "q", ((places[i] << 32) | places[i + 1] for i in range(0, len(places), _TRIPLE))
            )
        return record.keys


def _build(articles: Sequence[Article]) -> dict[str, _Record]:
    """Pack every article's mentions by entity, in corpus then body order."""
    places: dict[str, array[int]] = {}
    types: dict[str, Counter[str]] = {}
    surfaces: dict[str, dict[str, None]] = {}
    for position, article in enumerate(articles):
        for start, end, name, kind in _rows(article):
            places.setdefault(name, array("i")).extend((position, start, end))
            types.setdefault(name, Counter())[kind] += 1
            surfaces.setdefault(name, {})[_surface(article, start, end)] = None
    records = {}
    for name, packed in places.items():
        kind = types[name].most_common(1)[0][0]
        aliases = tuple(surface for surface in surfaces[name] if surface != name)
        records[sys.intern(name)] = _Record(kind, aliases, packed)  # type: ignore[arg-type]
    return records


def _rows(article: Article) -> Iterator[tuple[int, int, str, str]]:
    mentions = article.mentions
    if isinstance(mentions, MentionTable):
        yield from mentions.rows()
    else:
        for m in sorted(mentions, key=lambda m: (m.start, m.end)):
            yield m.start, m.end, m.entity, m.type


def _surface(article: Article, start: int, end: int) -> str:
    mentions = article.mentions
    if isinstance(mentions, MentionTable):
        return mentions.surface(start, end)
    return article.body[start:end]
