"""Snapshots of the main screen and the reader at 80x24 and 120x40, on the bundled corpus.

Entities come from the stub finder (a fixed list of names), so the snapshots
change when the screen changes, not when the entity rules improve; the
end-to-end tests run the real analyser. Nothing on screen depends on the
clock or the machine: the user is named, the corpus is the bundled one.
Update with ``pytest tests/test_app_snapshots.py --snapshot-update`` after
reviewing the report.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.app_support import StubFinder, loaded, settled
from tui.app import ReaderApp, make_app

SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def app(tmp_path: Path) -> ReaderApp:
    return make_app(
        cache_dir=tmp_path / "cache", data_dir=tmp_path / "data", user="reader", finder=StubFinder()
    )


async def _loaded(pilot: Pilot[None]) -> None:
    """Wait for the corpus, then for the notes it starts reading, then for quiet."""
    app = pilot.app
    assert isinstance(app, ReaderApp)
    await loaded(app, pilot)
    await settled(app, pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_main_screen(snap_compare, app: ReaderApp, size: tuple[int, int]) -> None:
    assert snap_compare(app, terminal_size=size, run_before=_loaded)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_reader_with_removed_view(snap_compare, app: ReaderApp, size: tuple[int, int]) -> None:
    async def open_with_removed(pilot: Pilot[None]) -> None:
        await _loaded(pilot)
        await pilot.press("down", "enter", "r")  # the second newest article
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=open_with_removed)


def test_three_panes_with_an_entity_followed(snap_compare, app: ReaderApp) -> None:
    async def follow(pilot: Pilot[None]) -> None:
        await _loaded(pilot)
        await pilot.press("3", "down", "enter", "enter")  # 배경훈; its first mention
        await pilot.pause()

    assert snap_compare(app, terminal_size=(160, 45), run_before=follow)
