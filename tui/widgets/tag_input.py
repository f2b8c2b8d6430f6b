"""A box for tags typed comma- or space-separated, completing the last word from known tags."""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content
from textual.suggester import Suggester
from textual.widgets import Input

from tui.safe import line

__all__ = ["TagInput", "TagSuggester", "known_tags_hint"]

_SEPARATORS = ", \t"
MAX_HINT_TAGS = 30


class TagSuggester(Suggester):
    """Suggests the rest of the tag being typed (the text after the last separator).

    Matching ignores case but the suggestion keeps what was typed, so accepting
    it (Right arrow or End) never changes the earlier tags.
    """

    def __init__(self, tags: Iterable[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.tags = sorted({line(tag) for tag in tags if line(tag)})

    async def get_suggestion(self, value: str) -> str | None:
        cut = max(value.rfind(separator) for separator in _SEPARATORS) + 1
        word = value[cut:].lstrip("#")
        if not word:
            return None
        typed = {part.lstrip("#").casefold() for part in value[:cut].replace(",", " ").split()}
        needle = word.casefold()
        for tag in self.tags:
            if tag.casefold().startswith(needle) and tag != word and tag.casefold() not in typed:
                return value + tag[len(word) :]
        return None


class TagInput(Input):
    """An ``Input`` for tags: one line, comma or space separated, with completion."""

    def __init__(
        self, value: str = "", *, known: Iterable[str] = (), id: str | None = None, **kwargs: object
    ) -> None:
        super().__init__(
            value,
            placeholder="tags, separated by commas or spaces (→ completes a known tag)",
            suggester=TagSuggester(known),
            id=id,
            **kwargs,  # type: ignore[arg-type]
        )


def known_tags_hint(tags: Iterable[str]) -> Content:
    """'known: #a #b …' for under a tag box (plain text: tags are data)."""
    shown = [line(tag) for tag in tags][:MAX_HINT_TAGS]
    if not shown:
        return Content.styled("no tags yet", "dim")
    return Content.assemble(("known: ", "dim"), " ".join(f"#{tag}" for tag in shown))
