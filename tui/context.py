"""A line of context around a hit (a mention or a search match), fitted to a width in cells."""

from __future__ import annotations

from rich.cells import cell_len

from tui.body_layout import char_cells
from tui.safe import ELLIPSIS, fit, line

__all__ = ["context_window"]


def context_window(text: str, start: int, end: int, width: int) -> tuple[str, str, str]:
    """``(before, hit, after)`` of ``text[start:end]``, on one line of at most ``width`` cells.

    The hit starts about a third of the way in, so the words before it are
    visible; line breaks become spaces; cut ends show an ellipsis. The pieces
    are neutral single lines (safe to draw) and never split a character.
    """
    width = max(width, 4)
    hit = (
        fit(line(text[start:end]), width).rstrip()
        if cell_len(text[start:end]) > width
        else line(text[start:end])
    )
    room = width - cell_len(hit)
    lead = max(min(width // 3, room), 0)
    index = start
    cells = 0
    while index > 0:
        char = text[index - 1]
        cells_here = 1 if char == "\n" else char_cells(char)
        if cells + cells_here > lead:
            break
        cells += cells_here
        index -= 1
    before = text[index:start].replace("\n", " ")
    if index > 0 and before:
        before = (
            ELLIPSIS + before[1:] if char_cells(before[0]) == 1 else ELLIPSIS + " " + before[1:]
        )
    before = line(before) + (" " if before.endswith(" ") else "")
    after_room = max(width - cell_len(before) - cell_len(hit), 0)
    after_raw = text[end : end + after_room + 2].replace("\n", " ")
    after = ("" if not after_raw.startswith(" ") else " ") + line(after_raw)
    if cell_len(after) > after_room:
        after = fit(after, after_room).rstrip()
    return before, hit, after
