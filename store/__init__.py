"""lgai-reader's library: everything below the screen.

Ingestion, cleaning, entities, annotations and export. This package never
imports Textual or ``tui``; the command line and the app both use the names
exported here.
"""

from store.corpus import (
    AmbiguousArticle,
    ArticleNotFound,
    Corpus,
    CorpusError,
    LoadProgress,
    load_corpus,
)
from store.entity_index import Entity, EntityIndex
from store.documents import article_row_json, article_to_json
from store.model import Article, Mention, Removed, Reporter, SkippedFile

__all__ = [
    "AmbiguousArticle",
    "Article",
    "ArticleNotFound",
    "Corpus",
    "CorpusError",
    "Entity",
    "EntityIndex",
    "LoadProgress",
    "Mention",
    "Removed",
    "Reporter",
    "SkippedFile",
    "article_row_json",
    "article_to_json",
    "load_corpus",
]
