"""Find the same story republished by several outlets, so the list can show it once.

Republished copies share most of their text but reorder paragraphs, reword a
sentence or two and change the byline, so whole-text hashes miss them. Each
body is reduced to a sample of its character 8-gram shingles (taken over the
comparison key, so spacing and quote style do not matter); two articles are
one story when most of the smaller one's sample is in the other's. Sampling by
hash value keeps the same shingles in every article, so samples compare fairly.
"""

from __future__ import annotations

import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from store.sentences import comparison_key

__all__ = ["StoryGroup", "fingerprint", "group_republished"]

SHINGLE = 8
SAMPLE_MODULUS = 4
# Share of the smaller article's sample found in the other: same story.
SAME_STORY = 0.5
# Shingles found in more articles than this are stock phrases, not evidence.
MAX_SHINGLE_ARTICLES = 40
MIN_SAMPLE = 8


@dataclass(frozen=True, slots=True)
class StoryGroup:
    """Articles that carry one story: the first published, then the others."""

    first: str
    others: tuple[str, ...]


def fingerprint(paragraphs: Sequence[str]) -> list[int]:
    """A sorted sample of hashed shingles of the body, stable across processes."""
    key = comparison_key(" ".join(paragraphs))
    sample = set()
    for i in range(len(key) - SHINGLE + 1):
        value = zlib.crc32(key[i : i + SHINGLE].encode("utf-8"))
        if value % SAMPLE_MODULUS == 0:
            sample.add(value)
    return sorted(sample)


def group_republished(
    fingerprints: dict[str, Sequence[int]], order_key: dict[str, tuple[str, str]]
) -> list[StoryGroup]:
    """Group articles that carry the same story.

    Args:
        fingerprints: article id to its `fingerprint`.
        order_key: article id to a sort key (date, id); the smallest is the first
            publication, shown in the list, and the others point to it.
    """
    postings: dict[int, list[str]] = defaultdict(list)
    for article, sample in fingerprints.items():
        for value in sample:
            postings[value].append(article)
    shared: Counter[tuple[str, str]] = Counter()
    for articles in postings.values():
        if 1 < len(articles) <= MAX_SHINGLE_ARTICLES:
            for i, left in enumerate(articles):
                for right in articles[i + 1 :]:
                    shared[(left, right) if left < right else (right, left)] += 1
    parent = {article: article for article in fingerprints}

    def root(article: str) -> str:
        while parent[article] != article:
            parent[article] = parent[parent[article]]
            article = parent[article]
        return article

    for (left, right), count in shared.items():
        smaller = min(len(fingerprints[left]), len(fingerprints[right]))
        if smaller >= MIN_SAMPLE and count / smaller >= SAME_STORY:
            parent[root(left)] = root(right)
    members: dict[str, list[str]] = defaultdict(list)
    for article in fingerprints:
        members[root(article)].append(article)
    return [
        _group(sorted(group, key=order_key.__getitem__))
        for group in members.values()
        if len(group) > 1
    ]


def _group(ordered: Iterable[str]) -> StoryGroup:
    first, *others = ordered
    return StoryGroup(first, tuple(others))
