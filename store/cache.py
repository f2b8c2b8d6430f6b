"""A per-article cache of analysis results, so a warm start neither cleans nor loads Kiwi.

Entries are keyed by the article file's content hash and the analyser's key
(its version and the gazetteers it used): an unchanged file is never analysed
twice, and an edited file or gazetteer is analysed again. Entries are written
atomically (a temporary file renamed into place), so a crash leaves either the
old entry or the new one; a corrupt or partial entry reads as a miss.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["AnalysisCache", "replace_file"]

# Temporary files older than this belong to a writer that died.
STALE_TEMP_SECONDS = 600


def replace_file(path: Path, chunks: Sequence[bytes]) -> None:
    """Write ``path`` whole or not at all: a reader sees the old file or the new one.

    The temporary file sits beside ``path``, named ``.<name>.*.tmp``, where
    `AnalysisCache.remove_stale_temp_files` finds those a dead writer left.
    No fsync: a cache lost to a power cut is only a slower start (notes, which
    must survive one, use `store.safe_db.write_atomically`).
    """
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.writelines(chunks)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


class AnalysisCache:
    """JSON entries under ``<cache_dir>/analysis``, one per (content hash, analyser key)."""

    def __init__(self, cache_dir: Path) -> None:
        self.root = cache_dir / "analysis"

    def path_for(self, content_hash: str, analyser_key: str) -> Path:
        return self.root / content_hash[:2] / f"{content_hash}-{analyser_key}.json"

    def get(self, content_hash: str, analyser_key: str) -> dict[str, Any] | None:
        """The cached analysis, or None when missing, unreadable or not ours."""
        path = self.path_for(content_hash, analyser_key)
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if (
            not isinstance(entry, dict)
            or entry.get("content_hash") != content_hash
            or entry.get("analyser_key") != analyser_key
            or not isinstance(entry.get("analysis"), dict)
        ):
            return None
        analysis: dict[str, Any] = entry["analysis"]
        return analysis

    def put(self, content_hash: str, analyser_key: str, analysis: dict[str, Any]) -> None:
        """Store an analysis atomically; a cache that cannot be written is not an error."""
        path = self.path_for(content_hash, analyser_key)
        entry = {"content_hash": content_hash, "analyser_key": analyser_key, "analysis": analysis}
        # dumps, not dump: json.dump streams through the pure-Python encoder, several times slower.
        text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
        with contextlib.suppress(OSError):
            try:
                replace_file(path, [text.encode()])
            except FileNotFoundError:  # its folder's first entry: made here, not checked every time
                path.parent.mkdir(parents=True, exist_ok=True)
                replace_file(path, [text.encode()])

    def remove_stale_temp_files(self, now: float | None = None) -> int:
        """Delete temporary files left by writers that died; return how many."""
        now = time.time() if now is None else now
        removed = 0
        if not self.root.is_dir():
            return 0
        for temp in self.root.glob("*/.*.tmp"):
            with contextlib.suppress(OSError):
                if now - temp.stat().st_mtime > STALE_TEMP_SECONDS:
                    temp.unlink()
                    removed += 1
        return removed
