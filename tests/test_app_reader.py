"""The reader's own caret and selection over Hangul: keys, mouse, and cell alignment."""

from __future__ import annotations

from pathlib import Path

from rich.cells import cell_len
from textual.message import Message

from tests.app_support import (
    FIRST_PARAGRAPHS,
    app_for,
    entity_corpus,
    loaded,
    screen_strips,
    screen_text,
)
from tui.app import ReaderApp
from tui.widgets.article_body import ArticleBody

BODY = "\n\n".join(FIRST_PARAGRAPHS)


async def _open_first(app: ReaderApp, pilot) -> ArticleBody:  # type: ignore[no-untyped-def]
    await loaded(app, pilot)
    app.main_screen.open_article("a1")
    await pilot.pause()
    body = app.screen.query_one(ArticleBody)
    assert app.focused is body
    assert body.caret == 0
    return body


async def test_caret_moves_by_character_word_sentence_line_and_paragraph(tmp_path: Path) -> None:
    messages: list[Message] = []
    app = app_for(entity_corpus(tmp_path / "corpus"), tmp_path / "cache")
    async with app.run_test(size=(100, 30), message_hook=messages.append) as pilot:
        body = await _open_first(app, pilot)
        await pilot.press("right", "right", "right")
        assert body.caret == 3  # 'L', 'G', ' ' passed: on 'A'
        await pilot.press("ctrl+right")
        assert body.caret == BODY.index("오늘")
        await pilot.press("w")
        assert body.caret == BODY.index("엑사원을")
        await pilot.press("b", "b")
        assert body.caret == BODY.index("AI연구원은")
        await pilot.press("right_parenthesis")
        assert body.caret == BODY.index("배경훈")
        await pilot.press("left_parenthesis")
        assert body.caret == 0
        await pilot.press("right_curly_bracket")
        assert body.caret == BODY.index("연구원과")
        await pilot.press("right_curly_bracket", "left_curly_bracket")
        assert body.caret == BODY.index("연구원과")
        await pilot.press("end")
        layout = body.body_layout
        row = layout.rows[layout.row_of(body.caret)]
        assert body.caret == row.end  # a short paragraph: one row, caret after its last character
        await pilot.press("home", "G")
        assert body.caret == len(BODY)
        await pilot.press("g")
        assert body.caret == 0
        moved = [m.offset for m in messages if isinstance(m, ArticleBody.CaretMoved)]
        assert moved and moved[-1] == 0


async def test_up_and_down_keep_the_column_across_double_width_text(tmp_path: Path) -> None:
    app = app_for(entity_corpus(tmp_path / "corpus"), tmp_path / "cache")
    async with app.run_test(size=(40, 30)) as pilot:  # narrow: the first paragraph wraps
        body = await _open_first(app, pilot)
        layout = body.body_layout
        assert layout.rows[1].paragraph == 0  # wrapped
        await pilot.press("w", "w")  # to '오늘' (after 'LG AI연구원은 '): column 13
        column = layout.point_of(body.caret)[1]
        await pilot.press("down")
        row, new_column = layout.point_of(body.caret)
        assert row == 1
        # Same column or the start of the wide character that covers it.
        assert new_column in (column, column - 1)
        await pilot.press("up")
        assert layout.point_of(body.caret) == (0, column)


