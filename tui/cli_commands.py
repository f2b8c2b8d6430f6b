"""The reading commands (``articles``, ``show``, ``entities``, ``search``) and their errors.

Imported only when a command runs: the app, opened by ``lgai-reader`` with no
command, never needs them (nor the corpus loader they import) before its
first frame.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

from store import (
    AmbiguousArticle,
    Article,
    ArticleNotFound,
    CorpusError,
    DatabaseError,
    InvalidArticleId,
    InvalidUserName,
    NoteNotFound,
    NotYourNote,
    article_row_json,
    article_to_json,
)
from store.identity import ForeignUserDirectory, UnknownUser
from tui import cli_notes
from tui.cli import EXIT_ERROR
from tui.cli_session import CommandError, Session, print_json
from tui.wording import counted

__all__ = ["run_command"]

CONTEXT_CHARS = 30
# Failures a person can act on: reported as one line, never as a traceback.
_REPORTED = (
    CommandError,
    ArticleNotFound,
    AmbiguousArticle,
    CorpusError,
    DatabaseError,
    InvalidArticleId,
    InvalidUserName,
    NoteNotFound,
    NotYourNote,
    ForeignUserDirectory,
    UnknownUser,
    OSError,
)


def run_command(args: argparse.Namespace) -> int:
    """Run the command ``args`` names; return the exit status."""
    handler = _HANDLERS[args.command]
    try:
        return handler(Session(args), args)
    except BrokenPipeError:
        # The reader of our output went away (``| head``): stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR
    except _REPORTED as error:
        print(f"lgai-reader: {error}", file=sys.stderr)
        return EXIT_ERROR


def _articles(session: Session, args: argparse.Namespace) -> int:
    tags = session.tags_by_article()
    if args.json:
        print_json([article_row_json(a, tags.get(a.id, ())) for a in session.corpus])
        return 0
    for article in session.corpus:
        flags = []
        if article.empty:
            flags.append("empty")
        if article.duplicate_of:
            flags.append(f"republishes {article.duplicate_of}")
        if article.also_in:
            flags.append("also in " + ", ".join(article.also_in))
        if tags.get(article.id):
            flags.append("tags: " + ", ".join(tags[article.id]))
        date = (article.date or "")[:10].ljust(10)
        suffix = f"  [{'; '.join(flags)}]" if flags else ""
        print(f"{article.id}  {date}  {article.outlet or '-'}  {article.title}{suffix}")
    return 0


def _show(session: Session, args: argparse.Namespace) -> int:
    article = session.corpus.get(args.article)
    if args.json:
        print_json(article_to_json(article))
        return 0
    print(_header(article))
    print()
    print(article.body if not article.empty else "(empty: nothing readable after cleaning)")
    if args.removed:
        print("\n--- removed by cleaning ---")
        for removal in article.removed:
            print(f"[{removal.reason}: {removal.detail}] {removal.text}")
    return 0


def _header(article: Article) -> str:
    reporters = ", ".join(f"{r.name} <{r.email}>" if r.email else r.name for r in article.reporters)
    lines = [article.title]
    meta = " · ".join(part for part in (article.outlet, article.date, reporters) if part)
    if meta:
        lines.append(meta)
    if article.duplicate_of:
        lines.append(f"republishes {article.duplicate_of}")
    return "\n".join(lines)


def _entities(session: Session, args: argparse.Namespace) -> int:
    entities = session.corpus.entities.entities(args.type)
    if args.json:
        print_json([entity.to_json() for entity in entities])
        return 0
    for entity in entities:
        aliases = f"  ({', '.join(entity.aliases)})" if entity.aliases else ""
        print(f"{entity.type:<8}{entity.count:>5}  {entity.name}{aliases}")
    return 0


def _search(session: Session, args: argparse.Namespace) -> int:
    from store.search import SearchIndex

    result = SearchIndex(session.corpus).search(args.query, limit=max(1, args.limit))
    rows = []
    for hit in result.hits:
        article = session.corpus.get(hit.article)
        text = article.title if hit.field == "title" else article.body
        before = text[max(0, hit.start - CONTEXT_CHARS) : hit.start].split("\n")[-1]
        after = text[hit.end : hit.end + CONTEXT_CHARS].split("\n")[0]
        rows.append(
            {
                "article": hit.article,
                "field": hit.field,
                "start": hit.start,
                "end": hit.end,
                "match": text[hit.start : hit.end],
                "before": before,
                "after": after,
            }
        )
    if args.json:
        print_json(rows)
        return 0
    for row in rows:
        print(f"{row['article']}  {row['before']}[{row['match']}]{row['after']}")
    more = " (more not shown)" if result.truncated else ""
    found = f"{counted(len(rows), 'hit')} in {counted(result.articles, 'article')}"
    print(found + more, file=sys.stderr)
    return 0


_HANDLERS: dict[str, Callable[[Session, argparse.Namespace], int]] = {
    "articles": _articles,
    "show": _show,
    "entities": _entities,
    "search": _search,
    "tag": cli_notes.tag,
    "untag": cli_notes.untag,
    "note": cli_notes.note,
    "notes": cli_notes.notes,
    "export": cli_notes.export,
}
