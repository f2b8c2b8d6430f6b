"""Export the user's notes to a Markdown file from the app (``x``); call from a worker.

The file goes to the current directory as
``lgai-reader-notes-<user>-<YYYYmmdd-HHMMSS>.md`` (where a person who pressed
``x`` in a shell session will look for it), or, when that directory cannot be
written, to ``<data>/exports/``. It is created new (never over an existing
file) and private (0600): notes are personal until their author shares them.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from store.export import ArticleSummary, export_markdown
from store.model import Article
from store.notes import Note
from tui.notes_source import NotesSnapshot

__all__ = ["Export", "choose_notes", "export_notes", "export_path_candidates", "summaries"]

FILE_MODE = 0o600
DIR_MODE = 0o700
MAX_TRIES = 100


@dataclass(frozen=True)
class Export:
    """Where an export went and how many notes it holds."""

    path: Path
    count: int


def choose_notes(snapshot: NotesSnapshot, tag: str | None) -> list[Note]:
    """The user's notes, all or only those carrying ``tag`` (themselves or on their article)."""
    return [note for note in snapshot.mine if tag is None or tag in snapshot.effective_tags(note)]


def summaries(
    notes: Iterable[Note], articles: Mapping[str, Article], tags: Mapping[str, tuple[str, ...]]
) -> dict[str, ArticleSummary]:
    """What the export says above each article's notes, in the order the notes come."""
    found: dict[str, ArticleSummary] = {}
    for note in notes:
        article = articles.get(note.article)
        if article is None or article.id in found:
            continue
        found[article.id] = ArticleSummary.of(article, tags.get(article.id, ()))
    return found


def export_path_candidates(user: str, now: datetime, cwd: Path, data_dir: Path) -> list[Path]:
    """Where to try writing, in order: the current directory, then ``<data>/exports``."""
    name = f"lgai-reader-notes-{user}-{now.strftime('%Y%m%d-%H%M%S')}.md"
    return [cwd / name, data_dir / "exports" / name]


def _create(path: Path, payload: bytes) -> Path:
    """Write ``payload`` to a new file at ``path`` (``-2``, ``-3``… if taken); return it."""
    for attempt in range(1, MAX_TRIES + 1):
        target = path if attempt == 1 else path.with_name(f"{path.stem}-{attempt}{path.suffix}")
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, FILE_MODE)
        except FileExistsError:
            continue
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
        except OSError:
            target.unlink(missing_ok=True)
            raise
        return target
    raise FileExistsError(errno.EEXIST, "too many exports with this name", str(path))


def export_notes(
    snapshot: NotesSnapshot,
    articles: Mapping[str, Article],
    *,
    tag: str | None,
    data_dir: Path,
    cwd: Path | None = None,
    now: datetime | None = None,
) -> Export:
    """Write the chosen notes as Markdown; return where.

    Raises:
        LookupError: There is no note to export.
        OSError: Neither the current directory nor the data directory can be written.
    """
    notes = choose_notes(snapshot, tag)
    if not notes:
        raise LookupError(f"no notes with tag #{tag}" if tag else "no notes to export yet")
    moment = now or datetime.now(UTC)
    document = export_markdown(
        notes,
        summaries(notes, articles, snapshot.tags),
        snapshot.user,
        {"tag": tag},
        moment,
    ).encode("utf-8")
    first_error: OSError | None = None
    for candidate in export_path_candidates(
        snapshot.user, moment.astimezone(), cwd or Path.cwd(), data_dir
    ):
        try:
            candidate.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
            return Export(_create(candidate, document), len(notes))
        except OSError as error:
            first_error = first_error or error
    assert first_error is not None
    raise first_error
