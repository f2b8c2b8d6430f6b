"""The Kiwi-backed mention finder: loads kiwipiepy only when some article needs analysis.

A warm start never gets here: cached analyses already hold the mentions. Kiwi
takes two to three seconds and about half a gigabyte to load, so it is loaded
once, lazily, and fed every new article in one batch, which it tokenizes on all
cores.
"""

from __future__ import annotations

import importlib.util
import itertools
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from store.gazetteer import Gazetteer
from store.heap import collector_paused
from store.model import Article, Mention

if TYPE_CHECKING:
    from kiwipiepy import Kiwi

__all__ = ["NER_VERSION", "KiwiMentionFinder", "forget_models"]

# Bump when the rules change what they find: cached mentions are then redone.
NER_VERSION = "2"
# Gazetteer names outrank Kiwi's own analyses of the same characters.
USER_WORD_SCORE = 5.0
# Kiwi's time on one text grows faster than the text: 270,000 characters took
# 17.5 s whole and 6.8 s paragraph by paragraph (one thread); finding the
# mentions of a 496,000-character body took 49 s whole and 10 s in pieces.
# Longer bodies go to Kiwi in pieces of whole paragraphs, which its threads
# also share. A news story is shorter: it goes whole, as before.
PIECE_CHARS = 16_000
_LOCK = threading.Lock()
_LOADED: dict[tuple[str, int], Kiwi] = {}


class KiwiMentionFinder:
    """Finds mentions with kiwipiepy, the rules in `store.ner`, and a gazetteer."""

    def __init__(self, gazetteer: Gazetteer, *, workers: int = -1) -> None:
        self.gazetteer = gazetteer
        self.workers = workers

    @property
    def key(self) -> str:
        """Changes with the rules, kiwipiepy's version and the gazetteers' contents."""
        return f"ner{NER_VERSION}-{_kiwi_versions()}-{self.gazetteer.digest}"

    def kiwi(self) -> Kiwi:
        """The analyser with the gazetteer's names as user words, shared in the process."""
        with _LOCK:
            key = (self.gazetteer.digest, self.workers)
            if key not in _LOADED:
                from kiwipiepy import Kiwi

                kiwi = Kiwi(num_workers=self.workers)
                for name in self.gazetteer.all_names():
                    kiwi.add_user_word(name, "NNP", USER_WORD_SCORE)
                _LOADED.clear()  # one model in memory at a time: each costs ~500 MB
                _LOADED[key] = kiwi
            return _LOADED[key]

    def find(self, articles: Iterable[Article]) -> Iterator[tuple[Article, tuple[Mention, ...]]]:
        """Each article with its mentions, in order (see `mentions`)."""
        pending: deque[Article] = deque()

        def texts() -> Iterator[tuple[str, str]]:
            for article in articles:
                pending.append(article)
                yield article.id, article.body

        for mentions in self.mentions(texts()):
            yield pending.popleft(), mentions

    def mentions(self, texts: Iterable[tuple[str, str]]) -> Iterator[tuple[Mention, ...]]:
        """The mentions of each ``(article id, clean body)``, in order.

        Kiwi tokenizes on all cores and reads the texts ahead of the results,
        so the caller can prepare (clean) later articles while earlier ones are
        being tokenized in Kiwi's threads.
        """
        from store.ner import extract_mentions  # the rules: not needed by a warm start

        pending: deque[tuple[str, str, list[int]]] = deque()  # id, body, its pieces' offsets

        def pieces() -> Iterator[str]:
            for article_id, body in texts:
                cuts = _piece_starts(body)
                pending.append((article_id, body, cuts))
                yield from (
                    body[start:end] for start, end in itertools.pairwise([*cuts, len(body)])
                )

        analysed = iter(self.kiwi().tokenize(pieces()))
        with collector_paused():  # the rules make millions of objects, and no cycles
            for first in analysed:
                article_id, body, starts = pending.popleft()
                tokens = first  # Kiwi's own tokens: the first piece starts where the body does
                if len(starts) > 1:
                    tokens = list(first)
                    for start in starts[1:]:
                        tokens += _shifted(next(analysed), start)
                yield tuple(extract_mentions(article_id, body, tokens, self.gazetteer))


def _piece_starts(body: str) -> list[int]:
    """Where each piece of ``body`` starts: at a paragraph break, at most `PIECE_CHARS` apart.

    A paragraph longer than that is one piece of its own.
    """
    starts = [0]
    while len(body) - starts[-1] > PIECE_CHARS:
        start = starts[-1]
        cut = body.rfind("\n\n", start + 1, start + PIECE_CHARS)
        if cut == -1:
            cut = body.find("\n\n", start + PIECE_CHARS)
            if cut == -1:
                break
        starts.append(cut)
    return starts


def forget_models() -> None:
    """Drop the loaded model (about 500 MB); the next analysis loads it again."""
    with _LOCK:
        _LOADED.clear()


@cache
def _kiwi_versions() -> str:
    """The installed kiwipiepy and model versions (``kiwi0.24.1+0.24.0``), Kiwi not imported.

    Read from the ``*.dist-info`` folder names: ``importlib.metadata`` would add
    35 ms of imports to every warm start, which needs this key to trust its cache.
    """
    spec = importlib.util.find_spec("kiwipiepy")
    if spec is None or spec.origin is None:
        return "kiwi-missing"  # analysing will fail with ImportError; a cache still reads
    site = Path(spec.origin).parent.parent
    versions = [
        next(site.glob(f"{name}-*.dist-info"), Path(f"{name}-unknown")).stem.split("-", 1)[1]
        for name in ("kiwipiepy", "kiwipiepy_model")
    ]
    return "kiwi" + "+".join(versions)


class _ShiftedToken(NamedTuple):
    """A token of a long body's later piece, with offsets into the whole body."""

    form: str
    tag: str
    start: int
    end: int


def _shifted(tokens: Sequence[Any], offset: int) -> list[_ShiftedToken]:
    """Kiwi's tokens of a piece starting at ``offset``, moved to the body's offsets."""
    return [_ShiftedToken(t.form, t.tag, t.start + offset, t.end + offset) for t in tokens]
