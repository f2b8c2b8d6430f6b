"""What the reader needs from per-user notes and tags, as a small interface.

The notes store (``store.annotations``) is being built separately; the app
only depends on this protocol, so the list can show tag and note counts and
the body can mark annotated spans as soon as an implementation is passed to
:func:`tui.app.make_app`. Until then :class:`NoAnnotations` shows none.
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
