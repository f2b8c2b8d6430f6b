"""Notes and tags per user: the API, corrupt files, permissions, identity."""

from __future__ import annotations

import getpass
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from store.annotations import NoteBook, NoteReader
from store.identity import (
    DATA_ENV,
    USER_ENV,
    ForeignUserDirectory,
    InvalidUserName,
    is_team_dir,
    resolve_data_dir,
    resolve_user,
    validate_user,
)
from store.notes import InvalidArticleId, Note, NoteNotFound, NotYourNote, place
from store.safe_db import CorruptDatabase, DatabaseError

ROOT = Path(__file__).resolve().parent.parent
BODY = (
    "한국은행은 기준금리를 연 3.50%로 동결했다. 시장은 예상대로라는 반응이다. 이창용 총재는 말했다."
)
HASH = "sha256:one"


def _span(text: str, body: str = BODY) -> tuple[int, int]:
    start = body.index(text)
    return start, start + len(text)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def book(data_dir: Path) -> NoteBook:
    return NoteBook(data_dir, "kim")


def _add(book: NoteBook, text: str, article: str = "a1", **kwargs: object) -> Note:
    return book.add_note(article, BODY, HASH, *_span(text), **kwargs)  # type: ignore[arg-type]


# --- the API ------------------------------------------------------------------------------


def test_a_note_keeps_its_quote_context_offsets_and_words(book: NoteBook) -> None:
    note = _add(book, "기준금리", note="동결 예상\n둘째 줄", tags=["경제", " 금리 ", "경제", ""])
    assert note.quote == "기준금리"
    assert note.anchor.prefix == "한국은행은 "
    assert note.anchor.suffix.startswith("를 연 3.50%")
    assert (note.start, note.end) == _span("기준금리")
    assert note.tags == ("경제", "금리")
    assert note.created == note.updated and note.created.endswith("+00:00")
    assert len(note.id) == 16 and note.id.isalnum()
    assert book.notes() == [note]
    assert book.notes(article="a1") == [note]


def test_to_json_has_exactly_the_documented_keys(book: NoteBook) -> None:
    record = _add(book, "기준금리", note="n").to_json()
    assert set(record) == {
        "id", "user", "article", "quote", "note", "tags",
        "start", "end", "created", "updated", "orphaned",
    }  # fmt: skip
    assert record["user"] == "kim" and record["tags"] == [] and record["orphaned"] is False


def test_text_is_neutralised_before_it_is_stored(book: NoteBook, data_dir: Path) -> None:
    note = _add(
        book, "기준금리", note="보기\x1b]52;c;ZXZpbA==\x07 좋다\u202e", tags=["\x1b[31m빨강\n"]
    )
    assert note.note == "보기 좋다"
    assert note.tags == ("빨강",)
    raw = (data_dir / "users/kim/articles/a1.json").read_text("utf-8")
    assert "\x1b" not in raw and "\\u001b" not in raw and "\u202e" not in raw


def test_update_delete_and_restore(book: NoteBook) -> None:
    note = _add(book, "기준금리", note="처음", tags=["a"])
    updated = book.update_note(note.id, note="고침")
    assert (updated.note, updated.tags) == ("고침", ("a",))
    assert updated.updated >= note.updated and updated.created == note.created
    retagged = book.update_note(note.id, tags=["b", "c"])
    assert (retagged.note, retagged.tags) == ("고침", ("b", "c"))
    deleted = book.delete_note(note.id)
    assert deleted == retagged
    assert book.notes() == []
    with pytest.raises(NoteNotFound):
        book.delete_note(note.id)
    assert book.restore_note(deleted) == deleted
    assert book.restore_note(deleted) == deleted  # undoing twice adds nothing
    assert book.notes() == [deleted]


