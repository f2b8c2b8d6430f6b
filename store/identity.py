"""Who is writing, where their notes live, and who may read them.

Several people share one host over SSH, and sometimes one OS account. The
person is the OS login unless ``--user NAME`` (or ``LGAI_READER_USER``) names
someone on a shared account. The name becomes a directory, so it is checked
before it touches the file system.

A data directory is either personal (``$XDG_DATA_HOME/lgai-reader``) or a team
directory an administrator made for a group and everyone names with
``--data-dir``: one with the group-write or the setgid bit. Personal data is
private (files 0600, directories 0700); in a team directory colleagues may
read, never write (files 0640, directories 2750 so the team group is inherited).
"""

from __future__ import annotations

import getpass
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from store.paths import default_data_dir

__all__ = [
    "DATA_ENV",
    "USER_ENV",
    "ForeignUserDirectory",
    "InvalidUserName",
    "Modes",
    "UnknownUser",
    "check_owned",
    "is_team_dir",
    "modes_for",
    "resolve_data_dir",
    "resolve_user",
    "validate_user",
]

USER_ENV = "LGAI_READER_USER"
DATA_ENV = "LGAI_READER_DATA"

# Letters (any script: a team may name 홍길동), digits and "_.-", not starting
# with "." or "-": the name is a directory under users/, so "..", hidden names
# and option-like names are out.
_USER_NAME = re.compile(r"[^\W][\w.-]{0,63}")


class InvalidUserName(ValueError):
    """A user name that cannot safely be a directory name."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"invalid user name {name!r}: use 1-64 letters, digits, '_', '.' or '-',"
            " not starting with '.' or '-'"
        )
        self.name = name


class UnknownUser(RuntimeError):
    """The OS login could not be found and no user was named."""


class ForeignUserDirectory(PermissionError):
    """A user directory exists but belongs to another account, so it is never written."""

    def __init__(self, path: Path, owner_uid: int) -> None:
        super().__init__(
            f"{path} belongs to uid {owner_uid}, not to you (uid {os.geteuid()}); "
            "refusing to write there. Choose another --user name."
        )
        self.path = path
        self.owner_uid = owner_uid


@dataclass(frozen=True)
class Modes:
    """Permission bits for what one user creates in a data directory."""

    file: int
    dir: int
    #: The shared ``users/`` directory: every member must be able to add a
    #: directory to it, and the sticky bit stops them renaming each other's.
    users_dir: int


_PRIVATE = Modes(file=0o600, dir=0o700, users_dir=0o700)
_TEAM = Modes(file=0o640, dir=0o2750, users_dir=0o3770)


def validate_user(name: str) -> str:
    """Return ``name`` if it is safe as a directory name, else raise :class:`InvalidUserName`."""
    name = unicodedata.normalize("NFC", name)
    if not _USER_NAME.fullmatch(name):
        raise InvalidUserName(name)
    return name


def resolve_user(name: str | None = None) -> str:
    """Return the person notes are written for.

    ``name`` (a ``--user`` value) wins, then ``$LGAI_READER_USER``, then the OS login.

    Raises:
        InvalidUserName: The chosen name is unsafe as a directory name.
        UnknownUser: No name was given and the OS login cannot be determined.
    """
    chosen = name or os.environ.get(USER_ENV)
    if not chosen:
        try:
            chosen = getpass.getuser()
        except (OSError, KeyError) as error:
            raise UnknownUser(
                f"cannot tell who you are ({error}); pass --user NAME or set {USER_ENV}"
            ) from error
    return validate_user(chosen)


def resolve_data_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """Return the data directory: ``path``, else ``$LGAI_READER_DATA``, else the XDG default.

    ``path`` is a ``--data`` value; a team points everyone at one shared
    directory with it or with the environment variable.
    """
    if path is not None:
        return Path(path).expanduser()
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV]).expanduser()
    return default_data_dir()


def is_team_dir(path: Path) -> bool:
    """Return whether ``path`` is a team directory (group-writable or setgid).

    Both bits are what an administrator sets when a group shares a directory,
    so no separate configuration can disagree with the file system.
    """
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return False
    return bool(mode & (stat.S_IWGRP | stat.S_ISGID))


def modes_for(data_dir: Path) -> Modes:
    """Return the permission bits for files and directories created under ``data_dir``."""
    return _TEAM if is_team_dir(data_dir) else _PRIVATE


def check_owned(path: Path) -> None:
    """Raise unless ``path`` is missing or a real directory owned by this process's user.

    Raises:
        ForeignUserDirectory: ``path`` belongs to another uid.
        NotADirectoryError: ``path`` is a symlink or a file; it is never followed.
    """
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if not stat.S_ISDIR(info.st_mode):
        raise NotADirectoryError(
            f"{path} is not a directory (a link or a file); refusing to use it"
        )
    if info.st_uid != os.geteuid():
        raise ForeignUserDirectory(path, info.st_uid)
