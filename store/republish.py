"""Find the same story republished by several outlets, so the list can show it once.

Republished copies share most of their sentences but reorder paragraphs, reword
a sentence or two and change the byline, so whole-text hashes miss them. Each
body is reduced to the hashes of its sentences (taken over the comparison key,
so spacing and quote style do not matter); two articles are one story when
most of the smaller one's sentences are in the other. Sentences that many
articles share are stock phrases, not evidence.
"""

from __future__ import annotations

import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from store.sentences import comparison_key, split_sentences

__all__ = ["StoryGroup", "fingerprint", "group_republished"]

# Share of the smaller article's sentences found in the other: same story.
SAME_STORY = 0.5
# Sentences found in more articles than this are stock phrases, not evidence.
MAX_SHARING_ARTICLES = 40
MIN_SENTENCES = 3
# Shorter sentences ("그는 말했다.") are too common to identify a story.
MIN_SENTENCE_KEY = 12


@dataclass(frozen=True, slots=True)
class StoryGroup:
    """Articles that carry one story: the first published, then the others."""

    first: str
    others: tuple[str, ...]


def fingerprint(paragraphs: Sequence[str]) -> list[int]:
    """The sorted hashes of the body's sentences, stable across processes (cached with it)."""
    hashes = set()
    for paragraph in paragraphs:
        for sentence in split_sentences(paragraph):
            key = comparison_key(sentence)
            if len(key) >= MIN_SENTENCE_KEY:
                hashes.add(zlib.crc32(key.encode("utf-8")))
    return sorted(hashes)


def group_republished(
    fingerprints: Mapping[str, Sequence[int]], order_key: Mapping[str, tuple[str, str]]
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
        if 1 < len(articles) <= MAX_SHARING_ARTICLES:
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
        if smaller >= MIN_SENTENCES and count / smaller >= SAME_STORY:
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
