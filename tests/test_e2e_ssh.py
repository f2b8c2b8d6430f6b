"""End to end over a real SSH connection, the way the reader is used on a shared host.

An ``sshd`` of the test's own (its own port, host key and authorized key, in
the test's folder) accepts a login from ``ssh -t``; the app runs on the far
side of the pseudo-terminal SSH allocates, with the TERM the client sends and
no COLORTERM (OpenSSH does not forward it), driven by keys typed into tmux.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import test_e2e_terminal as e2e
from tests.test_e2e_terminal import SCRIPT, Terminal

warm_env = e2e.warm_env  # the same warm, hermetic HOME as the local terminal tests

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def sshd(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    """A private sshd on a free port; yields the port and the client's key."""
    daemon = shutil.which("sshd") or "/usr/sbin/sshd"
    assert Path(daemon).exists(), "these tests log in over SSH: install openssh-server"
    keys = tmp_path / "ssh"
    keys.mkdir(mode=0o700)
    for name in ("host", "client"):
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(keys / name)], check=True
        )
    (keys / "authorized").write_bytes((keys / "client.pub").read_bytes())
    port = _free_port()
    config = keys / "sshd_config"
    config.write_text(
        f"Port {port}\nListenAddress 127.0.0.1\nHostKey {keys / 'host'}\n"
        f"AuthorizedKeysFile {keys / 'authorized'}\nPubkeyAuthentication yes\n"
        "PasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\n"
        "StrictModes no\nPermitRootLogin yes\nPidFile none\n"
    )
    Path("/run/sshd").mkdir(exist_ok=True)  # the privilege-separation directory
    server = subprocess.Popen(
        [daemon, "-D", "-e", "-f", str(config)], stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert server.poll() is None, server.stderr.read() if server.stderr else "sshd died"
            assert time.monotonic() < deadline, "sshd did not start"
            time.sleep(0.05)
    try:
        yield port, keys / "client"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_read_entities_over_ssh_in_a_256_colour_terminal(
    sshd: tuple[int, Path], warm_env: dict[str, str], tmp_path: Path
) -> None:
    port, key = sshd
    assert SCRIPT.exists(), f"install the project first: {SCRIPT} is missing"
    ssh = [
        "ssh", "-t", "-p", str(port), "-i", str(key),
        "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
        "-o", "LogLevel=ERROR", "127.0.0.1",
    ]  # fmt: skip
    terminal = Terminal(tmp_path / "tmux.sock", 100, 30, "xterm-256color", warm_env, wrap=ssh)
    try:
        screen = terminal.wait_for("5 articles ·")  # loaded, not "5 articles ready"
        assert "reader" in screen  # the user named on the far side
        terminal.keys("Enter")
        terminal.wait_for("para 1/")
        assert "38;5;" in terminal.screen(escapes=True)  # TERM crossed; 256 colours
        terminal.keys("F3")  # function keys arrive over SSH
        terminal.wait_for("PERSON 인물")
        terminal.keys("C-q")
        terminal.wait_for("LGAI-EXIT=0")
    finally:
        terminal.close()
