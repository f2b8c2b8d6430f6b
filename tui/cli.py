"""The ``lgai-reader`` command: the app with no command, scriptable subcommands otherwise.

Every subcommand prints plain text for people or, with ``--json``, a stable
JSON document for scripts. Errors go to stderr with a non-zero exit status.
Textual is imported only when the app is opened, so scripted calls stay quick.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from store import (
    AmbiguousArticle,
    Article,
    ArticleNotFound,
    Corpus,
    CorpusError,
    article_to_json,
    article_row_json,
    load_corpus,
)

__all__ = ["main"]

EXIT_ERROR = 1


class CommandError(Exception):
    """A failure to report on stderr as one clear line, without a traceback."""


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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            return _run_app(args)
        corpus = _load(args)
        if args.command == "articles":
            return _articles(corpus, args)
        if args.command == "show":
            return _show(corpus, args)
    except CommandError as error:
        print(f"lgai-reader: {error}", file=sys.stderr)
        return EXIT_ERROR
    except (ArticleNotFound, AmbiguousArticle, CorpusError) as error:
        print(f"lgai-reader: {error}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        # The reader of our output went away (``| head``): stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR
    parser.error(f"unknown command {args.command!r}")
    return EXIT_ERROR


def _env_path(name: str) -> Path | None:
    value = os.environ.get(name)
    return Path(value) if value else None


def _load(args: argparse.Namespace) -> Corpus:
    corpus = load_corpus(args.corpus)
    for skipped in corpus.skipped:
        print(f"lgai-reader: skipped {skipped}", file=sys.stderr)
    return corpus


def _print_json(document: Any) -> None:
    json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _articles(corpus: Corpus, args: argparse.Namespace) -> int:
    rows = [article_row_json(article, tags=[]) for article in corpus]
    if args.json:
        _print_json(rows)
        return 0
    for article in corpus:
        flags = []
        if article.empty:
            flags.append("empty")
        if article.duplicate_of:
            flags.append(f"republishes {article.duplicate_of}")
        if article.also_in:
            flags.append("also in " + ", ".join(article.also_in))
        line = "  ".join(
            part
            for part in (
                article.id,
                (article.date or "")[:10].ljust(10),
                (article.outlet or "-"),
                article.title,
                f"[{'; '.join(flags)}]" if flags else "",
            )
            if part
        )
        print(line)
    return 0


def _show(corpus: Corpus, args: argparse.Namespace) -> int:
    article = corpus.get(args.article)
    if args.json:
        _print_json(article_to_json(article))
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
    reporters = ", ".join(
        f"{r.name} <{r.email}>" if r.email else r.name for r in article.reporters
    )
    lines = [article.title]
    meta = " · ".join(part for part in (article.outlet, article.date, reporters) if part)
    if meta:
        lines.append(meta)
    if article.duplicate_of:
        lines.append(f"republishes {article.duplicate_of}")
    return "\n".join(lines)


def _run_app(args: argparse.Namespace) -> int:
    raise CommandError("the reader app is not built yet; try `lgai-reader articles`")


if __name__ == "__main__":
    sys.exit(main())
