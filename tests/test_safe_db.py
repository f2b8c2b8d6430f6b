"""The database files: atomic writes, locking, corruption reports, many processes, kill -9."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from tinydb import TinyDB

from store.annotations import NoteBook
from store.safe_db import (
    AtomicJSONStorage,
    CorruptDatabase,
    make_dir,
    move_aside,
    parse_tables,
    snapshot,
    sweep_temp_files,
    temp_path,
    transaction,
)

ROOT = Path(__file__).resolve().parent.parent
WRITER = Path(__file__).resolve().parent / "helpers" / "note_writer.py"


# --- one process --------------------------------------------------------------------------


def test_transaction_writes_a_complete_json_file_and_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    with transaction(path, file_mode=0o600) as db:
        db.table("notes").insert({"id": "x", "text": "한국은행"})
        db.table("notes").insert({"id": "y", "text": "금리"})
    assert json.loads(path.read_text("utf-8")) == {
        "notes": {"1": {"id": "x", "text": "한국은행"}, "2": {"id": "y", "text": "금리"}}
    }
    assert not temp_path(path).exists()
    assert oct(path.stat().st_mode & 0o777) == oct(0o600)


def test_a_second_instance_never_serves_stale_results(tmp_path: Path) -> None:
    """TinyDB caches queries and the next id per Table; each transaction starts fresh."""
    path = tmp_path / "a.json"
    with transaction(path, file_mode=0o600) as db:
        db.table("notes").insert({"id": "first"})
    reader = snapshot(path)
    assert [d["id"] for d in reader.table("notes").all()] == ["first"]
    with transaction(path, file_mode=0o600) as db:
        doc_id = db.table("notes").insert({"id": "second"})
    assert doc_id == 2  # the next id was read from the file, not from a cache
    assert [d["id"] for d in snapshot(path).table("notes").all()] == ["first", "second"]


def test_a_snapshot_is_read_only(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    db = snapshot(path)
    with pytest.raises(PermissionError):
        db.table("notes").insert({"id": "x"})
    assert not path.exists()


def test_a_killed_writers_temporary_file_is_removed_by_the_next_write(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    temp_path(path).write_bytes(b'{"notes": {"1": {"half')
    with transaction(path, file_mode=0o600) as db:
        db.table("notes").insert({"id": "x"})
    assert not temp_path(path).exists()
    assert parse_tables(path.read_bytes(), path) == {"notes": {"1": {"id": "x"}}}


def test_sweep_removes_stale_temporary_files_but_not_a_live_writers(tmp_path: Path) -> None:
    stale, live = tmp_path / "a.json", tmp_path / "b.json"
    temp_path(stale).write_bytes(b"{")
    temp_path(live).write_bytes(b"{")
    with transaction(live, file_mode=0o600):
        temp_path(live).write_bytes(b"{")  # as if this transaction were writing it now
        # A child process sweeps while this process holds b.json's lock.
        code = (
            "import sys; from pathlib import Path; from store.safe_db import sweep_temp_files;"
            "print(len(sweep_temp_files(Path(sys.argv[1]), file_mode=0o600)))"
        )
        swept = subprocess.run(
            [sys.executable, "-c", code, str(tmp_path)],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        assert swept.stdout.strip() == "1"
        assert temp_path(live).exists()
    assert not temp_path(stale).exists()
    assert sweep_temp_files(tmp_path, file_mode=0o600) == [temp_path(live)]


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty"),
        (b'{"notes": {"1": {"id": "x", "te', "truncated"),
        (b'{"notes": {}}' + b"\0" * 64, "Extra data"),
        (bytes(range(256)), "UTF-8"),
        (b"[1, 2, 3]", "top level is a list"),
        (b'{"notes": [1]}', "table 'notes' is a list"),
        (b'{"notes": {"x": {}}}', "bad document"),
        (b'{"notes": {"1": 5}}', "bad document"),
    ],
    ids=["empty", "truncated", "nul-bytes", "binary", "list", "table-list", "doc-id", "doc-value"],
)
def test_corrupt_files_raise_with_path_and_reason_and_stay_untouched(
    tmp_path: Path, raw: bytes, reason: str
) -> None:
    path = tmp_path / "a.json"
    path.write_bytes(raw)
    with pytest.raises(CorruptDatabase) as caught, transaction(path, file_mode=0o600) as db:
        db.table("notes").insert({"id": "x"})
    assert caught.value.path == path
    assert reason in caught.value.reason
    assert str(path) in str(caught.value)
    assert path.read_bytes() == raw
    assert not temp_path(path).exists()


def test_move_aside_keeps_the_bytes_under_a_new_name(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_bytes(b"\0\0garbage")
    aside = move_aside(path)
    assert not path.exists()
    assert aside.parent == tmp_path
    assert aside.name.startswith("a.json.corrupt-")
    assert aside.read_bytes() == b"\0\0garbage"


def test_make_dir_sets_the_mode_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o077)
    try:
        make_dir(tmp_path / "a" / "b", 0o2750)
    finally:
        os.umask(old)
    assert oct((tmp_path / "a" / "b").stat().st_mode & 0o7777) == oct(0o2750)
    assert oct((tmp_path / "a").stat().st_mode & 0o7777) == oct(0o2750)


def test_the_storage_is_a_plain_tinydb_storage(tmp_path: Path) -> None:
    """Queries, updates and removals go through TinyDB itself, not around it."""
    path = tmp_path / "a.json"
    db = TinyDB(path, storage=AtomicJSONStorage, writable=True)
    table = db.table("notes", cache_size=0)
    table.insert_multiple([{"id": "a", "n": 1}, {"id": "b", "n": 2}])
    table.update({"n": 3}, doc_ids=[2])
    table.remove(doc_ids=[1])
    assert json.loads(path.read_text()) == {"notes": {"2": {"id": "b", "n": 3}}}


# --- many processes -------------------------------------------------------------------------


def _spawn(data_dir: Path, user: str, report: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WRITER), str(data_dir), user, str(report), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def _run_bursts(data_dir: Path, tmp_path: Path, jobs: list[tuple[str, str, int]]) -> list[Path]:
    """Start every (user, articles, count) job, release them together, return their reports."""
    reports = [tmp_path / f"report{index}.txt" for index in range(len(jobs))]
    children = [
        _spawn(data_dir, user, report, "burst", articles, str(count))
        for (user, articles, count), report in zip(jobs, reports, strict=True)
    ]
    for child in children:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    for child in children:
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    for child in children:
        assert child.wait(timeout=120) == 0
    return reports


def _acknowledged(report: Path) -> list[tuple[str, str, str]]:
    """Return the (kind, article, value) lines of a report; a torn last line is not an ack."""
    text = report.read_text("utf-8") if report.exists() else ""
    lines = text.split("\n")[:-1]  # whatever follows the last newline was never completed
    return [(line[0], *line[2:].split(" ")) for line in lines]  # type: ignore[misc]


def _stored_ids(data_dir: Path, user: str) -> Counter[tuple[str, str]]:
    """Count (article, note id) pairs in the user's files, reading the JSON directly."""
    found: Counter[tuple[str, str]] = Counter()
    for path in (data_dir / "users" / user / "articles").glob("*.json"):
        tables = parse_tables(path.read_bytes(), path)
        found.update((path.stem, doc["id"]) for doc in tables.get("notes", {}).values())
    return found


