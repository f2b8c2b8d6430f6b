"""lgai-reader's library: everything below the screen.

Ingestion, cleaning, entities, annotations and export. This package never
imports Textual or ``tui``; the command line and the app both use the names
exported here. Names are imported when first used (PEP 562), so a warm start
that only reads a corpus snapshot does not load the cleaner, TinyDB or search.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# Exported name -> the module that defines it.
_EXPORTS = {
    "NoteBook": "store.annotations",
    "NoteReader": "store.annotations",
    "AmbiguousArticle": "store.corpus",
    "ArticleNotFound": "store.corpus",
    "Corpus": "store.corpus",
    "CorpusError": "store.corpus",
    "LoadProgress": "store.corpus",
    "load_corpus": "store.corpus",
    "article_row_json": "store.documents",
    "article_to_json": "store.documents",
    "Entity": "store.entity_index",
    "EntityIndex": "store.entity_index",
    "ArticleSummary": "store.export",
    "export_markdown": "store.export",
    "InvalidUserName": "store.identity",
    "resolve_data_dir": "store.identity",
    "resolve_user": "store.identity",
    "Article": "store.model",
    "Mention": "store.model",
    "Removed": "store.model",
    "Reporter": "store.model",
    "SkippedFile": "store.model",
    "InvalidArticleId": "store.notes",
    "Note": "store.notes",
    "NoteNotFound": "store.notes",
    "NotYourNote": "store.notes",
    "place": "store.notes",
    "CorruptDatabase": "store.database_errors",
    "DatabaseError": "store.database_errors",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'store' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from store.annotations import NoteBook, NoteReader
    from store.corpus import (
        AmbiguousArticle,
        ArticleNotFound,
        Corpus,
        CorpusError,
        LoadProgress,
        load_corpus,
    )
    from store.database_errors import CorruptDatabase, DatabaseError
    from store.documents import article_row_json, article_to_json
    from store.entity_index import Entity, EntityIndex
    from store.export import ArticleSummary, export_markdown
    from store.identity import InvalidUserName, resolve_data_dir, resolve_user
    from store.model import Article, Mention, Removed, Reporter, SkippedFile
    from store.notes import InvalidArticleId, Note, NoteNotFound, NotYourNote, place
