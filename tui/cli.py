"""The ``lgai-reader`` command: the app with no command, scriptable subcommands otherwise.

Every subcommand prints plain text for people or, with ``--json``, a stable
JSON document for scripts. Errors go to stderr as one line with exit status 1.
Textual is imported only when the app is opened, so scripted calls stay quick.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
from store.heap import process_lifetime
from store.identity import ForeignUserDirectory, UnknownUser
from store.model import ENTITY_TYPES
from store.text import escaped
from tui import cli_notes
from tui.cli_session import CommandError, Session, print_json
from tui.wording import counted

if TYPE_CHECKING:
    from tui.app import ReaderApp

__all__ = ["main", "open_app"]

EXIT_ERROR = 1
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lgai-reader",
        description="Read a corpus of Korean news articles: clean bodies, linked entities, notes.",
        epilog="With no command, opens the reader app.",
    )
    parser.add_argument(
        "--corpus",
        type=Path,
        default=_env_path("LGAI_READER_CORPUS"),
        help="folder of article files (env LGAI_READER_CORPUS; default: the bundled corpus)",
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=_env_path("LGAI_READER_DATA"),
        help="data folder for notes and tags, shared by a team if you like "
        "(env LGAI_READER_DATA; default: $XDG_DATA_HOME/lgai-reader)",
    )
    parser.add_argument(
        "--user",
        default=os.environ.get("LGAI_READER_USER") or None,
        help="whose notes to read and write (env LGAI_READER_USER; default: your login)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    articles = commands.add_parser("articles", help="list the articles")
    articles.add_argument("--json", action="store_true", help="print JSON")

    show = commands.add_parser("show", help="print one clean article")
    show.add_argument("article", metavar="ARTICLE", help="an article id or a unique prefix of one")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.add_argument("--removed", action="store_true", help="also print what cleaning cut")

    entities = commands.add_parser("entities", help="list the named entities and their mentions")
    entities.add_argument("--json", action="store_true", help="print JSON")
    entities.add_argument("--type", choices=ENTITY_TYPES, help="only entities of this type")

    search = commands.add_parser("search", help="search titles and bodies (particle-aware)")
    search.add_argument(
        "query", metavar="QUERY", help="words to find; 연구원은 also finds 연구원과"
    )
    search.add_argument("--json", action="store_true", help="print JSON")
    search.add_argument("--limit", type=int, default=100, help="at most this many hits")

    cli_notes.add_note_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        return _run_app(args)
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


def _env_path(name: str) -> Path | None:
    value = os.environ.get(name)
    return Path(value) if value else None


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


def _run_app(args: argparse.Namespace) -> int:
    """Open the reader app on the corpus, data folder and user of the command line."""
    if args.corpus is not None and not args.corpus.expanduser().is_dir():
        print(f"lgai-reader: corpus folder not found: {escaped(str(args.corpus))}", file=sys.stderr)
        return EXIT_ERROR
    app = open_app(corpus_dir=args.corpus, data_dir=args.data, user=args.user)
    app.run()
    return app.return_code or 0


def open_app(**settings: Any) -> ReaderApp:
    """Import the app (Textual is imported only now) and build it from `make_app`'s settings.

    The modules stay until the process ends, so they are imported under
    `process_lifetime`: the cycle collector never walks them again.
    """
    with process_lifetime():
        from tui.app import make_app

    return make_app(**settings)


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


if __name__ == "__main__":
    sys.exit(main())
