"""Where bundled data, the user's cache and the user's data live.

The bundled corpus is the repository's ``seeds/`` folder. A wheel carries it as
``store/seeds`` (the build maps it there); a source checkout or an editable
install reads it in place.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

__all__ = ["bundled_data_dir", "default_cache_dir", "default_data_dir"]

APP_NAME = "lgai-reader"


@cache
def bundled_data_dir() -> Path:
    """The folder holding the bundled articles, gazetteer and outlet table."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "seeds", package.parent / "seeds"):
        if (candidate / "gazetteer.json").is_file():
            return candidate
    raise FileNotFoundError(
        f"the bundled corpus is missing: looked in {package / 'seeds'} "
        f"and {package.parent / 'seeds'}"
    )


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/lgai-reader`` (``~/.cache/lgai-reader`` when unset)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / APP_NAME


def default_data_dir() -> Path:
    """``$XDG_DATA_HOME/lgai-reader`` (``~/.local/share/lgai-reader`` when unset)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / APP_NAME
