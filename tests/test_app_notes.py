"""Notes in the app, end to end with the Pilot and a real TinyDB notes folder.

Select a passage from the keyboard over Hangul, annotate it, see it marked and
counted, reopen it with one key, edit it, delete it and undo, tag the article,
list the notes by article and by tag, and jump back to one.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from store.annotations import NoteBook
from tests.app_support import (
    FIRST_PARAGRAPHS,
    burst,
    loaded,
    notes_app,
    record_notifications,
    screen_text,
    settled,
)
from tui.listing import ListFilter
from tui.screens.main import MainScreen
from tui.screens.my_notes import MyNotesScreen, NoteList
from tui.screens.note_editor import NoteEditor
from tui.screens.tag_editor import TagEditor
from tui.widgets.article_body import OWN, ArticleBody
from tui.widgets.article_table import ArticleTable
from tui.widgets.tag_input import TagInput

BODY = "\n\n".join(FIRST_PARAGRAPHS)
QUOTE = "배경훈 원장은"


def _row(app, article_id: str):  # type: ignore[no-untyped-def]
    table = app.screen.query_one(ArticleTable)
    return next(row for row in table.rows if row.id == article_id)


def _marked(body: ArticleBody, style_name: str = "article-body--annotation") -> str:
    """The text drawn with the annotation background on the body's visible rows."""
    colour = body.get_component_rich_style(style_name).bgcolor
    shown = []
    for y in range(body.scrollable_content_region.height):
        for segment in body.render_line(y):
            if segment.style and segment.style.bgcolor == colour:
                shown.append(segment.text)
    return "".join(shown)


async def test_annotate_edit_delete_undo_tag_list_and_jump(tmp_path: Path) -> None:
    app = notes_app(tmp_path)
    book = NoteBook(tmp_path / "data", "kim")
    seen = record_notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        assert "you: kim" in screen_text(app)
        table = app.screen.query_one(ArticleTable)
        assert [row.id for row in table.rows][:2] == ["a2", "a1"]
        await pilot.press("down", "enter")  # open a1 in the reader
        await pilot.pause()
        body = app.screen.query_one(ArticleBody)
        assert body.article is not None and body.article.id == "a1"
        # Select "배경훈 원장은" from the keyboard: next sentence, v, two words right.
        await pilot.press("right_parenthesis", "v", "w", "w")
        assert body.caret == BODY.index("서울에서")
        await pilot.press("a")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        assert editor.quote == QUOTE  # the trailing space is not part of the note
        await pilot.press(*"발표자 확인")
        await pilot.press("tab")
        await pilot.press(*"people, 발표")
        await pilot.press("ctrl+s")
        await settled(app, pilot)
        assert isinstance(app.screen, MainScreen)
        # Stored, marked in the body, counted in the list.
        (stored,) = book.notes()
        assert (stored.quote, stored.note, stored.tags) == (
            QUOTE,
            "발표자 확인",
            ("people", "발표"),
        )
        start = BODY.index(QUOTE)
        assert (stored.start, stored.end) == (start, start + len(QUOTE))
        assert body.annotation_at(start) == OWN
        assert _marked(body) == QUOTE
        assert _row(app, "a1").notes == 1
        assert any("Note saved" in message for message in seen)
        # One key reopens it with the caret on the span: e (and Enter).
        await pilot.press("g", "right_parenthesis", "right")
        assert "note" in str(app.screen.query_one("#caret-line").render())
        await pilot.press("e")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, NoteEditor) and editor.note is not None
        assert editor.text == "발표자 확인"
        await pilot.press(*" 추가", "ctrl+s")
        await settled(app, pilot)
        (stored,) = book.notes()
        assert stored.note == "발표자 확인 추가"
        await pilot.press("enter")  # Enter on a note opens it too
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        await pilot.press("escape")
        await pilot.pause()
        # Delete with d; u undoes, and says so.
        await pilot.press("d")
        await settled(app, pilot)
        assert book.notes() == []
        assert body.annotation_at(start) == 0
        assert _row(app, "a1").notes == 0
        assert any("u undoes" in message for message in seen)
        await pilot.press("u")
        await settled(app, pilot)
        (restored,) = book.notes()
        assert restored.id == stored.id and restored.note == "발표자 확인 추가"
        assert body.annotation_at(start) == OWN
        assert any(message.startswith("Undone") for message in seen)
        # Tag the article with t: the tag column (or the title's tags) and the filter follow.
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TagEditor)
        await pilot.press(*"인터뷰 exaone", "enter")
        await settled(app, pilot)
        assert book.article_tags("a1") == ("인터뷰", "exaone")
        assert _row(app, "a1").tags == ("인터뷰", "exaone")
        assert "· #인터뷰 #" in screen_text(app)  # the narrow list: tags after the date
        screen = app.main_screen
        screen.list_filter = ListFilter(tag="인터뷰")
        await pilot.pause()
        assert [row.id for row in table.rows] == ["a1"]
        screen.list_filter = ListFilter()
        # Removing a tag: t, delete the word, Enter.
        await pilot.press("t")
        await pilot.pause()
        tag_box = app.screen
        assert isinstance(tag_box, TagEditor)
        assert tag_box.query_one(TagInput).value == "인터뷰, exaone, "  # ready for one more
        await pilot.press(*["backspace"] * len("exaone, "), "enter")
        await settled(app, pilot)
        assert book.article_tags("a1") == ("인터뷰",)
        # My notes: by article, then by tag; Enter jumps to the note's span.
        body.move_caret(0)
        await pilot.press("m")
        await pilot.pause()
        my_notes = app.screen
        assert isinstance(my_notes, MyNotesScreen)
        text = screen_text(app)
        assert "엑사원 공개 현장" in text and f"“{QUOTE}”" in text
        assert "발표자 확인 추가" in text and "by article" in text
        await pilot.press("t")
        await pilot.pause()
        text = screen_text(app)
        assert "by tag" in text
        for heading in ("#people", "#발표", "#인터뷰"):
            assert heading in text, heading
        rows = my_notes.query_one(NoteList)
        assert rows.current is not None and rows.current.note is not None
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert body.article is not None and body.article.id == "a1"
        assert body.caret == start and body.mark == (start, start + len(QUOTE))
        assert app.focused is body


