"""The project installs as one package that carries its corpus, and keeps its layers apart."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import REPO, SEEDS


def test_the_wheel_carries_the_seed_corpus_and_bundled_data(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(tmp_path),
            str(REPO),
        ],
        check=True,
        timeout=300,
    )
    wheel = next(tmp_path.glob("lgai_reader-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for seed in SEEDS.iterdir():
        assert f"store/seeds/{seed.name}" in names
    assert {"store/__init__.py", "tui/__init__.py", "tui/cli.py"} <= names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "lgai-reader = tui.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_the_installed_command_finds_the_bundled_corpus_from_any_directory(tmp_path: Path) -> None:
    """Run the console script the README's install put beside this Python."""
    command = Path(sys.executable).with_name("lgai-reader")
    assert command.exists(), "install the project first (see README): pip install '.[test]'"
    result = subprocess.run(
        [str(command), "articles", "--json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert [row["id"] for row in json.loads(result.stdout)] == sorted(
        p.stem for p in SEEDS.glob("*.txt")
    )


def test_store_never_imports_textual_or_tui() -> None:
    code = (
        "import sys, store, store.corpus, store.clean, store.cache\n"
        "from store import load_corpus\n"
        "load_corpus()\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'textual', 'tui'})\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
        timeout=120,
    )
    assert result.stdout.strip() == ""


def test_store_sources_do_not_mention_textual_or_tui_imports() -> None:
    offenders = [
        path.name
        for path in (REPO / "store").rglob("*.py")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.lstrip().startswith(("import textual", "from textual", "import tui", "from tui"))
    ]
    assert offenders == []
