"""Notes and tags from the command line, in real processes against a real data folder."""

from __future__ import annotations

import json
from pathlib import Path

from markdown_it import MarkdownIt

from tests.test_cli import run_cli, run_json

NOTE_KEYS = {
    "id",
    "user",
    "article",
    "quote",
    "note",
    "tags",
    "start",
    "end",
    "created",
    "updated",
    "orphaned",
}


def _env(tmp_path: Path, user: str = "kim") -> dict[str, str]:
    return {"LGAI_READER_DATA": str(tmp_path / "team"), "LGAI_READER_USER": user}


def test_tag_and_untag_show_in_the_article_list(tmp_path: Path) -> None:
    env = _env(tmp_path)
    assert run_cli("tag", "003", "인터뷰", "오픈소스", env=env).stdout.strip() == "인터뷰, 오픈소스"
    assert run_cli("untag", "003", "인터뷰", env=env).stdout.strip() == "오픈소스"
    rows = {row["id"][:3]: row["tags"] for row in run_json("articles", "--json", env=env)}
    assert rows["003"] == ["오픈소스"] and rows["000"] == []


def test_note_anchors_at_the_first_occurrence_and_lists_as_json(tmp_path: Path) -> None:
    env = _env(tmp_path)
    added = run_cli(
        "note",
        "003",
        "--quote",
        "엑사원 3.0",
        "--note",
        "첫 공개\n둘째 줄",
        "--tag",
        "모델",
        "--tag",
        "오픈소스",
        env=env,
    )
    assert added.returncode == 0, added.stderr
    note_id = added.stdout.strip()
    notes = run_json("notes", "--json", env=env)
    assert len(notes) == 1 and set(notes[0]) == NOTE_KEYS
    note = notes[0]
    assert note["id"] == note_id and note["user"] == "kim" and not note["orphaned"]
    body = run_json("show", "003", "--json")["body"]
    assert body[note["start"] : note["end"]] == "엑사원 3.0"
    assert note["start"] == body.index("엑사원 3.0")
    assert note["tags"] == ["모델", "오픈소스"] and note["note"] == "첫 공개\n둘째 줄"
    assert run_json("notes", "--json", "--tag", "없는태그", env=env) == []
    assert [n["id"] for n in run_json("notes", "--json", "--article", "003_1eb", env=env)] == [
        note_id
    ]


def test_a_quote_not_in_the_body_is_an_error(tmp_path: Path) -> None:
    result = run_cli("note", "003", "--quote", "기사에 없는 문장", env=_env(tmp_path))
    assert result.returncode == 1
    assert "'기사에 없는 문장' is not in the clean body of 003_1eb1864f32732296" in result.stderr


def test_each_user_sees_only_their_own_notes(tmp_path: Path) -> None:
    run_cli("note", "001", "--quote", "초거대", "--note", "kim의 메모", env=_env(tmp_path, "kim"))
    run_cli("note", "001", "--quote", "초거대", "--note", "lee의 메모", env=_env(tmp_path, "lee"))
    assert [n["note"] for n in run_json("notes", "--json", env=_env(tmp_path, "kim"))] == [
        "kim의 메모"
    ]
    assert [n["note"] for n in run_json("notes", "--json", env=_env(tmp_path, "lee"))] == [
        "lee의 메모"
    ]


def test_export_writes_markdown_that_keeps_its_shape(tmp_path: Path) -> None:
    env = _env(tmp_path)
    hostile = "# 제목 아님\n> 인용 아님\n```\n<script>alert(1)</script>\n---"
    run_cli("note", "002", "--quote", "구광모", "--note", hostile, "--tag", "인물", env=env)
    run_cli("note", "004", "--quote", "서울대", "--note", "보통 메모", env=env)
    out = tmp_path / "notes.md"
    result = run_cli("export", "-o", str(out), env=env)
    assert result.returncode == 0 and "exported 2 notes" in result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith('---\nuser: "kim"\n')
    tokens = MarkdownIt("commonmark").parse(text)
    headings = [t for t in tokens if t.type == "heading_open"]
    assert [t.tag for t in headings] == ["h1", "h2", "h2"]
    assert sum(t.type == "blockquote_open" for t in tokens) == 2
    assert not any(t.type in {"html_block", "html_inline", "fence", "code_block"} for t in tokens)
    inline = "".join(t.content for t in tokens if t.type == "inline")
    assert "<script>alert(1)</script>" in inline.replace("&lt;", "<")
    only_people = run_cli("export", "--tag", "인물", env=env).stdout
    assert only_people.count("\n> ") == 1 and '"tag": "인물"' in only_people


def test_notes_on_a_changed_body_are_placed_again_or_orphaned(tmp_path: Path) -> None:
    from tests.conftest import SEEDS

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    seed = next(SEEDS.glob("003_*.txt"))
    (corpus / seed.name).write_bytes(seed.read_bytes())
    env = {**_env(tmp_path), "LGAI_READER_CORPUS": str(corpus)}
    kept = run_cli("note", "003", "--quote", "잭슨랩과 공동 연구", env=env).stdout.strip()
    lost = run_cli("note", "003", "--quote", "스팸 처리를 했더니", env=env).stdout.strip()
    text = seed.read_text(encoding="utf-8")
    text = text.replace("그러자 성과가 나오기 시작했다. ", "")
    text = text.replace("스팸 처리를 했더니 ", "")
    (corpus / seed.name).write_text(text, encoding="utf-8")
    notes = {n["id"]: n for n in run_json("notes", "--json", env=env)}
    body = run_json("show", "003", "--json", env=env)["body"]
    assert body[notes[kept]["start"] : notes[kept]["end"]] == "잭슨랩과 공동 연구"
    assert not notes[kept]["orphaned"]
    assert notes[lost]["orphaned"] and notes[lost]["quote"] == "스팸 처리를 했더니"
    assert json.dumps(notes[lost])  # still listed, with its quote
