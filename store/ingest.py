"""Read one article file into an `Article`: decode, clean, and (de)serialise the analysis.

The analysis of a file depends only on its bytes and the analyser, so it is
what the cache stores; the article id (the file name) and corpus-level facts
(republished copies) are added around it.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from store.decoding import DecodeError, decode_article_bytes
from store.mention_table import MentionTable
from store.model import Article, Removed, Reporter, SkippedFile
from store.text import escaped, single_line

__all__ = [
    "ARTICLE_SUFFIXES",
    "MAX_ARTICLE_BYTES",
    "analyse_bytes",
    "analysis_from_json",
    "analysis_to_json",
    "article_ids",
    "content_hash",
    "read_article_bytes",
]

ARTICLE_SUFFIXES = (".txt", ".text")
# A news article is tens of kilobytes; a file this large is not one.
MAX_ARTICLE_BYTES = 5 * 1024 * 1024


def content_hash(data: bytes) -> str:
    """SHA-256 of a file's bytes: the key of its cached analysis and of notes' anchors."""
    return hashlib.sha256(data).hexdigest()


def file_id(path: Path) -> str:
    """The id a file's article has on its own: its name without the suffix, safe to print.

    NFC, so that a name written on macOS (NFD) is typed as it looks; characters a
    terminal could act on, and bytes that are not UTF-8, are written as escapes.
    """
    return _name_id(path.stem)


def _name_id(name: str) -> str:
    return escaped(unicodedata.normalize("NFC", name))


def article_ids(paths: Sequence[Path]) -> list[str]:
    """The article id of each file of one folder, in order: `file_id`, unless shared.

    ``a.txt`` and ``a.text`` would both be ``a``, and one would hide the other.
    Where ids are shared, ``a.txt`` keeps ``a`` (so adding ``a.text`` does not
    orphan the notes on ``a``) and the others are known by their whole name.
    An id still shared after that (``한.txt`` written in NFC and in NFD) is
    numbered after its first file: ``한-2``.
    """
    own = [file_id(path) for path in paths]
    shared = Counter(own)
    wanted = [
        _name_id(path.name) if shared[name] > 1 and path.suffix != ".txt" else name
        for path, name in zip(paths, own, strict=True)
    ]
    still_shared = Counter(wanted)
    taken = {name for name in wanted if still_shared[name] == 1}
    ids = []
    for name in wanted:
        unique, number = name, 1
        while still_shared[name] > 1 and unique in taken:
            number += 1
            unique = f"{name}-{number}"
        taken.add(unique)
        ids.append(unique)
    return ids


def read_article_bytes(path: Path) -> bytes | SkippedFile:
    """The bytes of an article file, or why it cannot be read (one line)."""
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            return SkippedFile(path, f"too large for an article ({size:,} bytes)")
        return path.read_bytes()
    except OSError as error:
        return SkippedFile(path, f"cannot be read: {error.strerror or error}")


def analyse_bytes(
    path: Path, data: bytes, digest: str, article_id: str | None = None
) -> Article | SkippedFile:
    """Decode and clean one file's bytes. Entity mentions are added by the corpus (Kiwi).

    ``article_id`` defaults to the file's own (`file_id`); a corpus passes the
    one `article_ids` gave it. The cleaner is imported here, not at the top: a
    warm start never cleans.
    """
    from store.clean import clean_text

    article_id = article_id or file_id(path)
    if not data.strip():
        return _empty_article(path, digest, article_id)
    try:
        decoded = decode_article_bytes(data)
    except DecodeError as error:
        return SkippedFile(path, str(error))
    clean = clean_text(decoded.text)
    return Article(
        id=article_id,
        path=path,
        content_hash=digest,
        title=clean.title or single_line(path.stem),
        outlet=clean.outlet,
        date=clean.date,
        reporters=clean.reporters,
        paragraphs=clean.paragraphs,
        removed=clean.removed,
        encoding=decoded.encoding,
    )


def _empty_article(path: Path, digest: str, article_id: str) -> Article:
    return Article(
        id=article_id,
        path=path,
        content_hash=digest,
        title=single_line(path.stem),
        outlet=None,
        date=None,
        reporters=(),
        paragraphs=(),
        removed=(),
    )


def analysis_to_json(article: Article, fingerprint: list[int]) -> dict[str, Any]:
    """The part of an article that depends only on the file's bytes (and the analyser)."""
    mentions = article.mentions
    rows = (
        mentions.rows()  # packed, as the finder's are: no Mention objects made to be written
        if isinstance(mentions, MentionTable)
        else ((m.start, m.end, m.entity, m.type) for m in mentions)
    )
    return {
        "fingerprint": fingerprint,
        "title": article.title,
        "outlet": article.outlet,
        "date": article.date,
        "encoding": article.encoding,
        "reporters": [reporter.to_json() for reporter in article.reporters],
        "paragraphs": list(article.paragraphs),
        "removed": [removal.to_json() for removal in article.removed],
        "mentions": [list(row) for row in rows],
    }


def analysis_from_json(
    path: Path, digest: str, analysis: dict[str, Any], article_id: str
) -> Article:
    """Rebuild an article (its id given by `article_ids`) from a cached analysis.

    Raises on a malformed entry.
    """
    paragraphs = tuple(str(p) for p in analysis["paragraphs"])
    mentions = MentionTable.build(
        article_id,
        paragraphs,
        (
            (int(start), int(end), str(name), kind)
            for start, end, name, kind in analysis["mentions"]
        ),
    )
    return Article(
        id=article_id,
        path=path,
        content_hash=digest,
        title=str(analysis["title"]),
        outlet=analysis["outlet"],
        date=analysis["date"],
        reporters=tuple(Reporter(r["name"], r.get("email")) for r in analysis["reporters"]),
        paragraphs=paragraphs,
        removed=tuple(
            Removed(r["text"], r["reason"], r.get("detail", "")) for r in analysis["removed"]
        ),
        mentions=mentions,
        encoding=str(analysis.get("encoding", "utf-8")),
    )
