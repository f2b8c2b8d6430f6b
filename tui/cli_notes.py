"""Note and tag commands: ``tag``, ``untag``, ``note``, ``notes``, ``export``."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from store import Note, export_markdown
from store.text import neutralise, single_line
from tui.cli_session import CommandError, Session, print_json
from tui.wording import counted

__all__ = ["add_note_commands", "export", "note", "notes", "tag", "untag"]


def add_note_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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


def tag(session: Session, args: argparse.Namespace) -> int:
    tags = session.notebook.tag_article(session.article_id(args.article), *args.tags)
    print(", ".join(tags))
    return 0


def untag(session: Session, args: argparse.Namespace) -> int:
    tags = session.notebook.untag_article(session.article_id(args.article), *args.tags)
    print(", ".join(tags))
    return 0


def note(session: Session, args: argparse.Namespace) -> int:
    article = session.corpus.get(args.article)
    quote = single_line(args.quote)
    start = article.body.find(quote) if quote else -1
    if start < 0:
        raise CommandError(f"{quote!r} is not in the clean body of {article.id}")
    added = session.notebook.add_note(
        article.id,
        article.body,
        article.content_hash,
        start,
        start + len(quote),
        note=neutralise(args.note),
        tags=args.tag,
    )
    print(added.id)
    return 0


def _chosen_notes(session: Session, args: argparse.Namespace) -> list[Note]:
    article = session.article_id(args.article) if args.article else None
    return session.placed(session.notebook.notes(article=article, tag=args.tag))


def notes(session: Session, args: argparse.Namespace) -> int:
    chosen = _chosen_notes(session, args)
    if args.json:
        print_json([n.to_json() for n in chosen])
        return 0
    for item in chosen:
        state = " (orphaned)" if item.orphaned else ""
        tags = f" [{', '.join(item.tags)}]" if item.tags else ""
        print(f"{item.id}  {item.article}{state}{tags}")
        print(f"    > {item.quote}")
        for line in item.note.splitlines():
            print(f"    {line}")
    return 0


def export(session: Session, args: argparse.Namespace) -> int:
    chosen = _chosen_notes(session, args)
    filters = {"article": args.article, "tag": args.tag}
    document = export_markdown(
        chosen,
        session.summaries(n.article for n in chosen),
        session.user,
        filters,
        datetime.now(UTC),
    )
    if args.output is None:
        sys.stdout.write(document)
        return 0
    args.output.expanduser().write_text(document, encoding="utf-8")
    print(f"exported {counted(len(chosen), 'note')} to {args.output}", file=sys.stderr)
    return 0
