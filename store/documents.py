"""The JSON documents the command line prints: one stable schema for scripts.

Keys are part of the command line's contract; add keys, never rename them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from store.model import Article

__all__ = ["article_row_json", "article_to_json"]


def article_row_json(article: Article, tags: Iterable[str]) -> dict[str, Any]:
    """One row of ``lgai-reader articles --json``."""
    return {
        "id": article.id,
        "title": article.title,
        "outlet": article.outlet,
        "date": article.date,
        "reporters": [reporter.to_json() for reporter in article.reporters],
        "empty": article.empty,
        "duplicate_of": article.duplicate_of,
        "also_in": list(article.also_in),
        "tags": sorted(tags),
    }


def article_to_json(article: Article) -> dict[str, Any]:
    """``lgai-reader show ARTICLE --json``: the clean article, what was cut, its entities."""
    return {
        "id": article.id,
        "title": article.title,
        "outlet": article.outlet,
        "date": article.date,
        "reporters": [reporter.to_json() for reporter in article.reporters],
        "encoding": article.encoding,
        "empty": article.empty,
        "duplicate_of": article.duplicate_of,
        "also_in": list(article.also_in),
        "body": article.body,
        "paragraphs": list(article.paragraphs),
        "removed": [removal.to_json() for removal in article.removed],
        "entities": [mention.to_json() for mention in article.mentions],
    }
