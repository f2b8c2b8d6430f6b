"""A whole loaded corpus in one file, so a warm start reads one file instead of thousands.

The per-article analysis cache makes a second start skip Kiwi, but it still
reads, hashes and parses every article and cache file, and rebuilds the entity
index: seconds at 10,000 articles. The snapshot keeps what a start needs
(metadata, paragraphs, packed mentions, republished groups, the entity index)
in one `marshal` file, keyed by the folder, the analyser and every article
file's name, size and modification time, so checking it costs one ``stat`` per
file. What was cut from each article is not in it: that is read from the
per-article cache (or cleaned again) when someone looks.

`marshal` holds only plain values and never runs code, unlike `pickle`.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import tempfile
from array import array
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, overload

from store.cache import AnalysisCache
from store.decoding import DecodeError, decode_article_bytes
from store.entity_index import EntityIndex
from store.ingest import content_hash
from store.mention_table import MentionTable
from store.model import Article, Removed, Reporter, SkippedFile
from store.republish import StoryGroup

__all__ = ["LazyRemoved", "Signature", "Snapshots", "file_signature"]

SNAPSHOT_VERSION = 1
Signature = list[tuple[str, int, int]]


def file_signature(files: Sequence[Path]) -> Signature:
    """Name, size and modification time of each file: what a snapshot is valid for."""
    signature = []
    for path in files:
        stat = path.stat()
        signature.append((path.name, stat.st_size, stat.st_mtime_ns))
    return signature


class LazyRemoved(Sequence[Removed]):
    """What cleaning cut from an article, read from the analysis cache on first look.

    If the cache entry is gone, the article file is cleaned again (no Kiwi
    needed); if the file changed meanwhile, nothing is shown rather than the
    wrong thing.
    """

    __slots__ = ("_analyser_key", "_cache", "_hash", "_items", "_path")

    def __init__(self, path: Path, digest: str, cache: AnalysisCache, analyser_key: str) -> None:
        self._path, self._hash, self._cache, self._analyser_key = path, digest, cache, analyser_key
        self._items: tuple[Removed, ...] | None = None

    def _load(self) -> tuple[Removed, ...]:
        if self._items is None:
            self._items = self._from_cache() or self._from_file()
        return self._items

    def _from_cache(self) -> tuple[Removed, ...]:
        analysis = self._cache.get(self._hash, self._analyser_key)
        if analysis is None:
            return ()
        with contextlib.suppress(KeyError, TypeError):
            return tuple(
                Removed(r["text"], r["reason"], r.get("detail", "")) for r in analysis["removed"]
            )
        return ()

    def _from_file(self) -> tuple[Removed, ...]:
        from store.clean import clean_text  # only when the cache entry is gone

        try:
            data = self._path.read_bytes()
            if content_hash(data) != self._hash:
                return ()
            return clean_text(decode_article_bytes(data).text).removed
        except (OSError, DecodeError):
            return ()

    def __len__(self) -> int:
        return len(self._load())

    @overload
    def __getitem__(self, index: int) -> Removed: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Removed]: ...

    def __getitem__(self, index: int | slice) -> Removed | Sequence[Removed]:
        return self._load()[index]

    def __iter__(self) -> Iterator[Removed]:
        return iter(self._load())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return self._load() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._load())


class Snapshots:
    """Corpus snapshots under ``<cache>/corpus``, one per corpus folder."""

    def __init__(self, cache: AnalysisCache, cache_dir: Path) -> None:
        self.cache = cache
        self.root = cache_dir / "corpus"

    def path_for(self, directory: Path, analyser_key: str, signature: Signature) -> Path:
        folder = hashlib.sha256(str(directory.resolve()).encode()).hexdigest()[:16]
        state = hashlib.sha256(
            repr((SNAPSHOT_VERSION, analyser_key, signature)).encode()
        ).hexdigest()[:24]
        return self.root / f"{folder}-{state}.marshal"

    def read(
        self, directory: Path, analyser_key: str, signature: Signature
    ) -> tuple[list[Article], list[SkippedFile], list[StoryGroup], Any] | None:
        """The corpus the snapshot holds, or None when there is none (or it is unreadable)."""
        path = self.path_for(directory, analyser_key, signature)
        try:
            with path.open("rb") as handle:
                document = marshal.load(handle)
            if document.get("version") != SNAPSHOT_VERSION:
                return None
            articles = [self._article(directory, analyser_key, row) for row in document["articles"]]
            skipped = [
                SkippedFile(directory / name, reason) for name, reason in document["skipped"]
            ]
            groups = [StoryGroup(first, tuple(others)) for first, others in document["groups"]]
            return articles, skipped, groups, document["index"]
        except (OSError, EOFError, ValueError, TypeError, KeyError, AttributeError):
            return None

    def _article(self, directory: Path, analyser_key: str, row: Sequence[Any]) -> Article:
        (article_id, name, digest, title, outlet, date, reporters, paragraphs, encoding,
         duplicate_of, also_in, names, packed) = row  # fmt: skip
        data = array("i")
        data.frombytes(packed)
        path = directory / name
        return Article(
            id=article_id,
            path=path,
            content_hash=digest,
            title=title,
            outlet=outlet,
            date=date,
            reporters=tuple(Reporter(n, e) for n, e in reporters),
            paragraphs=tuple(paragraphs),
            removed=LazyRemoved(path, digest, self.cache, analyser_key),
            mentions=MentionTable(article_id, paragraphs, data, names),
            encoding=encoding,
            duplicate_of=duplicate_of,
            also_in=tuple(also_in),
        )

    def write(
        self,
        directory: Path,
        analyser_key: str,
        signature: Signature,
        articles: Sequence[Article],
        skipped: Sequence[SkippedFile],
        groups: Sequence[StoryGroup],
        index: EntityIndex,
    ) -> None:
        """Store a loaded corpus atomically and drop older snapshots of the same folder.

        A cache that cannot be written is not an error: the next start is slower.
        """
        path = self.path_for(directory, analyser_key, signature)
        document = {
            "version": SNAPSHOT_VERSION,
            "articles": [_article_row(article) for article in articles],
            "skipped": [(s.path.name, s.reason) for s in skipped],
            "groups": [(g.first, g.others) for g in groups],
            "index": index.state(),
        }
        with contextlib.suppress(OSError, ValueError):
            self.root.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=self.root)
            try:
                with os.fdopen(fd, "wb") as handle:
                    marshal.dump(document, handle)
                os.replace(temp, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
                raise
            folder = path.name.split("-", 1)[0]
            for old in self.root.glob(f"{folder}-*.marshal"):
                if old != path:
                    with contextlib.suppress(OSError):
                        old.unlink()


def _article_row(article: Article) -> tuple[Any, ...]:
    table = article.mentions
    if not isinstance(table, MentionTable):
        table = MentionTable.of(article.id, article.paragraphs, table)
    return (
        article.id,
        article.path.name,
        article.content_hash,
        article.title,
        article.outlet,
        article.date,
        tuple((r.name, r.email) for r in article.reporters),
        tuple(article.paragraphs),
        article.encoding,
        article.duplicate_of,
        tuple(article.also_in),
        table.names,
        table.data.tobytes(),
    )
