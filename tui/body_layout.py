"""Lay an article body out in terminal cells: rows, and a map between body offsets and cells.

The reader draws the body itself (a Line-API widget) so that it can put a
caret, a selection, entity highlights and annotation marks at exact body
offsets. This module is the geometry behind that, with no Textual in it:

* paragraphs are wrapped to a width in *cells* (Hangul syllables take two),
  preferring to break after a space and never splitting a character;
* every body offset ``0..len(body)`` maps to exactly one (row, column), and a
  (row, column) maps back to the offset of the character drawn there.

The body is ``"\\n\\n".join(paragraphs)`` (:attr:`store.model.Article.body`).
Offsets of the two newlines between paragraphs ``i`` and ``i+1`` are: the end
of paragraph ``i`` (the caret sits after its last character) and the blank row
between them. Each row keeps one spare column at the right for the caret and
for the space a soft wrap broke at, so nothing is ever drawn past the width.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rich.cells import get_character_cell_size

from store.text import displayable

__all__ = ["BodyLayout", "Row", "char_cells"]

PARAGRAPH_SEPARATOR = "\n\n"


@lru_cache(maxsize=4096)
def char_cells(char: str) -> int:
    """Cells one character takes; zero-width characters are drawn as one cell.

    Store removes zero-width and control characters before we see a body, but
    combining marks could remain; giving every character at least one cell keeps
    the offset map one-to-one and the caret visible.
    """
    return max(1, get_character_cell_size(char))


@dataclass(frozen=True, slots=True)
class Row:
    """One screen row of the laid-out body.

    Attributes:
        start: body offset of the row's first character.
        end: body offset just after its last character.
        columns: ``columns[i]`` is the cell column of character ``start + i``;
            ``columns[-1]`` is the column just after the last character.
        paragraph: index of the paragraph this row belongs to, or -1 for the
            blank row between two paragraphs.
        last: True for the last row of a paragraph (and for blank rows): the
            caret may sit at ``end`` on this row.
    """

    start: int
    end: int
    columns: tuple[int, ...]
    paragraph: int
    last: bool

    @property
    def cell_length(self) -> int:
        return self.columns[-1]

    def column_of(self, offset: int) -> int:
        """The cell column of ``offset`` on this row (clamped to the row)."""
        index = min(max(offset - self.start, 0), len(self.columns) - 1)
        return self.columns[index]

    def offset_at(self, column: int) -> int:
        """The offset of the character drawn at ``column``.

        Either half of a double-width character gives that character. Past the
        end of the text: ``end`` on a paragraph's last row, otherwise the row's
        final character (the space a soft wrap broke at), so the caret stays on
        the row that was clicked.
        """
        if column >= self.columns[-1]:
            if self.last or self.end == self.start:
                return self.end
            return self.end - 1
        index = bisect.bisect_right(self.columns, max(column, 0)) - 1
        return self.start + index


def _wrap_paragraph(text: str, limit: int) -> list[tuple[int, int]]:
    """Split ``text`` into (start, end) pieces of at most ``limit`` cells (plus one space).

    A row breaks after its last space when it has one; a word longer than the
    row is broken between characters. A space may take the spare column past
    ``limit``; a character wider than ``limit`` gets a row of its own.
    """
    pieces: list[tuple[int, int]] = []
    length = len(text)
    start = 0
    while start < length:
        column = 0
        index = start
        after_space = -1
        full = False
        while index < length:
            char = text[index]
            if char == " ":
                index += 1
                column += 1
                after_space = index
                if column >= limit:
                    full = True
                    break
                continue
            width = char_cells(char)
            if column + width > limit:
                full = True
                break
            column += width
            index += 1
        if not full or index >= length:
            pieces.append((start, length))
            break
        if after_space > start:
            end = after_space
        elif index == start:
            end = start + 1  # one character wider than the row
        else:
            end = index
        pieces.append((start, end))
        start = end
    if not pieces:
        pieces.append((0, 0))
    return pieces


def _columns(text: str) -> tuple[int, ...]:
    columns = [0]
    total = 0
    for char in text:
        total += char_cells(char)
        columns.append(total)
    return tuple(columns)


class BodyLayout:
    """The rows of a body at one width, and the offset <-> cell maps.

    Args:
        paragraphs: the article's paragraphs (the body is them joined by a blank line).
        width: cells available per row, including the spare caret column.
    """

    def __init__(self, paragraphs: Sequence[str], width: int) -> None:
        self.width = max(width, 3)
        self.paragraphs = tuple(paragraphs)
        self.body = PARAGRAPH_SEPARATOR.join(self.paragraphs)
        self.display = displayable(self.body)
        self.paragraph_starts: tuple[int, ...] = self._paragraph_starts()
        self.rows: tuple[Row, ...] = self._lay_out()
        self._row_starts = [row.start for row in self.rows]

    def _paragraph_starts(self) -> tuple[int, ...]:
        starts = []
        offset = 0
        for paragraph in self.paragraphs:
            starts.append(offset)
            offset += len(paragraph) + len(PARAGRAPH_SEPARATOR)
        return tuple(starts)

    def _lay_out(self) -> tuple[Row, ...]:
        limit = self.width - 1
        rows: list[Row] = []
        for number, base in enumerate(self.paragraph_starts):
            paragraph = displayable(self.paragraphs[number])
            if number:
                blank = base - 1  # the second newline of the separator
                rows.append(Row(blank, blank, (0,), -1, True))
            pieces = _wrap_paragraph(paragraph, limit)
            for index, (start, end) in enumerate(pieces):
                rows.append(
                    Row(
                        base + start,
                        base + end,
                        _columns(paragraph[start:end]),
                        number,
                        index == len(pieces) - 1,
                    )
                )
        if not rows:
            rows.append(Row(0, 0, (0,), -1, True))
        return tuple(rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def max_offset(self) -> int:
        return len(self.body)

    def clamp(self, offset: int) -> int:
        return min(max(offset, 0), len(self.body))

    def row_of(self, offset: int) -> int:
        """The index of the row that shows ``offset`` (the caret's row)."""
        offset = self.clamp(offset)
        return max(bisect.bisect_right(self._row_starts, offset) - 1, 0)

    def point_of(self, offset: int) -> tuple[int, int]:
        """(row, cell column) where the caret at ``offset`` is drawn."""
        row_index = self.row_of(offset)
        return row_index, self.rows[row_index].column_of(self.clamp(offset))

    def offset_at(self, row: int, column: int) -> int:
        """The body offset drawn at (``row``, ``column``); rows are clamped."""
        if row < 0:
            return 0
        if row >= len(self.rows):
            return len(self.body)
        return self.rows[row].offset_at(column)

    def text_of(self, row: Row) -> str:
        return self.body[row.start : row.end]
