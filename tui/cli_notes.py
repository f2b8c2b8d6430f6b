"""Note and tag commands: ``tag``, ``untag``, ``note``, ``notes``, ``export``."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime

from store import Note, export_markdown
from store.text import neutralise, single_line
from tui.cli_session import CommandError, Session, print_json
from tui.wording import counted

__all__ = ["export", "note", "notes", "tag", "untag"]


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
