"""Where the reader's caret goes: words, sentences and paragraphs of a clean body.

Pure functions over the body text and its paragraphs, so that caret movement
is tested without a screen. Words are runs of non-space characters (a Korean
eojeol such as ``연구원은`` is one word). Sentences end where
:mod:`store.sentences` ends them: a terminal mark, closing quotes, then space,
except a dot between digits (``2024. 12. 5.``, ``3.0``).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from store.sentences import sentence_starts as sentence_boundaries
from tui.body_layout import PARAGRAPH_SEPARATOR

__all__ = [
    "next_boundary",
    "next_paragraph",
    "next_sentence",
    "next_word",
    "paragraph_starts",
    "previous_boundary",
    "previous_paragraph",
    "previous_sentence",
    "previous_word",
    "sentence_starts",
]


def next_word(body: str, offset: int) -> int:
    """The start of the next word after ``offset`` (or the end of the body)."""
    length = len(body)
    index = offset
    while index < length and not body[index].isspace():
        index += 1
    while index < length and body[index].isspace():
        index += 1
    return index


def previous_word(body: str, offset: int) -> int:
    """The start of the word before ``offset`` (or of the word ``offset`` is inside)."""
    index = min(offset, len(body))
    while index > 0 and body[index - 1].isspace():
        index -= 1
    while index > 0 and not body[index - 1].isspace():
        index -= 1
    return index


def paragraph_starts(paragraphs: Sequence[str]) -> list[int]:
    """Body offsets where each paragraph begins."""
    starts = []
    offset = 0
    for paragraph in paragraphs:
        starts.append(offset)
        offset += len(paragraph) + len(PARAGRAPH_SEPARATOR)
    return starts


def sentence_starts(paragraphs: Sequence[str]) -> list[int]:
    """Body offsets where each sentence begins, in order."""
    starts: list[int] = []
    for base, paragraph in zip(paragraph_starts(paragraphs), paragraphs, strict=True):
        starts.append(base)
        starts.extend(base + start for start in sentence_boundaries(paragraph))
    return starts


def next_boundary(starts: Sequence[int], offset: int, end: int) -> int:
    """The first of the sorted ``starts`` after ``offset``, or ``end``."""
    index = bisect.bisect_right(starts, offset)
    return starts[index] if index < len(starts) else end


def previous_boundary(starts: Sequence[int], offset: int) -> int:
    """The last of the sorted ``starts`` before ``offset``, or 0."""
    index = bisect.bisect_left(starts, offset) - 1
    return starts[index] if index >= 0 else 0


def next_sentence(paragraphs: Sequence[str], offset: int) -> int:
    """The start of the next sentence after ``offset`` (or the end of the body)."""
    end = len(PARAGRAPH_SEPARATOR.join(paragraphs))
    return next_boundary(sentence_starts(paragraphs), offset, end)


def previous_sentence(paragraphs: Sequence[str], offset: int) -> int:
    """The start of the sentence before ``offset`` (the current one's start if inside it)."""
    return previous_boundary(sentence_starts(paragraphs), offset)


def next_paragraph(paragraphs: Sequence[str], offset: int) -> int:
    """The start of the next paragraph (or the end of the body)."""
    end = len(PARAGRAPH_SEPARATOR.join(paragraphs))
    return next_boundary(paragraph_starts(paragraphs), offset, end)


def previous_paragraph(paragraphs: Sequence[str], offset: int) -> int:
    """The start of the paragraph before ``offset`` (the current one's start if inside it)."""
    return previous_boundary(paragraph_starts(paragraphs), offset)