def test_another_session_sees_writes_and_can_edit_them(data_dir: Path) -> None:
    first, second = NoteBook(data_dir, "kim"), NoteBook(data_dir, "kim")
    before = second.fingerprint()
    note = _add(first, "기준금리")
    assert second.fingerprint() != before
    assert second.notes() == [note]
    second.update_note(note.id, note="다른 창에서")  # found without having listed it first
    assert first.notes()[0].note == "다른 창에서"
    first.delete_note(note.id)
    with pytest.raises(NoteNotFound):
        second.update_note(note.id, note="이미 지워짐")


def test_fingerprint_changes_on_every_write_and_only_then(book: NoteBook) -> None:
    seen = {book.fingerprint()}
    note = _add(book, "기준금리")
    for change in (
        lambda: book.update_note(note.id, note="x"),
        lambda: book.tag_article("a1", "t"),
        lambda: book.untag_article("a1", "t"),
        lambda: book.delete_note(note.id),
    ):
        seen.add(book.fingerprint())
        change()
        after = book.fingerprint()
        assert after not in seen
        book.notes()
        assert book.fingerprint() == after  # reading changes nothing


def test_filters_by_article_and_by_note_or_article_tag(book: NoteBook) -> None:
    first = _add(book, "기준금리", tags=["금리"])
    second = _add(book, "시장은", article="a2")
    book.tag_article("a2", "시장", "경제")
    assert book.notes(article="a1") == [first]
    assert book.notes(tag="금리") == [first]
    assert book.notes(tag="시장") == [second]
    assert book.notes(tag="없음") == []
    assert book.all_tags() == ["경제", "금리", "시장"]
    assert book.article_tags("a2") == ("시장", "경제")
    assert book.untag_article("a2", "시장") == ("경제",)
    assert book.article_tags("a3") == ()


def test_place_reanchors_and_keeps_orphans(book: NoteBook) -> None:
    kept = _add(book, "기준금리")
    gone = _add(book, "이창용 총재는")
    new_body = "속보. " + BODY.replace("이창용 총재는 말했다.", "")
    placed = place(book.notes(article="a1"), new_body, "sha256:two")
    by_id = {note.id: note for note in placed}
    assert new_body[by_id[kept.id].start : by_id[kept.id].end] == "기준금리"
    assert not by_id[kept.id].orphaned
    assert by_id[gone.id].orphaned and by_id[gone.id].quote == "이창용 총재는"


def test_korean_article_ids_take_notes(book: NoteBook) -> None:
    """Article ids are file names, and Korean corpora name files in Korean."""
    note = book.add_note("엑사원_공개 기사", BODY, "sha256:one", 0, 2, note="메모")
    assert [n.id for n in book.notes(article="엑사원_공개 기사")] == [note.id]


@pytest.mark.parametrize("article", ["", "../etc", ".hidden", "a/b", "-x", "a" * 200])
def test_unsafe_article_ids_are_refused(book: NoteBook, article: str) -> None:
    with pytest.raises(InvalidArticleId):
        book.add_note(article, BODY, HASH, 0, 3)


def test_empty_or_outside_spans_are_refused(book: NoteBook) -> None:
    for start, end in [(3, 3), (-1, 2), (0, len(BODY) + 1)]:
        with pytest.raises(ValueError, match="span"):
            book.add_note("a1", BODY, HASH, start, end)


# --- corrupt files ----------------------------------------------------------------------------


