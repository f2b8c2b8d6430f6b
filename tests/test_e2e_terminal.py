"""End to end: the installed ``lgai-reader`` in a real terminal (tmux), driven by keys.

This is what a person over SSH sees: a pseudo-terminal with TERM set by the
terminal (256 colours, or plain ``xterm`` with 16 colours and no COLORTERM),
keys arriving as escape sequences, the screen read back from tmux. The
installed copy is what runs: reinstall (``pip install --no-deps
--force-reinstall .``) after changing ``tui/``.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.app_support import seed_cache

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _tmux_is_installed() -> None:
    """A missing tmux is a failure to fix (.ci/run installs it), not a reason to skip."""
    assert shutil.which("tmux"), "these tests drive the app in tmux: install tmux"


SCRIPT = Path(sys.executable).with_name("lgai-reader")
TIMEOUT = 60.0
_SGR = re.compile(r"\x1b\[([0-9;:]*)m")


class Terminal:
    """One tmux server of our own (its own socket) running one command in one pane."""

    def __init__(
        self,
        socket: Path,
        width: int,
        height: int,
        term: str,
        env: dict[str, str],
        wrap: list[str] | None = None,
    ) -> None:
        """Start the app in a new pane; ``wrap`` runs it inside another command (ssh)."""
        self.socket = str(socket)
        variables = {**env, "TERM": term, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
        variables.pop("COLORTERM", None)  # SSH does not forward it
        assignments = " ".join(
            f"{name}={shlex.quote(value)}"
            for name, value in variables.items()
            if name in KEPT_VARIABLES
        )
        app = f"env -i {assignments} {shlex.quote(str(SCRIPT))}"
        if wrap:
            app = shlex.join([*wrap, app])
        command = f"{app}; echo LGAI-EXIT=$?; sleep 120"
        self._tmux(
            "new-session",
            "-d",
            "-x",
            str(width),
            "-y",
            str(height),
            "-s",
            "e2e",
            "sh",
            "-c",
            command,
        )

    def _tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-S", self.socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        )
        return result.stdout

    def keys(self, *keys: str) -> None:
        """Press keys by tmux name (Enter, Escape, F3, C-p, Down...)."""
        self._tmux("send-keys", "-t", "e2e", *keys)

    def type(self, text: str) -> None:
        self._tmux("send-keys", "-t", "e2e", "-l", text)

    def screen(self, escapes: bool = False) -> str:
        return self._tmux("capture-pane", "-p", *(["-e"] if escapes else []), "-t", "e2e")

    def wait_for(self, text: str, timeout: float = TIMEOUT) -> str:
        """Poll the real terminal until ``text`` is on it (a pty gives no other signal).

        The screen is returned once two captures in a row agree: a capture can
        fall in the middle of a frame being drawn (seen once under CI load:
        the status line new, the rest of the screen not yet).
        """
        deadline = time.monotonic() + timeout
        previous = None
        while True:
            screen = self.screen()
            if text in screen and screen == previous:
                return screen
            previous = screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never appeared; the screen is:\n{screen}")
            time.sleep(0.05)

    def wait_until_gone(self, text: str, timeout: float = TIMEOUT) -> str:
        """Poll until ``text`` has left the screen (a modal closed, say)."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if text not in screen:
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never went away; the screen is:\n{screen}")
            time.sleep(0.05)

    def close(self) -> None:
        subprocess.run(
            ["tmux", "-S", self.socket, "kill-server"], capture_output=True, check=False, timeout=30
        )


KEPT_VARIABLES = {
    "HOME",
    "XDG_CACHE_HOME",
    "XDG_DATA_HOME",
    "XDG_CONFIG_HOME",
    "PATH",
    "TERM",
    "LANG",
    "LC_ALL",
    "USER",
    "LOGNAME",
    "LGAI_READER_USER",
}


@pytest.fixture
def warm_env(hermetic_dirs: Path) -> dict[str, str]:
    """The test's hermetic HOME/XDG variables, with the seed analyses already cached."""
    cache = Path(os.environ["XDG_CACHE_HOME"]) / "lgai-reader"
    shutil.copytree(seed_cache(), cache)
    env = dict(os.environ)
    env["LGAI_READER_USER"] = "reader"
    return env


@pytest.fixture
def terminal(
    request: pytest.FixtureRequest, warm_env: dict[str, str], tmp_path: Path
) -> Iterator[Terminal]:
    width, height, term = request.param
    assert SCRIPT.exists(), f"install the project first: {SCRIPT} is missing"
    # Our own tmux server, its socket in the test's folder (removed with it).
    tty = Terminal(tmp_path / "tmux.sock", width, height, term, warm_env)
    try:
        yield tty
    finally:
        tty.close()


def _colour_codes(screen: str) -> set[str]:
    return {code for match in _SGR.finditer(screen) for code in match.group(1).split(";") if code}


@pytest.mark.parametrize("terminal", [(100, 30, "xterm-256color")], indirect=True)
def test_read_search_and_quit_over_a_256_colour_terminal(terminal: Terminal) -> None:
    screen = terminal.wait_for("5 articles ·")  # loaded, not "5 articles ready"
    assert "Articles 5" in screen and "newest first" in screen
    terminal.keys("Enter")  # open the newest article
    screen = terminal.wait_for("para 1/")
    assert "오픈AI의 챗GPT" in screen
    coloured = terminal.screen(escapes=True)
    assert "38;5;" in coloured  # 256-colour hues: TERM says so, COLORTERM is not needed
    terminal.keys("/")
    terminal.wait_for("search titles and bodies")
    terminal.type("연구원은")
    terminal.wait_for("hits in")
    terminal.keys("Down", "Down", "Enter")  # the second hit
    screen = terminal.wait_until_gone("hits in")
    assert "para " in screen
    terminal.keys("?")
    screen = terminal.wait_for("lgai-reader keys")
    assert "Next mention" in screen
    terminal.keys("Escape")
    terminal.wait_until_gone("lgai-reader keys")
    terminal.keys("q")
    terminal.wait_for("LGAI-EXIT=0")


@pytest.mark.parametrize("terminal", [(80, 24, "xterm")], indirect=True)
def test_16_colour_terminal_at_80x24(terminal: Terminal) -> None:
    screen = terminal.wait_for("5 articles ·")  # loaded, not "5 articles ready"
    assert "Date       Outlet     Title" in screen  # one pane, full width
    terminal.keys("Down", "Enter")
    screen = terminal.wait_for("para 1/")
    assert "Date       Outlet" not in screen  # the reader took the screen
    coloured = terminal.screen(escapes=True)
    codes = _colour_codes(coloured)
    assert "38" not in codes and "48" not in codes  # no 256-colour or true-colour codes
    # Entity types stay apart: their own bright colours and styles.
    assert {"93", "96", "95"} <= codes
    assert {"1", "3", "4"} <= codes
    terminal.keys("3")  # the entity sidebar, alone on the screen
    screen = terminal.wait_for("PERSON 인물")
    assert "Date       Outlet" not in screen
    terminal.keys("Escape")
    terminal.wait_for("Date       Outlet")
    terminal.keys("C-p")  # the command palette (Ctrl keys arrive over SSH)
    terminal.wait_for("Search for commands")
    terminal.type("Removed")
    terminal.wait_for("Removed view")
    terminal.keys("Enter")
    terminal.wait_for("Removed by cleaning")
    terminal.keys("C-q")
    terminal.wait_for("LGAI-EXIT=0")
