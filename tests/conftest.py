"""Hermetic tests: every test gets its own home, cache and data directories."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def hermetic_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point HOME and the XDG directories at a temporary folder; clear our variables."""
    home = tmp_path / "home"
    for sub in ("cache", "data", "config"):
        (home / sub).mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    for name in ("LGAI_READER_CORPUS", "LGAI_READER_DATA", "LGAI_READER_USER"):
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture(autouse=True)
def process_lifetime_ends() -> Iterator[None]:
    """A test is a process's lifetime in small: what the app froze (see `store.heap`) goes with it.

    Otherwise every app a test opened and froze would stay in memory until the
    last test, never collected.
    """
    yield
    gc.unfreeze()
