"""The article list's rows: what each shows, in which order, under which filters.

Pure data, no Textual: the list widget draws whatever :func:`arrange` returns.
A republished story is one row (its first copy), listing the outlets it also
appeared in; filtering by outlet or entity matches a row when any copy
matches.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from operator import attrgetter
from typing import Literal, NamedTuple

from store.model import Article, ListedArticle
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
    articles: Iterable[Article | ListedArticle],
    *,
    tags: Callable[[str], tuple[str, ...]] = lambda article_id: (),
    notes: Callable[[str], int] = lambda article_id: 0,
    note_tags: Callable[[str], tuple[str, ...]] = lambda article_id: (),
) -> list[ArticleRow]:
    """One row per story: republished copies fold into their first copy's row.

    Runs before the first frame of a warm start, for every article (10,000
    rows in about 30 ms): each field is neutralised once, outlets and dates
    repeat and are neutralised once each, and articles without copies, tags
    or notes (most of them) take no extra steps.
    """
    by_id: Mapping[str, Article | ListedArticle] = {article.id: article for article in articles}
    outlet_lines: dict[str, str] = {}  # a corpus has few outlets
    outlet_sets: dict[str, frozenset[str]] = {}  # shared by every row of one outlet alone
    date_lines: dict[str, str] = {}  # and a few dates per day

    def outlet_line(outlet: str) -> str:
        shown = outlet_lines.get(outlet)
        if shown is None:
            shown = outlet_lines[outlet] = line(outlet)
        return shown

    rows = []
    for article in by_id.values():
        if article.duplicate_of is not None and article.duplicate_of in by_id:
            continue
        outlet = outlet_line(article.outlet) if article.outlet else ""
        copies = [by_id[other] for other in article.also_in if other in by_id]
        if copies:
            outlets = frozenset(
                [outlet, *(outlet_line(copy.outlet) for copy in copies if copy.outlet)]
            ) - {""}
        else:
            outlets = outlet_sets.get(outlet) or outlet_sets.setdefault(
                outlet, frozenset([outlet] if outlet else [])
            )
        date = article.date
        if date:
            date = date_lines.get(date) or date_lines.setdefault(date, line(date)[:10])
        article_tags = tags(article.id)
        tags_of_notes = note_tags(article.id)
        rows.append(
            ArticleRow(
                article.id,
                date or "",
                outlet,
                line(article.title) or "(untitled)",
                article.empty,
                tuple(line(copy.outlet or copy.id) for copy in copies) if copies else (),
                (article.id, *(copy.id for copy in copies)) if copies else (article.id,),
                outlets,
                tuple(map(line, article_tags)) if article_tags else (),
                notes(article.id),
                tuple(map(line, tags_of_notes)) if tags_of_notes else (),
            )
        )
    return rows


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
