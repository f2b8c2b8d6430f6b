"""TinyDB files that survive many writers, two sessions and ``kill -9``.

TinyDB's own ``JSONStorage`` rewrites the file in place and truncates it
afterwards, so a writer killed half-way leaves broken JSON, and two processes
writing at once interleave their bytes. Its tables also cache query results and
the next document id, so a second instance on the same file answers from stale
memory. This module keeps TinyDB's document model and replaces the parts that
break:

* :class:`AtomicJSONStorage` writes a whole new file beside the old one
  (``.<name>.tmp``), fsyncs it, renames it over the old one and fsyncs the
  directory. A reader sees the old file or the new one, never a mixture.
* :func:`transaction` holds an exclusive ``flock`` on a sidecar lock file
  (``.<name>.lock``) for one read-modify-write, and hands out a fresh
  :class:`~tinydb.TinyDB` whose storage reads the file once, under the lock.
* :func:`snapshot` reads without a lock: renames are atomic, so the file it
  sees is always a complete one.
* A file that does not parse as a TinyDB database raises
  :class:`CorruptDatabase` and is never written over.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage

from store.database_errors import CorruptDatabase, DatabaseError

__all__ = [
    "AtomicJSONStorage",
    "CorruptDatabase",
    "DatabaseError",
    "lock_path",
    "make_dir",
    "move_aside",
    "snapshot",
    "sweep_temp_files",
    "temp_path",
    "transaction",
]

Tables = dict[str, dict[str, Any]]

_TEMP_SUFFIX = ".tmp"
_LOCK_SUFFIX = ".lock"


def temp_path(path: Path) -> Path:
    """Return where a new version of ``path`` is written before it is renamed into place.

    One fixed name per file is enough because only the lock holder writes it;
    a copy left by a killed writer is simply overwritten by the next one.
    """
    return path.with_name(f".{path.name}{_TEMP_SUFFIX}")


def lock_path(path: Path) -> Path:
    """Return the sidecar file whose ``flock`` guards writes to ``path``.

    The lock is a separate file because ``path`` itself is replaced on every
    write, and a lock on a replaced inode would protect nothing.
    """
    return path.with_name(f".{path.name}{_LOCK_SUFFIX}")


def make_dir(path: Path, mode: int) -> None:
    """Create ``path`` (and missing parents) with exactly ``mode``, ignoring the umask.

    An existing directory keeps its mode: it may be a team directory an
    administrator set up, or another user's.
    """
    if path.is_dir():
        return
    make_dir(path.parent, mode)
    try:
        os.mkdir(path, mode)
    except FileExistsError:
        return
    os.chmod(path, mode)


def parse_tables(raw: bytes, path: Path) -> Tables:
    """Return the tables stored in ``raw``, or raise :class:`CorruptDatabase` saying why."""
    if not raw:
        raise CorruptDatabase(path, "the file is empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CorruptDatabase(path, f"not UTF-8 text (bad byte at offset {error.start})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        ends_early = error.pos >= len(text.rstrip()) or error.msg.startswith("Unterminated")
        hint = " (the file ends early: truncated?)" if ends_early else ""
        raise CorruptDatabase(path, f"not valid JSON: {error}{hint}") from None
    if not isinstance(data, dict):
        raise CorruptDatabase(path, f"not a TinyDB file: the top level is a {_kind(data)}")
    for table, documents in data.items():
        if not isinstance(documents, dict):
            raise CorruptDatabase(
                path, f"not a TinyDB file: table {table!r} is a {_kind(documents)}"
            )
        for doc_id, document in documents.items():
            if not doc_id.isdigit() or not isinstance(document, dict):
                raise CorruptDatabase(
                    path, f"not a TinyDB file: table {table!r} has a bad document {doc_id!r}"
                )
    return data


def _kind(value: object) -> str:
    """Name a JSON value's type the way a person reading the file would."""
    names = {list: "list", str: "string", int: "number", float: "number", bool: "boolean"}
    return names.get(type(value), "null" if value is None else type(value).__name__)


