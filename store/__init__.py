"""lgai-reader's library: everything below the screen.

Ingestion, cleaning, entities, annotations and export. This package never
imports Textual or ``tui``; the command line and the app both use the names
exported here.
"""

from store.annotations import NoteBook, NoteReader
from store.corpus import (
    AmbiguousArticle,
    ArticleNotFound,
    Corpus,
    CorpusError,
    LoadProgress,
    load_corpus,
)
from store.documents import article_row_json, article_to_json
from store.entity_index import Entity, EntityIndex
from store.export import ArticleSummary, export_markdown
from store.identity import InvalidUserName, resolve_data_dir, resolve_user
from store.model import Article, Mention, Removed, Reporter, SkippedFile
from store.notes import InvalidArticleId, Note, NoteNotFound, NotYourNote, place
from store.safe_db import CorruptDatabase, DatabaseError

__all__ = [
    "AmbiguousArticle",
    "Article",
    "ArticleNotFound",
    "ArticleSummary",
    "Corpus",
    "CorpusError",
    "CorruptDatabase",
    "DatabaseError",
    "Entity",
    "EntityIndex",
    "InvalidArticleId",
    "InvalidUserName",
    "LoadProgress",
    "Mention",
    "NotYourNote",
    "Note",
    "NoteBook",
    "NoteNotFound",
    "NoteReader",
    "Removed",
    "Reporter",
    "SkippedFile",
    "article_row_json",
    "article_to_json",
    "export_markdown",
    "load_corpus",
    "place",
    "resolve_data_dir",
    "resolve_user",
]