def _add(book: NoteBook, app, article_id: str, quote: str, text: str, tags=()):  # type: ignore[no-untyped-def]
    article = app.main_screen.articles[article_id]
    start = article.body.index(quote)
    return book.add_note(
        article_id, article.body, article.content_hash, start, start + len(quote), text, tags
    )


async def test_keys_typed_ahead_of_tab_and_ctrl_s_land_where_they_were_meant(
    tmp_path: Path,
) -> None:
    """Over SSH, a Tab and the letters after it can arrive in one read: the letters are tags."""
    app = notes_app(tmp_path)
    book = NoteBook(tmp_path / "data", "kim")
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        await pilot.press("down", "enter", "right_parenthesis", "v", "w", "w", "a")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        burst(app, *"확인", "tab", *"people", "shift+tab", *"!", "ctrl+s")
        await settled(app, pilot)
        assert isinstance(app.screen, MainScreen)
        (stored,) = book.notes()
        assert (stored.note, stored.tags) == ("확인!", ("people",))


async def test_export_writes_markdown_and_says_where(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    book = NoteBook(tmp_path / "data", "kim")
    app = notes_app(tmp_path)
    seen = record_notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        _add(book, app, "a1", "엑사원을 공개했다", "공개 *메모*\n# 제목 아님", ["people"])
        _add(book, app, "a2", "계획을 밝혔다", "두 번째 메모")
        await pilot.press("x")
        await settled(app, pilot)
        (path,) = work.glob("lgai-reader-notes-kim-*.md")
        assert any(f"Exported 2 notes to {path}" in message for message in seen)
        assert path.stat().st_mode & 0o777 == 0o600
        tokens = MarkdownIt("commonmark").parse(path.read_text(encoding="utf-8"))
        headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
        assert headings == ["Notes — kim", "엑사원 공개 현장", "배경훈 원장 인터뷰"]
        assert sum(t.type == "blockquote_open" for t in tokens) == 2
        inline = " ".join(t.content for t in tokens if t.type == "inline")
        assert "공개 \\*메모\\*" in inline  # the note's markup stays text
        # With the list filtered by a tag, only that tag's notes.
        app.main_screen.filter_by_tag("people")
        await pilot.press("x")
        await settled(app, pilot)
        second = max(work.glob("lgai-reader-notes-kim-*.md"), key=lambda p: p.stat().st_mtime_ns)
        assert second != path
        assert "notes: 1" in second.read_text(encoding="utf-8")
        assert any(f"Exported 1 note to {second}" in message for message in seen)


def test_export_falls_back_to_the_data_folder(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from store.anchoring import make_anchor
    from store.notes import Note
    from tui.notes_export import export_notes
    from tui.notes_source import NotesSnapshot

    anchor = make_anchor("본문 텍스트", 0, 2, "h")
    note = Note("n1", "kim", "a1", "본문", "메모", (), 0, 2, "t", "t", False, anchor)
    snapshot = NotesSnapshot(user="kim", mine=(note,))
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    done = export_notes(
        snapshot, {}, tag=None, data_dir=tmp_path / "data", cwd=not_a_folder, now=datetime.now(UTC)
    )
    assert done.path.parent == tmp_path / "data" / "exports"
    assert done.count == 1 and "메모" in done.path.read_text(encoding="utf-8")
    with pytest.raises(LookupError):
        export_notes(snapshot, {}, tag="없는태그", data_dir=tmp_path / "data", cwd=tmp_path)


async def test_notes_keys_are_in_help_and_the_palette(tmp_path: Path) -> None:
    app = notes_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        help_text = str(app.screen.query_one("#help-text").render())
        for words in (
            "My notes",
            "Tag the article",
            "Export notes to Markdown",
            "Undo the last",
            "Show/hide others' notes",
            "Note editor",
            "Save note",
            "Delete note",
        ):
            assert words in help_text, words
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"My notes")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MyNotesScreen)
        assert "No notes yet" in screen_text(app)


