"""Particle-aware full-text search over titles and bodies, fast enough to run per keystroke.

Korean attaches particles (josa) to nouns: ``연구원은``, ``연구원과``,
``연구원의``. A query is matched as a substring, so ``연구원`` already finds
every inflected form; a query that itself ends in a particle (``연구원은``) has
that particle stripped from its last word, so it finds ``연구원과`` too. The
particle is only stripped when it agrees with the stem's final sound (``은``,
``이``, ``을``, ``과`` after a consonant; ``는``, ``가``, ``를``, ``와`` after a
vowel), which keeps ``기업가`` whole.

The index is one lower-cased string of every title and body, so a query is a
single ``str.find`` of one word (or a ``re`` phrase with flexible spacing)
over it: no per-article Python loop. After a few hits in one article the scan
jumps to the next article, so a query that matches everywhere still costs one
search per article. Counting every matching article keeps the summary exact.

A word that occurs in few articles would still be looked for in all of them.
:meth:`SearchIndex.index_words` lists each block of articles' distinct words,
so a query first finds the blocks whose words contain it and scans only those.
The list takes about twice as long to build as the index (splitting every
block), so the app builds it in the background after its first search.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from store.model import Article
from store.text import single_line

__all__ = ["SearchHit", "SearchIndex", "SearchResult", "query_pattern", "strip_particle"]

# Particles by what they follow: a final consonant (batchim), a vowel, or either.
_AFTER_CONSONANT = (
    "으로서",
    "으로써",
    "으로는",
    "으로",
    "이라는",
    "이라고",
    "이나",
    "이랑",
    "이며",
    "이다",
    "과",
    "은",
    "이",
    "을",
)
_AFTER_VOWEL = (
    "로서",
    "로써",
    "로는",
    "로",
    "라는",
    "라고",
    "나",
    "랑",
    "며",
    "다",
    "와",
    "는",
    "가",
    "를",
)
_AFTER_ANY = (
    "에서는",
    "에서도",
    "에게서",
    "에서",
    "에게",
    "에는",
    "에도",
    "까지",
    "부터",
    "보다",
    "처럼",
    "마저",
    "조차",
    "한테",
    "께서",
    "만큼",
    "마다",
    "의",
    "에",
    "도",
    "만",
    "께",
)
_MIN_STEM = 2
_BLOCK_CHARS = 1 << 18  # text per block of the word list: about 40 articles
_FIRST_SYLLABLE, _LAST_SYLLABLE = 0xAC00, 0xD7A3
_RIEUL_FINAL = 8  # ㄹ: takes 로/로는/로서 like a vowel

Field = Literal["title", "body"]


def _final(char: str) -> int | None:
    """The final-consonant index of a Hangul syllable (0 = none), or None if not Hangul."""
    code = ord(char)
    if _FIRST_SYLLABLE <= code <= _LAST_SYLLABLE:
        return (code - _FIRST_SYLLABLE) % 28
    return None


def _agrees(stem: str, particle: str) -> bool:
    final = _final(stem[-1])
    if final is None:
        return True  # after Latin letters or digits ('AI는', 'LG의') any particle can follow
    if particle in _AFTER_ANY:
        return True
    if particle in _AFTER_CONSONANT:
        return final != 0
    if particle.startswith("로") and final == _RIEUL_FINAL:
        return True
    return final == 0


def strip_particle(word: str) -> str:
    """``word`` without a trailing particle that agrees with its stem, if the stem keeps 2+ chars.

    After a Latin letter or a digit any particle goes (``AI는`` -> ``AI``): how
    such words are read aloud decides ``은``/``는``, which the text cannot tell.
    """
    candidates = sorted((*_AFTER_CONSONANT, *_AFTER_VOWEL, *_AFTER_ANY), key=len, reverse=True)
    for particle in candidates:
        if word.endswith(particle) and len(word) - len(particle) >= _MIN_STEM:
            stem = word[: -len(particle)]
            if _agrees(stem, particle):
                return stem
    return word


def _query_words(query: str) -> list[str]:
    """The words a typed query matches, lower-cased, the last one without its particle."""
    words = single_line(query).lower().split()
    if words:
        words[-1] = strip_particle(words[-1])
    return words


def query_pattern(query: str) -> re.Pattern[str] | None:
    """The compiled pattern for a typed query, or None when it has no words.

    Words are matched in order with any whitespace between them; the last
    word loses its particle; Latin letters match in any case (the index is
    lower-cased, so the pattern is too).
    """
    words = _query_words(query)
    if not words:
        return None
    return re.compile(r"\s+".join(re.escape(word) for word in words))


# Finds the next match in text[start:end]: its (start, end), or None.
_Locate = Callable[[str, int, int], tuple[int, int] | None]


def _locator(query: str) -> _Locate | None:
    """How to find ``query``: ``str.find`` for one word (twice as fast as ``re`` on Hangul
    text, which matters when a rare word makes the scan cover the whole corpus)."""
    words = _query_words(query)
    if len(words) == 1:
        word = words[0]

        def find(text: str, start: int, end: int) -> tuple[int, int] | None:
            found = text.find(word, start, end)
            return None if found < 0 else (found, found + len(word))

        return find
    pattern = query_pattern(query)
    if pattern is None:
        return None

    def search(text: str, start: int, end: int) -> tuple[int, int] | None:
        match = pattern.search(text, start, end)
        return None if match is None else match.span()

    return search


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One match: in an article's title or body, at ``start:end`` of that field."""

    article: str
    field: Field
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class SearchResult:
    """The hits shown for a query, and how many articles matched in all."""

    query: str
    hits: tuple[SearchHit, ...]
    articles: int
    truncated: bool


