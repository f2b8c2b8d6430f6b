"""The cross-article entity index: every entity, its mentions in document order, per article.

Built once from the articles' cached mentions (no Kiwi), then answered from
dictionaries, so that choosing an entity or stepping to its next mention costs
a lookup, not a scan.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from store.model import Article, EntityType, Mention

__all__ = ["Entity", "EntityIndex"]


@dataclass(frozen=True, slots=True)
class Entity:
    """A canonical entity with every mention of it across the corpus."""

    name: str
    type: EntityType
    aliases: tuple[str, ...]
    mentions: tuple[Mention, ...]

    @property
    def count(self) -> int:
        return len(self.mentions)

    @property
    def articles(self) -> tuple[str, ...]:
        """Ids of the articles that mention it, in corpus order."""
        return tuple(dict.fromkeys(mention.article for mention in self.mentions))

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


class EntityIndex:
    """Entities of a corpus, by name and by article; mentions in document order."""

    def __init__(self, articles: Iterable[Article]) -> None:
        by_name: dict[str, list[Mention]] = defaultdict(list)
        self._in_article: dict[str, tuple[Mention, ...]] = {}
        self._article_order: dict[str, int] = {}
        for position, article in enumerate(articles):
            self._article_order[article.id] = position
            mentions = tuple(sorted(article.mentions, key=lambda m: (m.start, m.end)))
            self._in_article[article.id] = mentions
            for mention in mentions:
                by_name[mention.entity].append(mention)
        self._entities: dict[str, Entity] = {}
        for name, found in by_name.items():
            types = Counter(mention.type for mention in found)
            surfaces = dict.fromkeys(mention.surface for mention in found)
            self._entities[name] = Entity(
                name=name,
                type=types.most_common(1)[0][0],
                aliases=tuple(surface for surface in surfaces if surface != name),
                mentions=tuple(found),
            )
        self._ranked = sorted(self._entities.values(), key=lambda e: (-e.count, e.name))
        self._places = {
            name: [(self._article_order[m.article], m.start) for m in entity.mentions]
            for name, entity in self._entities.items()
        }

    def __len__(self) -> int:
        return len(self._entities)

    def __contains__(self, name: object) -> bool:
        return name in self._entities

    def entities(self, type: EntityType | None = None) -> list[Entity]:
        """Entities, most mentioned first; only those of ``type`` when given."""
        if type is None:
            return list(self._ranked)
        return [entity for entity in self._ranked if entity.type == type]

    def get(self, name: str) -> Entity:
        """The entity with this canonical name. Raises KeyError."""
        return self._entities[name]

    def in_article(self, article_id: str) -> tuple[Mention, ...]:
        """The mentions of one article, by position in its body."""
        return self._in_article.get(article_id, ())

    def step(self, name: str, article_id: str, offset: int, forward: bool = True) -> Mention | None:
        """The next (or previous) mention of ``name`` after (before) a place in the corpus.

        The place is an article and an offset in its body; stepping crosses
        article boundaries in corpus order and stops at the ends.
        """
        mentions = self._entities[name].mentions
        keys = self._places[name]
        here = (self._article_order.get(article_id, -1), offset)
        if forward:
            index = bisect.bisect_right(keys, here)
            return mentions[index] if index < len(mentions) else None
        index = bisect.bisect_left(keys, here) - 1
        return mentions[index] if index >= 0 else None
