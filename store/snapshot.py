"""A whole loaded corpus in one file, so a warm start reads one file instead of thousands.

The per-article analysis cache makes a second start skip Kiwi, but it still
reads, hashes and parses every article and cache file, and rebuilds the entity
index: seconds at 10,000 articles. The snapshot keeps what a start needs
(metadata, packed mentions, republished groups, the entity index) in one
`marshal` header, keyed by the folder, the analyser and every article file's
name, size and modification time, so checking it costs one ``stat`` per file.

Article bodies follow the header in the same file, one `marshal` record per
article, and are read when an article is first shown or searched: decoding
every paragraph of 10,000 articles took most of a warm start. What was cut
from each article is not in the snapshot at all: that is read from the
per-article cache (or cleaned again) when someone looks.

Each write also leaves the folder's article list beside the snapshot
(`store.listing`): the app draws the list from it while the files are checked
and the snapshot is read.

`marshal` holds only plain values and never runs code, unlike `pickle`.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import struct
import threading
import weakref
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TypeVar, overload

from store.cache import AnalysisCache, replace_file
from store.entity_index import EntityIndex
from store.ingest import analyse_bytes, content_hash
from store.listing import folder_key, write_listing
from store.mention_table import MentionTable
from store.model import Article, Removed, Reporter, SkippedFile
from store.republish import StoryGroup

__all__ = ["LazyParagraphs", "LazyRemoved", "Signature", "Snapshots", "file_signature"]

SNAPSHOT_VERSION = 4  # 4: ids unique and printable (`store.ingest.article_ids`)
# The articles' fields, one list per field: ``marshal`` reads lists of plain
# values faster than one tuple per article.
_COLUMNS = (
    "id",
    "file",
    "digest",
    "title",
    "outlet",
    "date",
    "reporters",
    "place",
    "paragraph_count",
    "encoding",
    "duplicate_of",
    "also_in",
    "names",
    "packed_mentions",
)
Signature = list[tuple[str, int, int]]
_HEADER_SIZE = struct.Struct("<Q")  # the header's length, before the header
T = TypeVar("T")


def file_signature(files: Sequence[Path]) -> Signature:
    """Name, size and modification time of each file: what a snapshot is valid for."""
    signature = []
    for path in files:
        stat = path.stat()
        signature.append((path.name, stat.st_size, stat.st_mtime_ns))
    return signature


@dataclass(frozen=True, slots=True)
class _Origin:
    """Where an article's parts can be read again: its analysis cache entry, or its file."""

    path: Path
    digest: str
    cache: AnalysisCache
    analyser_key: str

    def cached(self, part: str) -> list[Any] | None:
        analysis = self.cache.get(self.digest, self.analyser_key)
        value = analysis.get(part) if analysis is not None else None
        return value if isinstance(value, list) else None

    def reanalysed(self) -> Article | None:
        """The file cleaned again (no Kiwi needed); None if it changed or cannot be read."""
        try:
            data = self.path.read_bytes()
        except OSError:
            return None
        if content_hash(data) != self.digest:
            return None  # showing another version's text would be wrong
        article = analyse_bytes(self.path, data, self.digest)
        return article if isinstance(article, Article) else None


class _LazyTuple(Sequence[T]):
    """A part of an article read on first look, then kept."""

    __slots__ = ("_items", "_origin")

    def __init__(self, origin: _Origin) -> None:
        self._origin = origin
        self._items: tuple[T, ...] | None = None

    def _read(self) -> tuple[T, ...]:
        raise NotImplementedError

    def _load(self) -> tuple[T, ...]:
        if self._items is None:
            self._items = self._read()
        return self._items

    def __len__(self) -> int:
        return len(self._load())

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...

    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        return self._load()[index]

    def __iter__(self) -> Iterator[T]:
        return iter(self._load())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return self._load() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._load())


class LazyRemoved(_LazyTuple[Removed]):
    """What cleaning cut from an article, from the analysis cache or the file cleaned again."""

    __slots__ = ()

    def _read(self) -> tuple[Removed, ...]:
        rows = self._origin.cached("removed")
        if rows is not None:
            with contextlib.suppress(KeyError, TypeError):
                return tuple(Removed(r["text"], r["reason"], r.get("detail", "")) for r in rows)
        article = self._origin.reanalysed()
        return tuple(article.removed) if article is not None else ()


class _Bodies:
    """The bodies part of an open snapshot file; threads share it, so reads hold a lock."""

    def __init__(self, handle: IO[bytes], base: int) -> None:
        self._handle, self._base = handle, base
        self._lock = threading.Lock()
        weakref.finalize(self, handle.close)  # when the last article of this corpus goes

    def read(self, offset: int, length: int) -> tuple[str, ...] | None:
        try:
            with self._lock:
                self._handle.seek(self._base + offset)
                value = marshal.loads(self._handle.read(length))
        except (OSError, EOFError, ValueError, TypeError):
            return None
        if isinstance(value, tuple) and all(isinstance(p, str) for p in value):
            return value
        return None


class LazyParagraphs(_LazyTuple[str]):
    """An article's clean paragraphs, read from the snapshot when first shown.

    Its length is known without reading (the article list asks every article
    whether it is empty). If the snapshot cannot be read by then, the analysis
    cache or the file cleaned again gives the same paragraphs.
    """

    __slots__ = ("_bodies", "_count", "_place")

    def __init__(self, origin: _Origin, bodies: _Bodies, place: tuple[int, int], count: int):
        super().__init__(origin)
        self._bodies, self._place, self._count = bodies, place, count

    def __len__(self) -> int:
        return self._count if self._items is None else len(self._items)

    def _read(self) -> tuple[str, ...]:
        paragraphs = self._bodies.read(*self._place)
        if paragraphs is not None:
            return paragraphs
        rows = self._origin.cached("paragraphs")
        if rows is not None:
            return tuple(str(row) for row in rows)
        article = self._origin.reanalysed()
        return tuple(article.paragraphs) if article is not None else ()


