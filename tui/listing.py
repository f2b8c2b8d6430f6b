"""The article list's rows: what each shows, in which order, under which filters.

Pure data, no Textual: the list widget draws whatever :func:`arrange` returns.
A republished story is one row (its first copy), listing the outlets it also
appeared in; filtering by outlet or entity matches a row when any copy
matches.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from itertools import compress, repeat
from operator import attrgetter
from typing import Literal, NamedTuple

from store.model import Article, Listing
from tui.safe import line

__all__ = ["SORT_ORDERS", "ArticleRow", "ListFilter", "SortOrder", "arrange", "build_rows"]

SortOrder = Literal["date-desc", "date-asc", "outlet"]
SORT_ORDERS: dict[SortOrder, str] = {
    "date-desc": "newest first",
    "date-asc": "oldest first",
    "outlet": "by outlet",
}


class ArticleRow(NamedTuple):
    """One row of the list, its text already neutralised for display.

    A named tuple: a warm start makes one per story before the list is drawn,
    and 10,000 take 4 ms this way against 18 ms as a frozen dataclass.
    """

    id: str
    date: str
    outlet: str
    title: str
    empty: bool
    also_in: tuple[str, ...]  # outlets (or ids) of the republished copies
    copies: tuple[str, ...]  # this article's id and its copies' ids
    outlets: frozenset[str]  # this outlet and the copies' outlets
    tags: tuple[str, ...] = ()
    notes: int = 0
    note_tags: tuple[str, ...] = ()  # tags on the user's notes in the article


@dataclass(frozen=True, slots=True)
class ListFilter:
    """What the list is narrowed to; ``None`` fields do not filter."""

    tag: str | None = None
    entity: str | None = None
    outlet: str | None = None

    @property
    def active(self) -> bool:
        return any(value is not None for value in (self.tag, self.entity, self.outlet))

    def describe(self) -> str:
        parts = []
        if self.outlet is not None:
            parts.append(f"outlet {self.outlet}")
        if self.entity is not None:
            parts.append(f"entity {self.entity}")
        if self.tag is not None:
            parts.append(f"tag #{self.tag}")
        return ", ".join(parts)


def build_rows(
    articles: Iterable[Article] | Listing,
    *,
    tags: Callable[[str], tuple[str, ...]] | None = None,
    notes: Callable[[str], int] | None = None,
    note_tags: Callable[[str], tuple[str, ...]] | None = None,
) -> list[ArticleRow]:
    """One row per story: republished copies fold into their first copy's row.

    Runs before the first frame of a warm start, on the last list
    (`store.listing`): rows are built column by column, each outlet and date
    neutralised once (10,000 rows: about 15 ms, against 21 ms one article at a
    time). Only the few rows with copies, and with ``tags``, ``notes`` or
    ``note_tags`` the rows they give something for, take steps of their own.
    """
    listing = articles if isinstance(articles, Listing) else Listing.of(articles)
    ids = listing.ids
    outlet_lines = {outlet: line(outlet) if outlet else "" for outlet in set(listing.outlets)}
    date_lines = {date: line(date)[:10] if date else "" for date in set(listing.dates)}
    outlets = list(map(outlet_lines.__getitem__, listing.outlets))
    alone = {outlet: frozenset([outlet] if outlet else ()) for outlet in set(outlets)}
    rows = list(
        map(
            ArticleRow,
            ids,
            map(date_lines.__getitem__, listing.dates),
            outlets,
            [line(title) or "(untitled)" for title in listing.titles],
            listing.empty,
            repeat(()),
            zip(ids),  # copies: the article alone, as a 1-tuple
            map(alone.__getitem__, outlets),
        )
    )
    if any(listing.also_in) or listing.duplicate_of.count(None) < len(ids):
        rows = _fold_copies(rows, listing, outlet_lines)
    if tags or notes or note_tags:
        rows = [_with_notes(row, tags, notes, note_tags) for row in rows]
    return rows


def _fold_copies(
    rows: list[ArticleRow], listing: Listing, outlet_lines: Mapping[str | None, str]
) -> list[ArticleRow]:
    """Drop republished copies whose first copy is listed; that row lists them instead."""
    ids, outlets = listing.ids, listing.outlets
    index = dict(zip(ids, range(len(ids)), strict=True))
    for position in compress(range(len(rows)), listing.also_in):  # the rows with copies
        copies = [index[other] for other in listing.also_in[position] if other in index]
        if copies:
            row = rows[position]
            rows[position] = row._replace(
                also_in=tuple(line(outlets[copy] or ids[copy]) for copy in copies),
                copies=(row.id, *(ids[copy] for copy in copies)),
                outlets=frozenset([row.outlet, *(outlet_lines[outlets[copy]] for copy in copies)])
                - {""},
            )
    shown = [first is None or first not in index for first in listing.duplicate_of]
    return list(compress(rows, shown))


def _with_notes(
    row: ArticleRow,
    tags: Callable[[str], tuple[str, ...]] | None,
    notes: Callable[[str], int] | None,
    note_tags: Callable[[str], tuple[str, ...]] | None,
) -> ArticleRow:
    """``row`` with its article's tags, note count and the tags on its notes, if any."""
    article_tags = tags(row.id) if tags else ()
    count = notes(row.id) if notes else 0
    tags_of_notes = note_tags(row.id) if note_tags else ()
    if not (article_tags or count or tags_of_notes):
        return row
    return row._replace(
        tags=tuple(map(line, article_tags)),
        notes=count,
        note_tags=tuple(map(line, tags_of_notes)),
    )


# Sort keys, least significant first: each sort is stable, so together they
# order by the last key, then the one before, and so on. ``attrgetter`` keys
# keep every comparison in C (10,000 rows: 21 -> 4 ms for the default order).
_BY_ID = attrgetter("id")
_BY_DATE = attrgetter("date")
_BY_OUTLET = attrgetter("outlet")


def _undated(row: ArticleRow) -> bool:
    return not row.date


def _no_outlet(row: ArticleRow) -> bool:
    return not row.outlet


def _sort(rows: list[ArticleRow], order: SortOrder) -> None:
    """Sort ``rows`` in place; rows without a date (or outlet) go last in every order."""
    rows.sort(key=_BY_ID)
    if order == "date-asc":
        rows.sort(key=_BY_DATE)
        rows.sort(key=_undated)
        return
    rows.sort(key=_BY_DATE, reverse=True)  # newest first; an empty date sorts last
    if order == "outlet":
        rows.sort(key=_BY_OUTLET)
        rows.sort(key=_no_outlet)


def arrange(
    rows: Iterable[ArticleRow],
    order: SortOrder,
    where: ListFilter,
    entity_articles: frozenset[str] | None = None,
) -> list[ArticleRow]:
    """The rows to show: filtered by ``where``, sorted by ``order``.

    Args:
        entity_articles: ids of the articles mentioning ``where.entity``.
    """
    if not where.active:
        chosen = list(rows)
        _sort(chosen, order)
        return chosen
    chosen = []
    for row in rows:
        if where.outlet is not None and where.outlet not in row.outlets:
            continue
        if where.tag is not None and where.tag not in row.tags and where.tag not in row.note_tags:
            continue
        if where.entity is not None and not (
            entity_articles and any(copy in entity_articles for copy in row.copies)
        ):
            continue
        chosen.append(row)
    _sort(chosen, order)
    return chosen
