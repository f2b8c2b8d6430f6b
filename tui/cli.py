"""The ``lgai-reader`` command: the app with no command, scriptable subcommands otherwise.

Every subcommand prints plain text for people or, with ``--json``, a stable
JSON document for scripts. Errors go to stderr as one line with exit status 1.
This module only reads the command line: Textual is imported when the app is
opened, and the commands' code (`tui.cli_commands`) when one runs, so each
path loads only what it uses.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from store.heap import process_lifetime
from store.model import ENTITY_TYPES
from store.text import escaped

if TYPE_CHECKING:
    from tui.app import ReaderApp

__all__ = ["main", "open_app"]

EXIT_ERROR = 1


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

    _add_note_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        return _run_app(args)
    from tui.cli_commands import run_command

    return run_command(args)


def _env_path(name: str) -> Path | None:
    value = os.environ.get(name)
    return Path(value) if value else None


def _add_note_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the note and tag commands on the main parser."""
    tag_parser = commands.add_parser("tag", help="tag an article")
    tag_parser.add_argument("article", metavar="ARTICLE")
    tag_parser.add_argument("tags", metavar="TAG", nargs="+")
    untag_parser = commands.add_parser("untag", help="remove tags from an article")
    untag_parser.add_argument("article", metavar="ARTICLE")
    untag_parser.add_argument("tags", metavar="TAG", nargs="+")

    note_parser = commands.add_parser(
        "note", help="annotate the first occurrence of a quote in an article; prints the note id"
    )
    note_parser.add_argument("article", metavar="ARTICLE")
    note_parser.add_argument("--quote", required=True, help="text of the clean body to highlight")
    note_parser.add_argument("--note", default="", help="what you want to say about it")
    note_parser.add_argument("--tag", action="append", default=[], help="a tag (repeatable)")

    notes_parser = commands.add_parser("notes", help="list your notes")
    notes_parser.add_argument("--json", action="store_true", help="print JSON")
    notes_parser.add_argument("--article", help="only notes on this article")
    notes_parser.add_argument("--tag", help="only notes with this tag (or on an article with it)")

    export_parser = commands.add_parser("export", help="export your notes as Markdown")
    export_parser.add_argument("--article", help="only notes on this article")
    export_parser.add_argument("--tag", help="only notes with this tag (or on an article with it)")
    export_parser.add_argument("-o", "--output", type=Path, help="write to FILE, not stdout")


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


if __name__ == "__main__":
    sys.exit(main())
