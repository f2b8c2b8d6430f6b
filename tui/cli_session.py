"""What every command needs, loaded only when it asks: the corpus, the user, their notes."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from store import (
    ArticleSummary,
    Corpus,
    Note,
    NoteBook,
    load_corpus,
    place,
    resolve_data_dir,
    resolve_user,
)
from store.notes import validate_article

__all__ = ["CommandError", "Session", "print_json"]


def print_json(document: object) -> None:
    """Print a JSON document for scripts: UTF-8 text as is, indented."""
    json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


class CommandError(Exception):
    """A failure to report on stderr as one clear line, without a traceback."""


@dataclass
class Session:
    """The command line's view of the corpus and of one user's notes."""

    args: argparse.Namespace

    @cached_property
    def data_dir(self) -> Path:
        return resolve_data_dir(self.args.data)

    @cached_property
    def user(self) -> str:
        return resolve_user(self.args.user)

    @cached_property
    def corpus(self) -> Corpus:
        corpus = load_corpus(self.args.corpus, data_dir=self.data_dir, long_lived=True)
        for skipped in corpus.skipped:
            print(f"lgai-reader: skipped {skipped}", file=sys.stderr)
        return corpus

    @cached_property
    def notebook(self) -> NoteBook:
        return NoteBook(self.data_dir, self.user)

    def article_id(self, reference: str) -> str:
        """The full id of the article ``reference`` names (an id or a unique prefix)."""
        return validate_article(self.corpus.get(reference).id)

    def tags_by_article(self) -> dict[str, tuple[str, ...]]:
        """This user's tags of every article that has some."""
        return {
            article: tags
            for article in self.notebook.articles()
            if (tags := self.notebook.article_tags(article))
        }

    def placed(self, notes: Iterable[Note]) -> list[Note]:
        """Notes placed against the current clean bodies; a vanished article orphans its notes."""
        by_article: dict[str, list[Note]] = {}
        for note in notes:
            by_article.setdefault(note.article, []).append(note)
        placed: list[Note] = []
        for article_id, group in by_article.items():
            try:
                article = self.corpus.get(article_id)
            except LookupError:
                placed.extend(place(group, "", ""))
                continue
            placed.extend(place(group, article.body, article.content_hash))
        return placed

    def summaries(self, article_ids: Iterable[str]) -> dict[str, ArticleSummary]:
        """What the Markdown export says above each article's notes, in corpus order."""
        wanted = set(article_ids)
        tags = self.tags_by_article()
        summaries = {}
        for article in self.corpus:
            if article.id in wanted:
                summaries[article.id] = ArticleSummary.of(article, tags.get(article.id, ()))
        return summaries
