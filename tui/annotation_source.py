"""What the reader needs from per-user notes and tags, as a small interface.

The app's own implementation is :class:`tui.notes_source.NotesSource`, over
the notes store (``store.annotations``); :func:`tui.app.make_app` uses it
unless given another. Any other implementation (a test's fake, or
:class:`NoAnnotations`) still shows tags, note counts and marked spans, through
:func:`tui.notes_source.notes_snapshot`, but notes cannot be written through it.
Implementations are called from worker threads (they read the disk).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from store.model import Article

__all__ = ["AnnotationSource", "NoAnnotations"]


class AnnotationSource(Protocol):
    """The user's tags and notes, as the reader shows them."""

    def tags(self, article_id: str) -> tuple[str, ...]:
        """The article's tags."""
        ...

    def note_count(self, article_id: str) -> int:
        """How many notes the user has on the article."""
        ...

    def spans(self, article: Article) -> Sequence[tuple[int, int]]:
        """Body offsets ``(start, end)`` of the article's annotated passages."""
        ...

    def all_tags(self) -> list[str]:
        """Every tag in use, for the tag filter."""
        ...


class NoAnnotations:
    """No tags, no notes: the reader before the notes UI lands."""

    def tags(self, article_id: str) -> tuple[str, ...]:
        return ()

    def note_count(self, article_id: str) -> int:
        return 0

    def spans(self, article: Article) -> Sequence[tuple[int, int]]:
        return ()

    def all_tags(self) -> list[str]:
        return []
