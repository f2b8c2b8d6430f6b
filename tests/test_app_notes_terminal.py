"""Notes in a real terminal (tmux), as a person over SSH takes them: keys in, screen out.

Drives the installed ``lgai-reader`` (reinstall after changing ``tui/``), so the
keys arrive as escape sequences and Ctrl+S, Tab and F8 are what a terminal sends.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_e2e_terminal import SCRIPT, Terminal, _tmux_is_installed, warm_env

__all__ = ["_tmux_is_installed", "warm_env"]  # fixtures shared with the other terminal tests

pytestmark = pytest.mark.slow


@pytest.fixture
def notes_terminal(
    request: pytest.FixtureRequest,
    warm_env: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Terminal]:
    """The app in tmux, started in a folder of its own (where exports go)."""
    width, height = request.param
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)  # the tmux server, and so the app, start here
    tty = Terminal(tmp_path / "tmux.sock", width, height, "xterm-256color", warm_env)
    try:
        yield tty
    finally:
        tty.close()


@pytest.mark.parametrize("notes_terminal", [(100, 30), (80, 24)], indirect=True)
def test_take_a_note_list_it_and_export_it_over_a_terminal(
    notes_terminal: Terminal,
    warm_env: dict[str, str],
    tmp_path: Path,
) -> None:
    terminal = notes_terminal
    terminal.wait_for("5 articles ·")  # loaded, not "5 articles ready"
    assert "you: reader" in terminal.screen()
    terminal.keys("Enter")
    terminal.wait_for("para 1/")
    terminal.wait_for("a Annotate")  # the reader has the keys (its footer is shown)
    terminal.keys(")", "v", "w", "w")  # the second sentence's first two words
    terminal.wait_for("SELECT")
    terminal.keys("a")
    terminal.wait_for("New note on")
    terminal.type("터미널에서 쓴 메모")
    terminal.keys("Tab")
    terminal.wait_for("Typing tags")  # the keys go to the tag box now
    terminal.type("tmux")
    terminal.keys("C-s")
    terminal.wait_for("Note saved on")
    terminal.keys("m")
    terminal.wait_for("My notes · reader")
    screen = terminal.wait_for("터미널에서 쓴 메모")  # once the reload after the write is in
    assert "#tmux" in screen and "1 note in 1 article" in screen
    terminal.keys("Escape")
    terminal.wait_until_gone("My notes · reader")
    terminal.keys("x")
    terminal.wait_for("Exported 1 note")
    terminal.keys("q")
    terminal.wait_for("LGAI-EXIT=0")
    (export,) = (tmp_path / "work").glob("lgai-reader-notes-reader-*.md")
    assert "터미널에서 쓴 메모" in export.read_text(encoding="utf-8")
    listed = subprocess.run(
        [str(SCRIPT), "notes", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        env=warm_env,
        check=True,
    )
    (note,) = json.loads(listed.stdout)
    assert note["note"] == "터미널에서 쓴 메모" and note["tags"] == ["tmux"]