async def test_keyboard_selection_in_body_offsets(tmp_path: Path) -> None:
    messages: list[Message] = []
    app = app_for(entity_corpus(tmp_path / "corpus"), tmp_path / "cache")
    async with app.run_test(size=(100, 30), message_hook=messages.append) as pilot:
        body = await _open_first(app, pilot)
        await pilot.press("w", "w", "w")  # to '엑사원을'
        start = BODY.index("엑사원을")
        assert body.caret == start
        await pilot.press("v")
        assert body.selecting
        assert "SELECT" in screen_text(app)  # the mode is visible
        await pilot.press("w")  # select a word
        assert body.selection == (start, BODY.index("공개했다"))
        assert body.selected_text == "엑사원을 "
        await pilot.press("left")  # still selecting: the space is dropped
        assert body.selected_text == "엑사원을"
        changed = [m for m in messages if isinstance(m, ArticleBody.SelectionChanged)]
        assert (changed[-1].start, changed[-1].end) == (start, start + 4)
        await pilot.press("escape")
        assert body.selection == (body.caret, body.caret)
        # Shift+arrows select without 'v', backwards too.
        await pilot.press("shift+left", "shift+left")
        assert body.selection == (start + 2, start + 4)
        await pilot.press("ctrl+shift+right")  # the caret passes the anchor: the selection flips
        assert body.selection == (start + 4, BODY.index("공개했다"))
        await pilot.press("right")  # a plain move ends the selection
        assert body.selection[0] == body.selection[1]


async def test_mouse_drag_selects_and_a_click_places_the_caret(tmp_path: Path) -> None:
    app = app_for(entity_corpus(tmp_path / "corpus"), tmp_path / "cache")
    async with app.run_test(size=(100, 30)) as pilot:
        body = await _open_first(app, pilot)
        layout = body.body_layout
        pad = body.styles.padding.left
        start = BODY.index("엑사원을")
        end = BODY.index("공개했다")
        row, column = layout.point_of(start)
        _, end_column = layout.point_of(end)
        await pilot.mouse_down(body, offset=(pad + column + 1, row))  # right half of '엑'
        await pilot.hover(body, offset=(pad + end_column, row))
        await pilot.mouse_up(body, offset=(pad + end_column, row))
        assert body.selection == (start, end)
        assert body.selected_text == "엑사원을 "
        await pilot.click(body, offset=(pad + 0, row + 2))  # a click: caret, no selection
        assert body.caret == layout.offset_at(row + 2, 0)
        assert body.selection == (body.caret, body.caret)


async def test_caret_and_selection_line_up_with_hangul_at_every_width(tmp_path: Path) -> None:
    app = app_for(entity_corpus(tmp_path / "corpus"), tmp_path / "cache")
    async with app.run_test(size=(80, 24)) as pilot:
        body = await _open_first(app, pilot)
        await pilot.press("w", "w", "w", "v", "right", "right")  # select '엑사', caret on '원'
        selection_bg = body.get_component_rich_style("article-body--selection").bgcolor
        assert selection_bg is not None
        for width, height in ((80, 24), (100, 30), (120, 40), (57, 24)):
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            body = app.screen.query_one(ArticleBody)
            layout = body.body_layout
            caret_row, caret_column = layout.point_of(body.caret)
            y = body.content_region.y + caret_row - body.scroll_offset.y
            x = body.content_region.x + caret_column
            cells = _cells(screen_strips(app)[y])
            # The caret (a reversed block) covers exactly the two cells of '원'...
            assert cells[x][:2] == ("원", True) and cells[x + 1][:2] == ("", True)
            assert not cells[x + 2][1]
            # ...and the selection, on its own background, the two characters before it.
            start = BODY.index("엑사원을")
            _, select_column = layout.point_of(start)
            first = body.content_region.x + select_column
            selected = cells[first : first + 4]
            assert [char for char, _, _ in selected] == ["엑", "", "사", ""]
            assert all(bg == selection_bg for _, _, bg in selected)
            assert cells[first - 1][2] != selection_bg and cells[x][2] != selection_bg


def _cells(strip) -> list[tuple[str, bool, object]]:  # type: ignore[no-untyped-def]
    """(character, reversed?, background) per screen cell; a wide character's second cell is ''."""
    cells: list[tuple[str, bool, object]] = []
    for segment in strip:
        style = segment.style
        reverse = bool(style and style.reverse)
        background = style.bgcolor if style else None
        for char in segment.text:
            cells.append((char, reverse, background))
            cells.extend(("", reverse, background) for _ in range(cell_len(char) - 1))
    return cells
