"""Recognise passages an article repeats: a body pasted twice, a repeated headline or lede.

Copies are compared on a key that ignores spacing, quote style and light
punctuation (see `comparison_key`), and near copies (a changed sentence, a
truncated lede in a link-preview card) by how much of a passage's character
trigrams an earlier passage already holds. Character trigrams suit Korean: they
survive particles and spacing changes that word-level comparison does not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from store.metadata import split_title_suffix
from store.sentences import comparison_key, split_sentences

__all__ = ["DuplicateFinder", "trigrams"]

# A passage is a near copy when this share of its trigrams is in one earlier
# paragraph, or a larger share in all earlier text together.
NEAR_COPY = 0.8
SPREAD_COPY = 0.9
# Below this many key characters only exact copies count: short lines
# (sub-headings, questions) share too many trigrams by chance.
MIN_NEAR_KEY = 25


@lru_cache(maxsize=1024)
def trigrams(key: str) -> frozenset[str]:
    """The set of character trigrams of a comparison key."""
    return frozenset(key[i : i + 3] for i in range(max(1, len(key) - 2)))


@dataclass(slots=True)
class _Kept:
    number: int
    text: str
    key: str
    grams: frozenset[str]


@dataclass(slots=True)
class DuplicateFinder:
    """Remembers the passages kept so far and recognises later copies of them."""

    headlines: set[str] = field(default_factory=set)
    _kept: list[_Kept] = field(default_factory=list)
    _by_key: dict[str, int] = field(default_factory=dict)
    _all_grams: set[str] = field(default_factory=set)

    def add_headline(self, headline: str) -> None:
        """Register a headline so that a copy of it in the body is recognised."""
        key = comparison_key(headline)
        if key:
            self.headlines.add(key)

    def copy_of(self, text: str) -> str | None:
        """Describe what ``text`` copies (``second copy of paragraph 3``), or None."""
        key = comparison_key(text)
        if not key:
            return None
        if key in self.headlines or comparison_key(split_title_suffix(text)[0]) in self.headlines:
            return "headline repeated in the body"
        if key in self._by_key:
            return f"second copy of paragraph {self._by_key[key]}"
        if len(key) < MIN_NEAR_KEY:
            return None
        grams = trigrams(key)
        shared = len(grams & self._all_grams) / len(grams)
        if shared < NEAR_COPY:
            return None  # no earlier paragraph can hold more than all of them together
        best, best_share = None, 0.0
        for kept in self._kept:
            share = len(grams & kept.grams) / len(grams)
            if share > best_share:
                best, best_share = kept, share
        if best is not None and best_share >= NEAR_COPY:
            return _describe_near_copy(text, best)
        if shared >= SPREAD_COPY:
            return "repeats earlier passages (a summary of the story)"
        return None

    def keep(self, text: str) -> None:
        """Record ``text`` as a kept paragraph."""
        key = comparison_key(text)
        if not key:
            return
        number = len(self._kept) + 1
        grams = trigrams(key)
        self._kept.append(_Kept(number, text, key, grams))
        self._by_key.setdefault(key, number)
        self._all_grams |= grams


def _describe_near_copy(text: str, original: _Kept) -> str:
    """Say which paragraph ``text`` copies and what differs between the two copies."""
    if original.key.startswith(comparison_key(text)):
        return f"truncated copy of paragraph {original.number}"
    ours = split_sentences(text)
    theirs = split_sentences(original.text)
    our_keys = comparison_key(text)
    only_here = [s for s in ours if comparison_key(s) not in original.key]
    only_there = [s for s in theirs if comparison_key(s) not in our_keys]
    detail = f"near copy of paragraph {original.number}"
    if not only_here and not only_there:
        return detail + " (truncated or respaced)"
    if only_here:
        detail += "; only in this copy: " + " / ".join(only_here)
    if only_there:
        detail += "; only in the first copy: " + " / ".join(only_there)
    return detail
