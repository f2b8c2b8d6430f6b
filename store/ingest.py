"""Read one article file into an `Article`: decode, clean, and (de)serialise the analysis.

The analysis of a file depends only on its bytes and the analyser, so it is
what the cache stores; the article id (the file name) and corpus-level facts
(republished copies) are added around it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from store.decoding import DecodeError, decode_article_bytes
from store.mention_table import MentionTable
from store.model import Article, Removed, Reporter, SkippedFile
from store.text import single_line

__all__ = [
    "ARTICLE_SUFFIXES",
    "MAX_ARTICLE_BYTES",
    "analyse_bytes",
    "analysis_from_json",
    "analysis_to_json",
    "content_hash",
    "read_article_bytes",
]

ARTICLE_SUFFIXES = (".txt", ".text")
# A news article is tens of kilobytes; a file this large is not one.
MAX_ARTICLE_BYTES = 5 * 1024 * 1024


def content_hash(data: bytes) -> str:
    """SHA-256 of a file's bytes: the key of its cached analysis and of notes' anchors."""
    return hashlib.sha256(data).hexdigest()


def read_article_bytes(path: Path) -> bytes | SkippedFile:
    """The bytes of an article file, or why it cannot be read (one line)."""
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            return SkippedFile(path, f"too large for an article ({size:,} bytes)")
        return path.read_bytes()
    except OSError as error:
        return SkippedFile(path, f"cannot be read: {error.strerror or error}")


def analyse_bytes(path: Path, data: bytes, digest: str) -> Article | SkippedFile:
    """Decode and clean one file's bytes. Entity mentions are added by the corpus (Kiwi).

    The cleaner is imported here, not at the top: a warm start never cleans.
    """
    from store.clean import clean_text

    if not data.strip():
        return _empty_article(path, digest)
    try:
        decoded = decode_article_bytes(data)
    except DecodeError as error:
        return SkippedFile(path, str(error))
    clean = clean_text(decoded.text)
    return Article(
        id=path.stem,
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


def _empty_article(path: Path, digest: str) -> Article:
    return Article(
        id=path.stem,
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
    return {
        "fingerprint": fingerprint,
        "title": article.title,
        "outlet": article.outlet,
        "date": article.date,
        "encoding": article.encoding,
        "reporters": [reporter.to_json() for reporter in article.reporters],
        "paragraphs": list(article.paragraphs),
        "removed": [removal.to_json() for removal in article.removed],
        "mentions": [[m.start, m.end, m.entity, m.type] for m in article.mentions],
    }


def analysis_from_json(path: Path, digest: str, analysis: dict[str, Any]) -> Article:
    """Rebuild an article from a cached analysis; raises on a malformed entry."""
    paragraphs = tuple(str(p) for p in analysis["paragraphs"])
    article_id = path.stem
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
