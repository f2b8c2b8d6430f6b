"""The scriptable command line: stable JSON, global options, clear errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, SEEDS


def run_cli(
    *args: str, env: dict[str, str] | None = None, cwd: Path = REPO
) -> subprocess.CompletedProcess[str]:
    """Run ``lgai-reader`` from this checkout in a real process."""
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        timeout=120,
        check=False,
    )


def run_json(*args: str, env: dict[str, str] | None = None) -> Any:
    result = run_cli(*args, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_articles_json_lists_every_article_with_the_documented_keys() -> None:
    rows = run_json("articles", "--json")
    assert [row["id"] for row in rows] == sorted(p.stem for p in SEEDS.glob("*.txt"))
    for row in rows:
        assert {
            "id",
            "title",
            "outlet",
            "date",
            "reporters",
            "empty",
            "duplicate_of",
            "tags",
        } <= set(row)
        assert isinstance(row["empty"], bool) and isinstance(row["tags"], list)
    row = next(r for r in rows if r["id"].startswith("002"))
    assert row["outlet"] == "미디어펜" and row["date"] == "2023-03-23T13:53"
    assert row["reporters"] == [{"name": "조우현", "email": "sweetwork@mediapen.com"}]


def test_show_json_body_paragraphs_and_removed_agree() -> None:
    article = run_json("show", "001", "--json")
    assert article["id"] == "001_2c0634d709ada8af"
    assert article["body"] == "\n\n".join(article["paragraphs"])
    assert {"text", "reason"} <= set(article["removed"][0])
    assert {r["reason"] for r in article["removed"]} == {"metadata", "boilerplate", "duplicate"}
    for entity in article["entities"]:
        assert article["body"][entity["start"] : entity["end"]] == entity["surface"]


def test_show_prints_the_clean_article_and_optionally_what_was_cut() -> None:
    result = run_cli("show", "004_bb9", "--removed")
    assert result.returncode == 0
    assert result.stdout.startswith('"초거대 AI 한계 넘는다"')
    assert "AI타임스 · 2022-04-27T10:02 · 김동원 <goodtuna@aitimes.com>" in result.stdout
    assert "[boilerplate: site menu]" not in result.stdout
    assert "[duplicate: truncated copy of paragraph 5]" in result.stdout


def test_unknown_article_is_an_error_with_close_matches() -> None:
    result = run_cli("show", "003_1eb1864f3273229X")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "no article '003_1eb1864f3273229X'; did you mean 003_1eb1864f32732296?" in result.stderr


def test_an_ambiguous_prefix_names_the_candidates() -> None:
    result = run_cli("show", "00")
    assert result.returncode == 1
    assert "matches several articles: 000_24b946ecff25c51c, 001_" in result.stderr


def test_corpus_comes_from_the_option_or_the_environment(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "hello.txt").write_text("안녕 제목\n\n본문 첫 문장이 여기 있다.\n", encoding="utf-8")
    by_option = run_json("--corpus", str(folder), "articles", "--json")
    by_env = run_json("articles", "--json", env={"LGAI_READER_CORPUS": str(folder)})
    assert [r["id"] for r in by_option] == [r["id"] for r in by_env] == ["hello"]


def test_skipped_files_are_reported_on_stderr_and_json_stays_clean(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "ok.txt").write_text("제목\n\n본문이 있다.\n", encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\x00\x01binary")
    result = run_cli("--corpus", str(folder), "articles", "--json")
    assert result.returncode == 0
    assert [r["id"] for r in json.loads(result.stdout)] == ["ok"]
    assert "skipped broken.txt: binary file" in result.stderr


def test_a_missing_corpus_folder_is_one_line_on_stderr(tmp_path: Path) -> None:
    result = run_cli("--corpus", str(tmp_path / "nope"), "articles")
    assert result.returncode == 1
    assert result.stderr.strip() == f"lgai-reader: corpus folder not found: {tmp_path / 'nope'}"


def test_search_is_particle_aware_and_reports_context() -> None:
    with_particle = run_json("search", "연구원은", "--json", "--limit", "500")
    bare = run_json("search", "연구원", "--json", "--limit", "500")
    assert with_particle == bare and bare
    assert all(hit["match"] == "연구원" for hit in bare)
    article = run_json("show", bare[-1]["article"], "--json")
    text = article["body"] if bare[-1]["field"] == "body" else article["title"]
    assert text[bare[-1]["start"] : bare[-1]["end"]] == "연구원"
    assert {"은", "과", "의"} <= {hit["after"][:1] for hit in bare}


@pytest.mark.parametrize(
    ("query", "summary"),
    [("유발 하라리", "1 hit in 1 article"), ("이경무", "4 hits in 1 article")],
)
def test_search_counts_hits_and_articles_in_words(query: str, summary: str) -> None:
    result = run_cli("search", query)
    assert result.returncode == 0
    assert result.stderr.strip() == summary


def test_file_names_with_controls_or_bytes_not_utf8_are_printed_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    page = "제목\n\nLG AI연구원이 엑사원을 공개했다.\n".encode()
    (folder / "red\x1b[31m\x07.txt").write_bytes(page)
    (folder / os.fsdecode(b"bad\xffname.txt")).write_bytes(page)
    (folder / "bin\x1b[2J.txt").write_bytes(b"\x00binary")
    env = {"PYTHONIOENCODING": "utf-8"}  # strict: a byte that is not UTF-8 would raise
    listed = subprocess.run(
        [sys.executable, "-m", "tui.cli", "--corpus", str(folder), "articles"],
        capture_output=True,
        cwd=REPO,
        env={**os.environ, **env},
        timeout=120,
        check=False,
    )
    assert listed.returncode == 0, listed.stderr
    out, err = listed.stdout.decode("utf-8"), listed.stderr.decode("utf-8")  # strict: all UTF-8
    assert "\x1b" not in out + err and "\x07" not in out
    assert "red\\x1b[31m\\x07  " in out and "bad\\xffname  " in out
    assert "skipped bin\\x1b[2J.txt: binary file" in err
    rows = run_json("--corpus", str(folder), "articles", "--json", env=env)
    assert sorted(row["id"] for row in rows) == ["bad\\xffname", "red\\x1b[31m\\x07"]
    shown = run_json("--corpus", str(folder), "show", "red\\x1b", "--json", env=env)
    assert shown["id"] == "red\\x1b[31m\\x07"