async def test_a_tag_heading_in_my_notes_filters_the_list_by_note_tags_too(tmp_path: Path) -> None:
    book = NoteBook(tmp_path / "data", "kim")
    app = notes_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        _add(book, app, "a1", "엑사원을 공개했다", "노트에만 붙은 태그", ["people"])
        book.tag_article("a3", "people")
        app.main_screen.refresh_notes()
        await settled(app, pilot)
        await pilot.press("m", "t")
        await pilot.pause()
        rows = app.screen.query_one(NoteList)
        rows.cursor = next(i for i, row in enumerate(rows.rows) if row.key == "people")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.main_screen.list_filter == ListFilter(tag="people")
        table = app.screen.query_one(ArticleTable)
        assert sorted(row.id for row in table.rows) == ["a1", "a3"]  # a note's tag, an article's


async def test_tags_are_parsed_and_completed_from_known_ones() -> None:
    from tui.notes_source import parse_tags
    from tui.widgets.tag_input import TagSuggester

    assert parse_tags(" #AI,  인터뷰 people,,인터뷰 ") == ("AI", "인터뷰", "people")
    assert parse_tags("태그\x1b[2J \u202e숨김") == ("태그", "숨김")
    suggester = TagSuggester(["exaone", "Economy", "인터뷰"])
    assert await suggester.get_suggestion("people, ex") == "people, exaone"
    assert await suggester.get_suggestion("ECO") == "ECOnomy"  # what was typed is kept
    assert await suggester.get_suggestion("인") == "인터뷰"
    assert await suggester.get_suggestion("exaone, ") is None  # nothing typed yet
    assert await suggester.get_suggestion("exaone ex") is None  # already there
