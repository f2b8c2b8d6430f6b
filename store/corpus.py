"""Load a folder of article files into a `Corpus`, using the analysis cache.

Loading reads every file (cheap), takes unchanged files' analyses from the
cache, and analyses the rest: cleaning in Python, then entity mentions in one
batch through Kiwi, which is only loaded when some file is new or changed.
Progress is reported article by article so a screen can fill in as it goes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from store.cache import AnalysisCache
from store.entity_index import EntityIndex
from store.gazetteer import GAZETTEER_FILE, Gazetteer, GazetteerError
from store.heap import process_lifetime
from store.ingest import (
    ARTICLE_SUFFIXES,
    analyse_bytes,
    analysis_from_json,
    analysis_to_json,
    article_ids,
    content_hash,
    read_article_bytes,
)
from store.listing import first_page, write_listing
from store.mention_table import MentionTable
from store.model import Article, Mention, SkippedFile
from store.paths import bundled_data_dir, default_cache_dir, default_data_dir
from store.republish import StoryGroup, fingerprint, group_republished
from store.snapshot import Signature, Snapshots, file_signature
from store.text import escaped

if TYPE_CHECKING:
    from store.kiwi_finder import KiwiMentionFinder

__all__ = [
    "ANALYSER_VERSION",
    "AmbiguousArticle",
    "ArticleNotFound",
    "Corpus",
    "CorpusError",
    "LoadProgress",
    "MentionFinder",
    "load_corpus",
]

# Bump when cleaning or extraction changes what they produce: every cached
# analysis is then redone once.
ANALYSER_VERSION = "2"
ANALYSING_STAGE = "analysing with Kiwi"


class CorpusError(Exception):
    """The corpus folder cannot be used at all (missing, not a folder)."""


class ArticleNotFound(LookupError):
    """No article has this id or id prefix; ``suggestions`` are the closest ids."""

    def __init__(self, reference: str, suggestions: Sequence[str]) -> None:
        self.reference = reference
        self.suggestions = tuple(suggestions)
        hint = f"; did you mean {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"no article {reference!r}{hint}")


class AmbiguousArticle(LookupError):
    """More than one article id starts with this prefix."""

    def __init__(self, reference: str, matches: Sequence[str]) -> None:
        self.reference = reference
        self.matches = tuple(matches)
        super().__init__(f"{reference!r} matches several articles: {', '.join(self.matches)}")


class MentionFinder(Protocol):
    """Finds entity mentions in clean bodies (Kiwi-backed; loaded only when needed)."""

    @property
    def key(self) -> str:
        """Identifies the finder's model and gazetteers, for cache keys."""
        ...

    def find(self, articles: Iterable[Article]) -> Iterator[tuple[Article, tuple[Mention, ...]]]:
        """Each article with its mentions, in order, as each is done.

        The finder may read articles ahead of its results (to keep Kiwi busy).
        """
        ...


@dataclass(frozen=True, slots=True)
class LoadProgress:
    """One step of loading: an article ready (or a file skipped), ``done`` of ``total``.

    A step with a ``stage`` and neither article nor file says what loading is
    doing next (loading Kiwi takes seconds before the first new article is done).
    """

    done: int
    total: int
    article: Article | None = None
    skipped: SkippedFile | None = None
    from_cache: bool = False
    stage: str = ""


@dataclass(frozen=True)
class Corpus:
    """The articles of one folder, in id order, with republished stories grouped."""

    directory: Path
    articles: tuple[Article, ...]
    skipped: tuple[SkippedFile, ...] = ()
    groups: tuple[StoryGroup, ...] = ()
    _by_id: dict[str, Article] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_id.update((article.id, article) for article in self.articles)

    @cached_property
    def entities(self) -> EntityIndex:
        """The cross-article entity index, built on first use."""
        return EntityIndex(self.articles)

    def __iter__(self) -> Iterator[Article]:
        return iter(self.articles)

    def __len__(self) -> int:
        return len(self.articles)

    def get(self, reference: str) -> Article:
        """The article with this id, or the only one whose id starts with it.

        Raises:
            ArticleNotFound: with the closest ids as suggestions.
            AmbiguousArticle: when the prefix matches several ids.
        """
        if reference in self._by_id:
            return self._by_id[reference]
        matches = [article_id for article_id in self._by_id if article_id.startswith(reference)]
        if len(matches) == 1:
            return self._by_id[matches[0]]
        if matches:
            raise AmbiguousArticle(reference, sorted(matches)[:10])
        raise ArticleNotFound(reference, self._close_ids(reference))

    def _close_ids(self, reference: str, limit: int = 3) -> list[str]:
        """Ids that look like ``reference``, whole or as a prefix of the same length."""

        def likeness(article_id: str) -> float:
            whole = difflib.SequenceMatcher(None, reference, article_id).ratio()
            prefix = difflib.SequenceMatcher(None, reference, article_id[: len(reference)]).ratio()
            return max(whole, prefix)

        scored = sorted(((likeness(i), i) for i in self._by_id), key=lambda pair: -pair[0])
        return [article_id for score, article_id in scored[:limit] if score >= 0.6]


