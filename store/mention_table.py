"""Mentions kept as packed integers and made into `Mention` objects only when looked at.

A corpus of 10,000 articles has over a million mentions; a million small Python
objects cost hundreds of megabytes and seconds to build at every start. An
article's mentions are therefore four integers each (start, end, name, type)
in an `array`, with the names of that article in a small tuple; a `Mention` is
made when the reader draws one.
"""

from __future__ import annotations

import bisect
import itertools
import sys
from array import array
from collections.abc import Iterable, Iterator, Sequence
from typing import overload

from store.model import ENTITY_TYPES, Mention

__all__ = ["PARAGRAPH_SEPARATOR", "MentionTable", "PackedMentions"]

PARAGRAPH_SEPARATOR = "\n\n"
_FIELDS = 4
_TYPE_INDEX: dict[str, int] = {kind: index for index, kind in enumerate(ENTITY_TYPES)}


class PackedMentions(Sequence[Mention]):
    """A sequence of mentions kept packed: subclasses make the one at an index."""

    __slots__ = ()

    def _mention(self, index: int) -> Mention:
        raise NotImplementedError

    @overload
    def __getitem__(self, index: int) -> Mention: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Mention]: ...

    def __getitem__(self, index: int | slice) -> Mention | Sequence[Mention]:
        if isinstance(index, slice):
            return tuple(self._mention(i) for i in range(*index.indices(len(self))))
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._mention(index)

    def __iter__(self) -> Iterator[Mention]:
        for index in range(len(self)):
            yield self._mention(index)


class MentionTable(PackedMentions):
    """The mentions of one article, in body order, built into `Mention` objects on demand."""

    __slots__ = ("_article", "_data", "_names", "_paragraph_starts", "_paragraphs")

    def __init__(
        self,
        article: str,
        paragraphs: Sequence[str],
        data: array[int] | memoryview,
        names: Sequence[str],
    ) -> None:
        self._article = article
        self._paragraphs = paragraphs
        self._data = data
        self._names = tuple(names)
        self._paragraph_starts: list[int] | None = None  # the paragraphs may not be read yet

    @classmethod
    def build(
        cls,
        article: str,
        paragraphs: Sequence[str],
        rows: Iterable[tuple[int, int, str, str]],
    ) -> MentionTable:
        """A table from ``(start, end, canonical name, type)`` rows, sorted by position."""
        names: dict[str, int] = {}
        data = array("i")
        for start, end, name, kind in sorted(rows, key=lambda row: (row[0], row[1])):
            data.extend((start, end, names.setdefault(name, len(names)), _TYPE_INDEX[kind]))
        # Interned: every article names the same few entities (a snapshot keeps them so).
        return cls(article, paragraphs, data, [sys.intern(name) for name in names])

    @classmethod
    def of(
        cls, article: str, paragraphs: Sequence[str], mentions: Iterable[Mention]
    ) -> MentionTable:
        """A table holding ``mentions`` (made by the finder, or by a test)."""
        return cls.build(
            article, paragraphs, ((m.start, m.end, m.entity, m.type) for m in mentions)
        )

    def rows(self) -> Iterator[tuple[int, int, str, str]]:
        """``(start, end, canonical name, type)`` for each mention, without making objects."""
        data, names = self._data, self._names
        for index in range(0, len(data), _FIELDS):
            yield (
                data[index],
                data[index + 1],
                names[data[index + 2]],
                ENTITY_TYPES[data[index + 3]],
            )

    @property
    def names(self) -> tuple[str, ...]:
        return self._names

    @property
    def data(self) -> array[int] | memoryview:
        """Four native ints per mention: an array, or a view of a snapshot's bytes."""
        return self._data

    def surface(self, start: int, end: int) -> str:
        """``body[start:end]`` without joining the body: mentions never cross paragraphs."""
        if self._paragraph_starts is None:
            self._paragraph_starts = list(
                itertools.accumulate(
                    (len(p) + len(PARAGRAPH_SEPARATOR) for p in self._paragraphs[:-1]), initial=0
                )
            )
        number = bisect.bisect_right(self._paragraph_starts, start) - 1
        if number >= len(self._paragraphs):
            return ""  # a lazy body that could not be read again (see store.snapshot)
        base = self._paragraph_starts[number]
        return self._paragraphs[number][start - base : end - base]

    def __len__(self) -> int:
        return len(self._data) // _FIELDS

    def _mention(self, index: int) -> Mention:
        at = index * _FIELDS
        start, end = self._data[at], self._data[at + 1]
        return Mention(
            self._article,
            start,
            end,
            self.surface(start, end),
            self._names[self._data[at + 2]],
            ENTITY_TYPES[self._data[at + 3]],
        )

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self.rows()))

    def __repr__(self) -> str:
        return f"MentionTable({self._article!r}, {len(self)} mentions)"
