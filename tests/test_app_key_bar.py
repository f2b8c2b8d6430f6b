"""The key bar at the bottom: the focused pane's keys, drawn in the first frame, clickable."""

from __future__ import annotations

from pathlib import Path

from tests.app_support import app_for, at_first_frame, entity_corpus, loaded, screen_text
from tui.app import ReaderApp
from tui.screens.help import HelpScreen
from tui.widgets.key_bar import KeyBar


def bottom_line(app: ReaderApp) -> str:
    return screen_text(app).splitlines()[-1]


async def test_the_keys_are_drawn_in_the_first_frame(tmp_path: Path) -> None:
    """Textual's footer composed its keys only after the first frame: one frame more per start."""
    app = app_for(entity_corpus(tmp_path / "corpus"), tmp_path / "cache")
    frames = at_first_frame(app, lambda: bottom_line(app))
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
    assert frames, "nothing was drawn"
    assert "⏎ Open" in frames[0] and "? Help" in frames[0], frames[0]


async def test_the_bar_follows_the_focus_and_keeps_the_palette_key_at_the_right(
    tmp_path: Path,
) -> None:
    app = app_for(entity_corpus(tmp_path / "corpus"), tmp_path / "cache")
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        line = bottom_line(app)
        assert line.startswith("⏎ Open s Sort f Filter m My notes / Search ? Help")
        assert line.endswith("▏^p Commands ")
        app.main_screen.open_article("a1")
        await pilot.press("2")
        await pilot.pause()
        line = bottom_line(app)
        assert line.startswith("v Select a Annotate"), line
        assert "⏎ Open" not in line
        assert line.endswith("▏^p Commands ")


async def test_keys_that_do_not_fit_are_left_out_whole(tmp_path: Path) -> None:
    app = app_for(entity_corpus(tmp_path / "corpus"), tmp_path / "cache")
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        keys, _ = app.main_screen.query_one(KeyBar).keys()
        whole = [f"{key.display} {key.description}" for key in keys]
        palette = "▏^p Commands "
        for width in (50, 44, 30):
            await pilot.resize_terminal(width, 20)
            await pilot.pause()
            line = bottom_line(app)
            assert len(line) == width and line.endswith(palette), (width, line)
            left = line[: -len(palette)].rstrip()
            fitting = [k for k in range(1, len(whole)) if " ".join(whole[:k]) == left]
            assert fitting, f"not whole keys at {width} columns: {left!r}"
            # and the next key would not have fitted
            assert len(" ".join(whole[: fitting[0] + 1])) > width - len(palette)


async def test_clicking_a_key_presses_it(tmp_path: Path) -> None:
    app = app_for(entity_corpus(tmp_path / "corpus"), tmp_path / "cache")
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        column = bottom_line(app).index("? Help")
        await pilot.click(KeyBar, offset=(column + 2, 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