CORRUPTIONS = {
    "truncated": lambda raw: raw[: len(raw) // 2],
    "nul-bytes": lambda raw: raw + b"\0" * 200,
    "binary": lambda raw: bytes(range(256)) * 3,
    "wrong-shape": lambda raw: b'{"notes": [1, 2, 3]}',
    "not-a-note": lambda raw: b'{"notes": {"1": {"id": "abc", "quote": 5}}}',
    "empty": lambda raw: b"",
}


@pytest.mark.parametrize("kind", CORRUPTIONS)
def test_a_corrupt_file_is_reported_kept_and_refused(
    book: NoteBook, data_dir: Path, kind: str
) -> None:
    healthy = _add(book, "기준금리", article="good")
    victim = _add(book, "시장은", article="bad")
    path = data_dir / "users/kim/articles/bad.json"
    broken = CORRUPTIONS[kind](path.read_bytes())
    path.write_bytes(broken)

    reopened = NoteBook(data_dir, "kim")  # start-up still works
    problems = reopened.problems()
    assert [problem.path for problem in problems] == [path]
    assert isinstance(problems[0], CorruptDatabase) and problems[0].reason
    assert reopened.notes() == [healthy]  # other articles still load
    with pytest.raises(CorruptDatabase, match=r"bad\.json"):
        reopened.notes(article="bad")
    with pytest.raises(CorruptDatabase) as refused:
        reopened.add_note("bad", BODY, HASH, 0, 3)
    assert str(path) in str(refused.value) and "\n" not in str(refused.value)
    with pytest.raises(CorruptDatabase):
        reopened.tag_article("bad", "x")
    with pytest.raises(NoteNotFound):
        reopened.update_note(victim.id, note="x")
    assert path.read_bytes() == broken  # untouched byte for byte

    aside = reopened.set_aside_corrupt("bad")
    assert aside.read_bytes() == broken and not path.exists()
    fresh = reopened.add_note("bad", BODY, HASH, 0, 3)
    assert reopened.problems() == []
    assert reopened.notes() == [healthy, fresh] or reopened.notes() == [fresh, healthy]


def test_a_healthy_file_is_never_set_aside(book: NoteBook, data_dir: Path) -> None:
    _add(book, "기준금리")
    path = data_dir / "users/kim/articles/a1.json"
    before = path.read_bytes()
    with pytest.raises(ValueError, match="not corrupt"):
        book.set_aside_corrupt("a1")
    assert path.read_bytes() == before


# --- permissions --------------------------------------------------------------------------


def _modes(root: Path) -> dict[str, int]:
    return {
        str(path.relative_to(root)): stat.S_IMODE(path.lstat().st_mode)
        for path in sorted(root.rglob("*"))
    }


def test_private_data_is_0600_and_0700_whatever_the_umask(data_dir: Path) -> None:
    old = os.umask(0o002)
    try:
        book = NoteBook(data_dir, "kim")
        _add(book, "기준금리")
    finally:
        os.umask(old)
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    assert _modes(data_dir) == {
        "users": 0o700,
        "users/kim": 0o700,
        "users/kim/articles": 0o700,
        "users/kim/articles/.a1.json.lock": 0o600,
        "users/kim/articles/a1.json": 0o600,
        "users/kim/changes": 0o600,
    }


def test_a_team_directory_makes_notes_group_readable(tmp_path: Path) -> None:
    team = tmp_path / "team"
    team.mkdir()
    os.chmod(team, 0o2770)
    assert is_team_dir(team)
    old = os.umask(0)
    try:
        _add(NoteBook(team, "kim"), "기준금리")
    finally:
        os.umask(old)
    assert _modes(team) == {
        "users": 0o3770,  # members add their own directory; sticky: nobody renames another's
        "users/kim": 0o2750,
        "users/kim/articles": 0o2750,
        "users/kim/articles/.a1.json.lock": 0o640,
        "users/kim/articles/a1.json": 0o640,
        "users/kim/changes": 0o640,
    }
    assert stat.S_IMODE(team.stat().st_mode) == 0o2770  # the administrator's directory is kept


def test_a_user_cannot_change_another_users_note_but_can_read_it(tmp_path: Path) -> None:
    team = tmp_path / "team"
    team.mkdir()
    os.chmod(team, 0o2770)
    kim, lee = NoteBook(team, "kim"), NoteBook(team, "lee")
    note = _add(kim, "기준금리", note="김의 메모")
    kims_file = team / "users/kim/articles/a1.json"
    before = kims_file.read_bytes()
    with pytest.raises(NotYourNote, match="kim"):
        lee.update_note(note.id, note="덮어쓰기")
    with pytest.raises(NotYourNote):
        lee.delete_note(note.id)
    with pytest.raises(NotYourNote):
        lee.restore_note(note)
    with pytest.raises(NoteNotFound):
        lee.delete_note("nosuchnote")
    assert kims_file.read_bytes() == before
    assert not (team / "users/lee/articles/a1.json").exists()
    others = lee.others()
    assert [reader.user for reader in others] == ["kim"]
    assert others[0].notes() == [note]
    assert isinstance(others[0], NoteReader) and not isinstance(others[0], NoteBook)


def test_a_user_directory_owned_by_another_uid_is_never_written(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = NoteBook(data_dir, "kim")
    _add(book, "기준금리")
    user_dir = data_dir / "users/kim"
    if os.geteuid() == 0:
        os.chown(user_dir, 54321, -1)
    else:  # cannot give a directory away without root: be someone else instead
        monkeypatch.setattr(os, "geteuid", lambda: os.getuid() + 1)
    before = (user_dir / "articles/a1.json").read_bytes()
    with pytest.raises(ForeignUserDirectory, match="refusing to write"):
        _add(book, "시장은")
    with pytest.raises(ForeignUserDirectory):
        NoteBook(data_dir, "kim")
    assert (user_dir / "articles/a1.json").read_bytes() == before
    assert len(NoteReader(data_dir, "kim").notes()) == 1  # still readable


def test_a_symlinked_user_directory_is_refused(data_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (data_dir / "users").mkdir(parents=True)
    (data_dir / "users/kim").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(NotADirectoryError):
        NoteBook(data_dir, "kim")


def test_a_symlinked_article_file_is_a_problem_not_followed(book: NoteBook, data_dir: Path) -> None:
    _add(book, "기준금리")
    secret = data_dir.parent / "secret.json"
    secret.write_text('{"notes": {}}')
    (data_dir / "users/kim/articles/stolen.json").symlink_to(secret)
    problems = book.problems()
    assert len(problems) == 1 and isinstance(problems[0], DatabaseError)
    assert "symbolic link" in problems[0].reason


# --- identity -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["kim", "jh.lee", "user_01", "A-b", "김", "홍길동"])
def test_valid_user_names(name: str) -> None:
    assert validate_user(name) == name


@pytest.mark.parametrize(
    "name", ["", ".", "..", "../x", "a/b", "-rf", ".hidden", "a b", "_x\n", "x" * 65]
)
def test_invalid_user_names_are_refused_clearly(name: str) -> None:
    with pytest.raises(InvalidUserName, match="invalid user name"):
        validate_user(name)
    with pytest.raises(InvalidUserName):
        NoteBook(Path("/nonexistent"), name)


def test_the_user_is_the_login_unless_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(USER_ENV, raising=False)
    assert resolve_user() == getpass.getuser()
    monkeypatch.setenv(USER_ENV, "shared.kim")
    assert resolve_user() == "shared.kim"
    assert resolve_user("lee") == "lee"
    with pytest.raises(InvalidUserName):
        resolve_user("../root")


def test_the_data_directory_follows_xdg_unless_named(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(DATA_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert resolve_data_dir() == tmp_path / "xdg" / "lgai-reader"
    monkeypatch.setenv(DATA_ENV, str(tmp_path / "team"))
    assert resolve_data_dir() == tmp_path / "team"
    assert resolve_data_dir(tmp_path / "explicit") == tmp_path / "explicit"


def test_team_directories_are_recognised_by_group_write_or_setgid(tmp_path: Path) -> None:
    for mode, team in [(0o700, False), (0o750, False), (0o770, True), (0o2750, True)]:
        path = tmp_path / oct(mode)
        path.mkdir()
        os.chmod(path, mode)
        assert is_team_dir(path) is team, oct(mode)
    assert not is_team_dir(tmp_path / "missing")


def test_the_data_layer_never_imports_the_ui() -> None:
    code = (
        "import sys, store.annotations, store.export, store.identity, store.safe_db;"
        "print([m for m in sys.modules if m.split('.')[0] in ('textual', 'tui')])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == "[]"