def default_corpus_dir() -> Path:
    """The bundled corpus (the five seed articles)."""
    return bundled_data_dir()


def default_finder(directory: Path, data_dir: Path | None = None) -> KiwiMentionFinder:
    """Kiwi with the bundled gazetteer plus the corpus folder's and the data folder's."""
    from store.kiwi_finder import KiwiMentionFinder  # imports kiwipiepy only when used

    extra = [directory / GAZETTEER_FILE, (data_dir or default_data_dir()) / GAZETTEER_FILE]
    try:
        return KiwiMentionFinder(Gazetteer.load(extra))
    except GazetteerError as error:
        raise CorpusError(str(error)) from None


def load_corpus(
    directory: Path | None = None,
    *,
    cache_dir: Path | None = None,
    data_dir: Path | None = None,
    finder: MentionFinder | None = None,
    on_progress: Callable[[LoadProgress], None] | None = None,
    long_lived: bool = False,
) -> Corpus:
    """Load every article file of ``directory`` (default: the bundled corpus).

    Args:
        directory: the corpus folder; ``*.txt`` files in it are articles.
        cache_dir: where analyses are cached (default: the user's XDG cache).
        data_dir: the data folder, whose ``gazetteer.json`` extends the bundled one.
        finder: finds entity mentions for new or changed files (default: Kiwi
            with the gazetteers); it is only asked when some file is not cached.
        on_progress: called once per file, in the calling thread, as it is read
            or analysed; not at all when one snapshot holds the whole corpus
            (it is ready at once: per-file reports would only delay it).
        long_lived: the caller keeps the corpus until its process ends (the
            app, a command): a corpus read from a snapshot is then built
            under `store.heap.process_lifetime` (10,000 articles: 0.43 -> 0.35 s
            alone, 0.71 -> 0.45 s in the app beside its first frame).

    Raises:
        CorpusError: when the folder does not exist or is not a folder, or a
            gazetteer file in it or in the data folder is malformed.
    """
    directory = (directory or default_corpus_dir()).expanduser()
    if not directory.is_dir():
        raise CorpusError(f"corpus folder not found: {escaped(str(directory))}")
    cache_root = cache_dir or default_cache_dir()
    cache = AnalysisCache(cache_root)
    finder = finder or default_finder(directory, data_dir)
    analyser_key = f"{ANALYSER_VERSION}-{finder.key}"
    files = sorted(
        (
            path
            for path in directory.iterdir()
            if path.suffix.lower() in ARTICLE_SUFFIXES and not path.name.startswith(".")
        ),
        key=lambda path: path.name,  # one folder: names order them (Path comparison is slow)
    )
    report = on_progress or (lambda progress: None)
    snapshots = Snapshots(cache, cache_root)
    try:
        signature = file_signature(files)
    except OSError:
        signature = None  # a file vanished or cannot be looked at: read everything
    if signature is not None:
        with process_lifetime() if long_lived else contextlib.nullcontext():
            corpus = _from_snapshot(snapshots, directory, analyser_key, signature, files)
        if corpus is not None:
            if first_page(directory, cache_dir=cache_root) is None:  # none, or an older version's
                write_listing(cache_root, directory, corpus.articles)
            return corpus
    corpus = _read_files(directory, files, cache, analyser_key, finder, report)
    if signature is not None:
        snapshots.write(
            directory,
            analyser_key,
            signature,
            corpus.articles,
            corpus.skipped,
            corpus.groups,
            corpus.entities,
        )
    return corpus


def _from_snapshot(
    snapshots: Snapshots,
    directory: Path,
    analyser_key: str,
    signature: Signature,
    files: list[Path],
) -> Corpus | None:
    """The corpus as the snapshot for these exact files holds it, if there is one."""
    loaded = snapshots.read(directory, analyser_key, signature, files)
    if loaded is None:
        return None
    articles, skipped, groups, index = loaded
    corpus = Corpus(directory, articles, tuple(skipped), tuple(groups))
    vars(corpus)["entities"] = index
    return corpus