@pytest.mark.slow
def test_eight_processes_of_one_user_lose_and_duplicate_nothing(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    jobs = [("kim", f"shared,own{index}", 60) for index in range(8)]
    reports = _run_bursts(data_dir, tmp_path, jobs)
    acked = [
        (article, note_id) for report in reports for _, article, note_id in _acknowledged(report)
    ]
    assert len(acked) == 8 * 60
    stored = _stored_ids(data_dir, "kim")
    assert stored == Counter(acked)  # every acknowledged id once, nothing else
    assert sum(1 for article, _ in acked if article == "shared") == 8 * 30
    book = NoteBook(data_dir, "kim")
    assert book.problems() == []
    assert len(book.notes()) == 480
    assert not list(data_dir.rglob("*.tmp"))


@pytest.mark.slow
def test_two_users_writing_at_once_each_keep_exactly_their_notes(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    jobs = [(user, "shared,other", 25) for user in ("kim", "lee") for _ in range(4)]
    reports = _run_bursts(data_dir, tmp_path, jobs)
    for user in ("kim", "lee"):
        acked = Counter(
            (article, note_id)
            for (job_user, _, _), report in zip(jobs, reports, strict=True)
            if job_user == user
            for _, article, note_id in _acknowledged(report)
        )
        assert sum(acked.values()) == 100
        assert _stored_ids(data_dir, user) == acked
        assert {note.user for note in NoteBook(data_dir, user).notes()} == {user}


@pytest.mark.slow
def test_kill_9_at_random_moments_loses_no_acknowledged_write(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    articles = "a1,a2,a3"
    must_exist: set[str] = set()
    must_be_gone: set[str] = set()
    tags: dict[str, set[str]] = {}
    rng = random.Random(20240502)
    temp_files_seen = 0
    for round_ in range(24):
        report = tmp_path / f"kill{round_}.txt"
        child = _spawn(data_dir, "kim", report, "loop", articles)
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.05, 0.5))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        started_deleting = set()
        for kind, article, value in _acknowledged(report):
            if kind == "+":
                must_exist.add(value)
            elif kind == "?":
                started_deleting.add(value)
            elif kind == "-":
                must_be_gone.add(value)
            else:
                tags.setdefault(article, set()).add(value)
        # A deletion cut off by the kill may or may not have happened.
        must_exist -= started_deleting

        stored = _stored_ids(data_dir, "kim")  # raises if any file does not parse
        assert max(stored.values(), default=1) == 1
        ids = {note_id for _, note_id in stored}
        assert must_exist <= ids, f"round {round_}: lost {must_exist - ids}"
        assert not (must_be_gone & ids)
        temp_files_seen += len(list(data_dir.rglob("*.tmp")))
        book = NoteBook(data_dir, "kim")  # opening sweeps what the kill left
        assert not list(data_dir.rglob("*.tmp"))
        assert book.problems() == []
        for article, wanted in tags.items():
            assert wanted <= set(book.article_tags(article))
    assert len(must_exist) > 100, "the child should have written a good deal"
    print(f"temporary files left by kills and swept: {temp_files_seen}")