def read_bytes(path: Path) -> bytes | None:
    """Return the bytes of ``path``, or ``None`` if it does not exist.

    Symbolic links are not followed: a database is always a plain file, and a
    link in a shared directory could point at someone's private file.

    Raises:
        DatabaseError: The file exists but cannot be read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    except OSError as error:
        reason = "a symbolic link" if error.errno == errno.ELOOP else error.strerror
        raise DatabaseError(path, f"cannot read: {reason}") from None
    try:
        with os.fdopen(fd, "rb") as handle:
            return handle.read()
    except OSError as error:
        raise DatabaseError(path, f"cannot read: {error.strerror}") from None


def write_atomically(path: Path, payload: bytes, mode: int) -> None:
    """Replace ``path`` with ``payload`` so that a crash leaves the old or the new file.

    Must be called with the file's lock held (see :func:`transaction`).
    """
    temp = temp_path(path)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC, mode)
    try:
        try:
            os.fchmod(fd, mode)
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(directory: Path) -> None:
    """Make a rename in ``directory`` durable across a power cut, not just a crash."""
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class AtomicJSONStorage(Storage):
    """A TinyDB storage that reads its file once and replaces it atomically on write.

    Reading once is what makes each instance a consistent snapshot; it is only
    correct for a short-lived instance, either read-only or used under the
    file's lock, which is how :func:`snapshot` and :func:`transaction` use it.
    """

    def __init__(self, path: str | Path, *, file_mode: int = 0o600, writable: bool = False) -> None:
        """Prepare to use ``path``; nothing is read or created yet.

        Args:
            path: The database file.
            file_mode: Permission bits for the file when it is written.
            writable: Whether :meth:`write` is allowed.
        """
        super().__init__()
        self.path = Path(path)
        self._file_mode = file_mode
        self._writable = writable
        self._raw: bytes | None = None
        self._loaded = False
        self._tables: Tables | None = None

    def read(self) -> Tables | None:
        """Return the tables, or ``None`` for a database that does not exist yet.

        A writable storage parses a fresh copy each time, because TinyDB
        changes what it reads before writing it back; a read-only one parses
        once and shares the result.
        """
        if not self._loaded:
            self._raw = read_bytes(self.path)
            self._loaded = True
        if self._raw is None:
            return None
        if self._writable:
            return parse_tables(self._raw, self.path)
        if self._tables is None:
            self._tables = parse_tables(self._raw, self.path)
        return self._tables

    def write(self, data: Tables) -> None:
        """Replace the file with ``data``; refused on a read-only snapshot."""
        if not self._writable:
            raise PermissionError(f"{self.path} was opened read-only")
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        write_atomically(self.path, payload, self._file_mode)
        self._raw = payload


def move_aside(path: Path) -> Path:
    """Rename a corrupt ``path`` to ``<name>.corrupt-<UTC time>`` and return the new path.

    The bytes are kept as they are, for recovery by hand; the name no longer
    ends in the database suffix, so the file stops being read. Must be called
    with the file's lock held.
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    os.rename(path, aside)
    _fsync_dir(path.parent)
    return aside


@contextmanager
def _flock(path: Path, mode: int, *, blocking: bool = True) -> Iterator[bool]:
    """Hold an exclusive lock on ``path``; yield whether it was obtained.

    The kernel drops the lock when the process dies, so a ``kill -9`` never
    leaves a database locked.
    """
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, mode)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)


@contextmanager
def transaction(path: Path, *, file_mode: int) -> Iterator[TinyDB]:
    """Yield a TinyDB on ``path`` that no other process can write until the block ends.

    The database is read inside the lock, so what the block sees is current,
    and every write in it is atomic. A stale temporary file from a killed
    writer is removed first.

    Raises:
        CorruptDatabase: On the first table access, if the file is corrupt;
            the file is left exactly as it was.
    """
    with _flock(lock_path(path), file_mode):
        temp_path(path).unlink(missing_ok=True)
        db = TinyDB(path, storage=AtomicJSONStorage, file_mode=file_mode, writable=True)
        try:
            yield db
        finally:
            db.close()


def snapshot(path: Path) -> TinyDB:
    """Return a read-only TinyDB showing ``path`` as it was at its first table access."""
    return TinyDB(path, storage=AtomicJSONStorage, writable=False)


def sweep_temp_files(directory: Path, *, file_mode: int) -> list[Path]:
    """Remove temporary files left in ``directory`` by killed writers; return them.

    A temporary file is only removed while its database's lock is free, so a
    writer at work in another process keeps its file.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(directory))
    except FileNotFoundError:
        return removed
    for entry in entries:
        if not (entry.name.startswith(".") and entry.name.endswith(_TEMP_SUFFIX)):
            continue
        database = directory / entry.name[1 : -len(_TEMP_SUFFIX)]
        with _flock(lock_path(database), file_mode, blocking=False) as locked:
            if locked:
                Path(entry.path).unlink(missing_ok=True)
                removed.append(Path(entry.path))
    return removed