def _read_files(
    directory: Path,
    files: list[Path],
    cache: AnalysisCache,
    analyser_key: str,
    finder: MentionFinder,
    report: Callable[[LoadProgress], None],
) -> Corpus:
    """Read every file, taking unchanged ones from the cache and analysing the rest."""
    total = len(files)
    ready: dict[str, Article] = {}
    fingerprints: dict[str, list[int]] = {}
    skipped: list[SkippedFile] = []
    misses: list[tuple[Path, bytes, str, str]] = []
    for path, article_id in zip(files, article_ids(files), strict=True):
        data = read_article_bytes(path)
        if isinstance(data, SkippedFile):
            skipped.append(data)
            report(LoadProgress(len(ready) + len(skipped), total, skipped=data))
            continue
        digest = content_hash(data)
        cached = cache.get(digest, analyser_key)
        if cached is not None:
            try:
                article = analysis_from_json(path, digest, cached, article_id)
                fingerprints[article.id] = [int(value) for value in cached["fingerprint"]]
            except (KeyError, TypeError, ValueError):
                pass  # a malformed entry is a miss: analyse again below
            else:
                ready[article.id] = article
                report(LoadProgress(len(ready) + len(skipped), total, article, from_cache=True))
                continue
        misses.append((path, data, digest, article_id))

    def cleaned() -> Iterator[Article]:
        """Clean each new file as the finder asks for it, so Kiwi starts on the first one."""
        for path, data, digest, article_id in misses:
            result = analyse_bytes(path, data, digest, article_id)
            if isinstance(result, SkippedFile):
                skipped.append(result)
                report(LoadProgress(len(ready) + len(skipped), total, skipped=result))
            else:
                yield result

    if misses:
        # Writers that died left these; sweeping only before writing keeps warm starts
        # from listing every folder of the cache.
        cache.remove_stale_temp_files()
        report(LoadProgress(len(ready) + len(skipped), total, stage=ANALYSING_STAGE))
    for article in _with_mentions(cleaned(), finder):
        sample = fingerprint(article.paragraphs)
        fingerprints[article.id] = sample
        cache.put(article.content_hash, analyser_key, analysis_to_json(article, sample))
        ready[article.id] = article
        report(LoadProgress(len(ready) + len(skipped), total, article))
    return _assemble(directory, ready, fingerprints, skipped)


def _with_mentions(articles: Iterator[Article], finder: MentionFinder) -> Iterator[Article]:
    """Each article with the mentions the finder gives it (a copy after the one it copies).

    A story republished word for word (a wire story in several outlets) is
    analysed once: an article whose clean body an earlier one has takes that
    one's mentions, which the finder would give again (Kiwi and the rules
    read nothing but the body).
    """
    tables: dict[tuple[str, ...], MentionTable] = {}  # by paragraphs: the same body
    copies: list[Article] = []  # bodies already sent to the finder, waiting for their mentions
    sent: set[tuple[str, ...]] = set()

    def originals() -> Iterator[Article]:
        for article in articles:
            body = tuple(article.paragraphs)
            if body in sent:
                copies.append(article)
            else:
                sent.add(body)
                yield article

    def copies_found() -> Iterator[Article]:
        waiting = []
        for copy in copies:
            table = tables.get(tuple(copy.paragraphs))
            if table is None:
                waiting.append(copy)
            else:
                shared = MentionTable(copy.id, copy.paragraphs, table.data, table.names)
                yield dataclasses.replace(copy, mentions=shared)
        copies[:] = waiting

    for article, mentions in finder.find(originals()):
        table = MentionTable.of(article.id, article.paragraphs, mentions)
        tables[tuple(article.paragraphs)] = table
        yield dataclasses.replace(article, mentions=table)
        yield from copies_found()
    yield from copies_found()


def _assemble(
    directory: Path,
    ready: dict[str, Article],
    fingerprints: dict[str, list[int]],
    skipped: list[SkippedFile],
) -> Corpus:
    """Mark republished copies and put the articles in id order."""
    order = {article.id: (article.date or "9999", article.id) for article in ready.values()}
    groups = group_republished(fingerprints, order)
    for group in groups:
        first = ready[group.first]
        ready[group.first] = dataclasses.replace(first, also_in=group.others)
        for other in group.others:
            ready[other] = dataclasses.replace(ready[other], duplicate_of=group.first)
    articles = tuple(ready[article_id] for article_id in sorted(ready))
    return Corpus(directory, articles, tuple(skipped), tuple(groups))
