"""The errors of a notes database file, apart from `store.safe_db`, which imports TinyDB.

The app names these before its first frame (to report a database it cannot
use); TinyDB itself is imported when a note is first read, after that frame.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["CorruptDatabase", "DatabaseError"]


class DatabaseError(Exception):
    """A database file that cannot be used, with the path and the reason.

    The message is meant for people: the CLI prints it as is, the app shows it.
    """

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class CorruptDatabase(DatabaseError):
    """A file whose bytes are not a TinyDB database; it is kept untouched for recovery."""
