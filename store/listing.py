"""The article list a folder's last load left behind, readable before anything else.

Each snapshot write (`store.snapshot`) leaves, beside the snapshot, one small
file per folder with only what the app's list shows: ids, titles, outlets,
dates, empty and republished marks. Reading it needs this module and
`store.model` alone, so the app draws the list in its first frame and imports
the loading machinery (snapshots, cleaning, gazetteers) after it.

The file holds two documents. The first is the list's first page as the app
opens it (`FIRST_PAGE` stories, newest first, with their republished copies)
and the number of stories; the second is every article. The first frame reads
the first document alone, under a millisecond whatever the size of the corpus
(the whole list of 10,000 articles is 1.2 MB: 7 ms to read, 15 ms to make
its rows).

It may be out of date (a file changed since): the app shows it while
`store.corpus.load_corpus` checks every file.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
from collections.abc import Sequence
from operator import attrgetter
from pathlib import Path
from typing import Any, NamedTuple, TypeGuard

from store.cache import replace_file
from store.model import Article, Listing
from store.paths import bundled_data_dir, default_cache_dir
from store.text import single_line

__all__ = [
    "FIRST_PAGE",
    "FirstPage",
    "first_page",
    "folder_key",
    "last_listing",
    "listing_path",
    "write_listing",
]

LISTING_VERSION = 5  # 5: the first page first, newest first
# More rows than any terminal shows at once.
FIRST_PAGE = 200
# The types each of `Listing`'s columns may hold, in its order.
_TEXT: set[type] = {str}
_MAYBE_TEXT: set[type] = {str, type(None)}
_LISTING_TYPES: tuple[set[type], ...] = (
    _TEXT,
    _TEXT,
    _MAYBE_TEXT,
    _MAYBE_TEXT,
    {bool},
    _MAYBE_TEXT,
    {tuple},
)


class FirstPage(NamedTuple):
    """The top of the list as it opens, and how many stories the whole list has."""

    listing: Listing
    stories: int


def folder_key(directory: Path) -> str:
    """A corpus folder's name in the cache: the same for every spelling of its path."""
    return hashlib.sha256(str(directory.resolve()).encode()).hexdigest()[:16]


def listing_path(cache_dir: Path, directory: Path) -> Path:
    """One file per folder, so it is found without listing the cache."""
    return cache_dir / "corpus" / f"{folder_key(directory)}.listing"


def first_page(directory: Path | None = None, *, cache_dir: Path | None = None) -> FirstPage | None:
    """The first page of the list the last load of ``directory`` left; None if never loaded.

    Its stories are the top of the list in its first order, newest first (the
    app sorts them again: a test holds the two orders together). Never
    raises: the app calls it before its first frame, and a folder that cannot
    be named (a symlink loop, no home folder, no bundled corpus) is for
    `store.corpus.load_corpus` to report.
    """
    documents = _read(directory, cache_dir, 1)
    if not documents:
        return None
    document = documents[0]
    columns, stories = document.get("columns"), document.get("stories")
    if not (_well_formed(columns) and isinstance(stories, int) and stories >= 0):
        return None
    return FirstPage(Listing(*columns), stories)


def last_listing(directory: Path | None = None, *, cache_dir: Path | None = None) -> Listing | None:
    """Every article of the list the last load of ``directory`` left, newest first.

    Read from the cache without looking at the folder. None if there is none,
    and never raises (see `first_page`).
    """
    documents = _read(directory, cache_dir, 2)
    columns = documents[1].get("columns") if len(documents) == 2 else None
    return Listing(*columns) if _well_formed(columns) else None


def _read(directory: Path | None, cache_dir: Path | None, count: int) -> list[dict[str, Any]]:
    """The file's first ``count`` documents, if they are this version's; else none."""
    try:
        directory = (directory or bundled_data_dir()).expanduser()
        path = listing_path(cache_dir or default_cache_dir(), directory)
        with path.open("rb") as file:
            documents = [marshal.load(file) for _ in range(count)]
    except (OSError, RuntimeError, EOFError, ValueError, TypeError):
        return []  # RuntimeError: a symlink loop, or no home folder
    if all(isinstance(d, dict) and d.get("version") == LISTING_VERSION for d in documents):
        return documents
    return []


def write_listing(cache_dir: Path, directory: Path, articles: Sequence[Article]) -> None:
    """Store the folder's article list; a cache not written is no error (only a slower start)."""
    ordered = _newest_first(articles)
    listed = {article.id for article in ordered}
    stories = [a for a in ordered if a.duplicate_of is None or a.duplicate_of not in listed]
    page = stories[:FIRST_PAGE]
    by_id = {article.id: article for article in ordered}
    copies = [by_id[other] for article in page for other in article.also_in if other in by_id]
    head = {
        "version": LISTING_VERSION,
        "stories": len(stories),
        "columns": list(Listing.of([*page, *copies])),  # marshal stores lists, not named tuples
    }
    everything = {"version": LISTING_VERSION, "columns": list(Listing.of(ordered))}
    path = listing_path(cache_dir, directory)
    with contextlib.suppress(OSError, ValueError):
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_file(path, [marshal.dumps(head), marshal.dumps(everything)])


def _newest_first(articles: Sequence[Article]) -> list[Article]:
    """The list's first order: by day, newest first, then by id; undated articles last.

    The order of `tui.listing`'s ``date-desc``, on the same day text (the
    date's first ten characters, neutralised), so the first page is the top
    of the list the app arranges.
    """
    by_id = sorted(articles, key=attrgetter("id"))
    return sorted(by_id, key=_day, reverse=True)  # stable: ids stay in order within a day


def _day(article: Article) -> str:
    return single_line(article.date)[:10] if article.date else ""


def _well_formed(columns: object) -> TypeGuard[list[list[Any]]]:
    """Columns of one length holding the types of `Listing`'s columns, in order.

    Not so if the file was cut short or written by something else.
    """
    return (
        isinstance(columns, list)
        and len(columns) == len(_LISTING_TYPES)
        and all(isinstance(column, list) for column in columns)
        and len(set(map(len, columns))) == 1
        and all(
            set(map(type, column)) <= types
            for column, types in zip(columns, _LISTING_TYPES, strict=True)
        )
        and all(isinstance(other, str) for others in columns[-1] for other in others)
    )