class Snapshots:
    """Corpus snapshots under ``<cache>/corpus``, one per corpus folder."""

    def __init__(self, cache: AnalysisCache, cache_dir: Path) -> None:
        self.cache = cache
        self.cache_dir = cache_dir
        self.root = cache_dir / "corpus"

    def path_for(self, directory: Path, analyser_key: str, signature: Signature) -> Path:
        state = hashlib.sha256(
            repr((SNAPSHOT_VERSION, analyser_key, signature)).encode()
        ).hexdigest()[:24]
        return self.root / f"{folder_key(directory)}-{state}.marshal"

    def read(
        self, directory: Path, analyser_key: str, signature: Signature, files: Sequence[Path]
    ) -> tuple[tuple[Article, ...], list[SkippedFile], list[StoryGroup], EntityIndex] | None:
        """The corpus the snapshot holds, or None when there is none (or it is unreadable).

        ``files`` are the paths ``signature`` was made from, in its order: the
        articles take theirs (making 10,000 paths again costs 40 ms). Only the
        header is read now; the file stays open for the bodies.
        """
        paths = {name: path for (name, _, _), path in zip(signature, files, strict=True)}
        path = self.path_for(directory, analyser_key, signature)
        try:
            handle = path.open("rb")
        except OSError:
            return None
        try:
            (size,) = _HEADER_SIZE.unpack(handle.read(_HEADER_SIZE.size))
            document = marshal.loads(handle.read(size))
            base = _HEADER_SIZE.size + size
            if (
                document.get("version") != SNAPSHOT_VERSION
                or os.fstat(handle.fileno()).st_size != base + document["bodies_size"]
            ):
                handle.close()  # another version, or cut short
                return None
            bodies = _Bodies(handle, base)
            articles = tuple(  # a row of the wrong shape raises ValueError: handled below
                self._article(paths[row[1]], analyser_key, bodies, row)
                for row in zip(*document["articles"], strict=True)
            )
            skipped = [SkippedFile(paths[name], reason) for name, reason in document["skipped"]]
            groups = [StoryGroup(first, tuple(others)) for first, others in document["groups"]]
            return articles, skipped, groups, EntityIndex.from_state(articles, document["index"])
        except (OSError, EOFError, ValueError, TypeError, KeyError, AttributeError, struct.error):
            handle.close()
            return None

    def _article(
        self, path: Path, analyser_key: str, bodies: _Bodies, row: Sequence[Any]
    ) -> Article:
        (article_id, _name, digest, title, outlet, date, reporters, place, count, encoding,
         duplicate_of, also_in, names, packed) = row  # fmt: skip
        data = memoryview(packed).cast("i")  # not copied: 17 MB at 10,000 articles
        origin = _Origin(path, digest, self.cache, analyser_key)
        paragraphs = LazyParagraphs(origin, bodies, tuple(place), count)
        return Article(
            id=article_id,
            path=path,
            content_hash=digest,
            title=title,
            outlet=outlet,
            date=date,
            reporters=tuple(Reporter(n, e) for n, e in reporters),
            paragraphs=paragraphs,
            removed=LazyRemoved(origin),
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
        bodies = [marshal.dumps(tuple(article.paragraphs)) for article in articles]
        columns: list[list[Any]] = [[] for _ in _COLUMNS]
        offset = 0
        shared: dict[str, str] = {}
        for article, body in zip(articles, bodies, strict=True):
            row = _article_row(article, (offset, len(body)), shared)
            for column, value in zip(columns, row, strict=True):
                column.append(value)
            offset += len(body)
        header = marshal.dumps(
            {
                "version": SNAPSHOT_VERSION,
                "articles": columns,
                "skipped": [(s.path.name, s.reason) for s in skipped],
                "groups": [(g.first, g.others) for g in groups],
                "index": index.state(),
                "bodies_size": offset,
            }
        )
        with contextlib.suppress(OSError, ValueError):
            self.root.mkdir(parents=True, exist_ok=True)
            replace_file(path, [_HEADER_SIZE.pack(len(header)), header, *bodies])
            write_listing(self.cache_dir, directory, articles)
            folder = path.name.split("-", 1)[0]
            for old in self.root.glob(f"{folder}-*.marshal"):
                if old != path:
                    with contextlib.suppress(OSError):
                        old.unlink()


def _article_row(
    article: Article, place: tuple[int, int], shared: dict[str, str]
) -> tuple[Any, ...]:
    """One article's values, in `_COLUMNS` order.

    Names, outlets and reporters repeat across articles: each distinct one is
    passed as one object (``shared``), so ``marshal`` writes it once and refers
    back to it, and a warm start decodes it once.
    """

    def one(text: str) -> str:
        return shared.setdefault(text, text)

    table = article.mentions
    if not isinstance(table, MentionTable):
        table = MentionTable.of(article.id, article.paragraphs, table)
    return (
        article.id,
        article.path.name,
        article.content_hash,
        article.title,
        one(article.outlet) if article.outlet else article.outlet,
        article.date,
        tuple((one(r.name), one(r.email) if r.email else r.email) for r in article.reporters),
        place,
        len(article.paragraphs),
        one(article.encoding),
        article.duplicate_of,
        tuple(article.also_in),
        tuple(map(one, table.names)),
        table.data.tobytes(),
    )