def _lower_keeping_length(text: str) -> str:
    """``text`` lower-cased, character for character (so offsets stay valid)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(char if len(char.lower()) != 1 else char.lower() for char in text)


@dataclass(frozen=True, slots=True)
class _Vocabulary:
    """Each block's distinct words, in one string: which blocks a word can match in."""

    text: str  # every block's words, one per line, block after block
    starts: list[int]  # where each block's words start in ``text``
    spans: list[tuple[int, int]]  # where each block lies in the index's text

    def blocks_with(self, word: str) -> set[int]:
        """The blocks where ``word`` (no whitespace) is part of some word, one search per block."""
        found: set[int] = set()
        position = 0
        while (at := self.text.find(word, position)) >= 0:
            block = bisect.bisect_right(self.starts, at) - 1
            found.add(block)
            if block + 1 >= len(self.starts):
                break
            position = self.starts[block + 1]
        return found


class SearchIndex:
    """Titles and bodies of a corpus, searchable by :func:`query_pattern`.

    Args:
        articles: the articles to search (republished copies included: a hit
            in one is a hit in that outlet's text).
        block_chars: how much text (about) one block of the word list covers.
    """

    def __init__(self, articles: Iterable[Article], *, block_chars: int = _BLOCK_CHARS) -> None:
        parts: list[str] = []
        self._ids: list[str] = []
        self._starts: list[int] = []  # where each article's title starts in the text
        self._body_starts: list[int] = []
        position = 0
        for article in articles:
            title = _lower_keeping_length(article.title)
            body = _lower_keeping_length(article.body)
            self._ids.append(article.id)
            self._starts.append(position)
            self._body_starts.append(position + len(title) + 1)
            parts.append(title)
            parts.append(body)
            position += len(title) + 1 + len(body) + 1
        # \x00 never occurs in neutralised text and is not whitespace: no match spans two fields.
        self._text = "".join(part + "\x00" for part in parts)
        self._block_chars = block_chars
        self._vocabulary: _Vocabulary | None = None

    def __len__(self) -> int:
        return len(self._ids)

    @property
    def words_indexed(self) -> bool:
        """Whether :meth:`index_words` has run: searches then skip blocks without the words."""
        return self._vocabulary is not None

    def index_words(self, *, stop: Callable[[], bool] = lambda: False) -> bool:
        """List each block's distinct words, so that later searches skip the other blocks.

        Safe to run in one thread while others search: searches use the list
        once it is complete. ``stop`` is asked between blocks; returns False
        if it said to stop (nothing is kept).
        """
        if self._vocabulary is not None:
            return True
        spans = self._block_spans()
        words: list[str] = []
        starts: list[int] = []
        position = 0
        for low, high in spans:
            if stop():
                return False
            # Every match of a word lies inside one whitespace-separated token of its block.
            block = "\n".join(set(self._text[low:high].split())) + "\n"
            starts.append(position)
            words.append(block)
            position += len(block)
        self._vocabulary = _Vocabulary("".join(words), starts, spans)
        return True

    def _block_spans(self) -> list[tuple[int, int]]:
        """Runs of whole articles of about ``block_chars`` each, as ranges of the text."""
        bounds = [*self._starts, len(self._text)]
        spans: list[tuple[int, int]] = []
        low = 0
        for bound in bounds[1:]:
            if bound - low >= self._block_chars or bound == bounds[-1]:
                spans.append((low, bound))
                low = bound
        return spans

    def _ranges(self, words: Sequence[str]) -> list[tuple[int, int]]:
        """The parts of the text where all of ``words`` may match, as ranges.

        The whole text until :meth:`index_words` has run; then the blocks
        holding every word, adjacent ones merged.
        """
        vocabulary = self._vocabulary
        if vocabulary is None or not words:
            return [(0, len(self._text))]
        blocks = set.intersection(*(vocabulary.blocks_with(word) for word in words))
        ranges: list[tuple[int, int]] = []
        for low, high in (vocabulary.spans[block] for block in sorted(blocks)):
            if ranges and ranges[-1][1] == low:
                ranges[-1] = (ranges[-1][0], high)
            else:
                ranges.append((low, high))
        return ranges

    def search(self, query: str, *, per_article: int = 20, limit: int = 500) -> SearchResult:
        """Hits for ``query``: at most ``per_article`` per article and ``limit`` in all.

        ``articles`` counts every matching article, also past ``limit``;
        ``truncated`` says some hits were left out (by either bound).
        """
        locate = _locator(query)
        if locate is None:
            return SearchResult(query, (), 0, False)
        text, starts = self._text, self._starts
        hits: list[SearchHit] = []
        articles = 0
        truncated = False
        for low, high in self._ranges(_query_words(query)):
            position = low
            while (found := locate(text, position, high)) is not None:
                index = bisect.bisect_right(starts, found[0]) - 1
                article_end = starts[index + 1] if index + 1 < len(starts) else len(text)
                articles += 1
                taken = 0
                while found is not None and taken < per_article and len(hits) < limit:
                    start, end = found
                    hits.append(self._hit(index, start, end))
                    taken += 1
                    found = locate(text, max(end, start + 1), article_end)
                # Past either bound: note what was left out, go on to count the next article.
                truncated = truncated or found is not None
                position = article_end
        return SearchResult(query, tuple(hits), articles, truncated)

    def _hit(self, index: int, start: int, end: int) -> SearchHit:
        body_start = self._body_starts[index]
        if start < body_start:
            base = self._starts[index]
            return SearchHit(self._ids[index], "title", start - base, end - base)
        return SearchHit(self._ids[index], "body", start - body_start, end - body_start)
