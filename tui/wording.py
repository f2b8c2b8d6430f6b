"""Counts in words, for every status line and summary: "1 article", "10,000 articles"."""

from __future__ import annotations

__all__ = ["counted", "noun"]


def noun(count: int, singular: str, plural: str | None = None) -> str:
    """``singular`` for one, else ``plural`` (by default ``singular`` + "s")."""
    return singular if count == 1 else plural or f"{singular}s"


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """``count`` (with thousands separators) and its noun: ``counted(1, "hit")`` is "1 hit"."""
    return f"{count:,} {noun(count, singular, plural)}"
