"""Notes across sessions and users: live refresh from another process, others read-only,
a damaged notes file at start-up, and notes re-anchored after an article changed."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from store.annotations import NoteBook
from store.notes import NotYourNote
from tests.app_support import (
    FIRST_PARAGRAPHS,
    REPO_ROOT,
    loaded,
    notes_app,
    record_notifications,
    screen_text,
    settled,
    wait_until,
    write_article,
)
from tui.notes_source import NotesSource, write_error_text
from tui.screens.confirm import ConfirmScreen
from tui.screens.main import MainScreen
from tui.screens.my_notes import MyNotesScreen, NoteList
from tui.screens.note_editor import NoteEditor
from tui.widgets.article_body import OTHER, OWN, ArticleBody
from tui.widgets.article_table import ArticleTable

BODY = "\n\n".join(FIRST_PARAGRAPHS)

# Another session of the same user: a separate process writing with NoteBook.
OTHER_SESSION = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from store.annotations import NoteBook

    data_dir, user, article, body, content_hash, quote, text = sys.argv[1:8]
    start = body.index(quote)
    note = NoteBook(Path(data_dir), user).add_note(
        article, body, content_hash, start, start + len(quote), note=text
    )
    print(note.id)
    """
)


def _row(app, article_id: str):  # type: ignore[no-untyped-def]
    return next(row for row in app.screen.query_one(ArticleTable).rows if row.id == article_id)


async def test_a_note_written_by_another_process_appears_without_a_restart(
    tmp_path: Path,
) -> None:
    app = notes_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        app.main_screen.open_article("a2")
        await pilot.pause()
        body = app.screen.query_one(ArticleBody)
        article = body.article
        assert article is not None and _row(app, "a2").notes == 0
        quote = "계획을 밝혔다"
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                OTHER_SESSION,
                str(tmp_path / "data"),
                "kim",
                "a2",
                article.body,
                article.content_hash,
                quote,
                "다른 창에서 쓴 메모",
            ],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=REPO_ROOT,
            env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        )
        assert result.returncode == 0, result.stderr
        start = article.body.index(quote)
        # Polled every 2 s: shown within a few seconds, in the list, the body and My notes.
        await wait_until(pilot, lambda: _row(app, "a2").notes == 1, timeout=8, what="the count")
        assert body.annotation_at(start) == OWN
        await pilot.press("m")
        await pilot.pause()
        assert "다른 창에서 쓴 메모" in screen_text(app)


async def test_others_notes_are_shown_read_only_and_cannot_be_changed(tmp_path: Path) -> None:
    data = tmp_path / "data"
    app = notes_app(tmp_path, user="kim")
    seen = record_notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        article = app.main_screen.articles["a1"]
        quote = "엑사원은 CES에서도"
        start = article.body.index(quote)
        theirs = NoteBook(data, "lee").add_note(
            "a1", article.body, article.content_hash, start, start + len(quote), note="lee의 메모"
        )
        app.main_screen.open_article("a1")
        await pilot.pause()
        body = app.screen.query_one(ArticleBody)
        assert body.annotation_at(start) == 0  # hidden until asked for
        await pilot.press("O")
        await settled(app, pilot)
        assert body.annotation_at(start) == OTHER  # drawn in its own colour
        other_bg = body.get_component_rich_style("article-body--annotation-other").bgcolor
        own_bg = body.get_component_rich_style("article-body--annotation").bgcolor
        assert other_bg != own_bg
        assert "you: kim + 1 by others (O)" in screen_text(app)
        body.move_caret(start + 1)
        await pilot.pause()
        assert "note by lee (read-only" in str(app.screen.query_one("#caret-line").render())
        await pilot.press("enter")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, NoteEditor) and editor.read_only
        assert "Note by lee read-only" in screen_text(app)
        assert "lee의 메모" in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.press("x")  # typing is refused, with the same words
        await pilot.pause()
        assert sum("belongs to lee; read-only" in message for message in seen) == 2
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await pilot.press("d")
        await settled(app, pilot)
        assert sum("belongs to lee; read-only" in message for message in seen) == 3
        # Listed in My notes with the author's name.
        await pilot.press("m")
        await pilot.pause()
        assert "by lee · read-only" in screen_text(app)
        await pilot.press("d")  # deleting from My notes is refused too
        await settled(app, pilot)
        assert sum("belongs to lee; read-only" in message for message in seen) == 4
        await pilot.press("escape")
        # Nothing was changed on disk.
        assert [note.id for note in NoteBook(data, "lee").notes()] == [theirs.id]
        # And the store refuses even if the app's check were bypassed.
        source = app.settings.annotations
        assert isinstance(source, NotesSource)
        try:
            source.delete_note(theirs)
        except NotYourNote as error:
            assert write_error_text(error) == "This note belongs to lee; read-only."
        else:
            raise AssertionError("deleting lee's note as kim was not refused")


async def test_a_corrupt_notes_file_is_reported_kept_and_can_be_set_aside(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    first = notes_app(tmp_path)  # to know the bodies as the app sees them
    async with first.run_test(size=(120, 40)) as pilot:
        await loaded(first, pilot)
        a1 = first.main_screen.articles["a1"]
    book = NoteBook(data, "kim")
    start = a1.body.index("엑사원을")
    book.add_note("a1", a1.body, a1.content_hash, start, start + 4, note="좋은 메모")
    damaged = data / "users" / "kim" / "articles" / "a2.json"
    damaged.write_bytes(b'{"notes": {"1": {"id": "x"')  # cut short, as by a full disk
    before = damaged.read_bytes()

    app = notes_app(tmp_path)
    seen = record_notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        await settled(app, pilot)
        # Reported, naming the file and the reason; the app opened and shows the other notes.
        report = next(message for message in seen if "Unreadable notes file" in message)
        assert str(damaged) in report
        assert "you: kim 1 unreadable" in screen_text(app)
        assert _row(app, "a1").notes == 1
        app.main_screen.open_article("a1")
        await pilot.pause()
        assert app.screen.query_one(ArticleBody).annotation_at(start) == OWN
        # Writing to that article fails with one clear line; the file is untouched.
        app.main_screen.open_article("a2")
        await pilot.pause()
        await pilot.press("v", "w", "a")
        await settled(app, pilot)
        assert isinstance(app.screen, MainScreen)
        refusal = seen[-1]
        assert "a2.json is damaged" in refusal and "\n" not in refusal
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert "a2.json is damaged" in seen[-1]
        assert damaged.read_bytes() == before
        # Listed in My notes; Enter offers to set it aside, y does it.
        await pilot.press("m")
        await pilot.pause()
        my_notes = app.screen
        assert isinstance(my_notes, MyNotesScreen)
        assert "Unreadable notes file" in screen_text(app)
        my_notes.query_one(NoteList).cursor = 0
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settled(app, pilot)
        assert not damaged.exists()
        (aside,) = damaged.parent.glob("a2.json.corrupt-*")
        assert aside.read_bytes() == before
        assert "Unreadable notes file" not in screen_text(app)
        assert any("Set aside as" in message for message in seen)
        await pilot.press("escape")
        await pilot.pause()
        assert "unreadable" not in screen_text(app)
        # Now notes on a2 can be written again.
        await pilot.press("escape", "g", "v", "w", "a", *"메모", "ctrl+s")
        await settled(app, pilot)
        assert [note.note for note in book.notes(article="a2")] == ["메모"]
        assert _row(app, "a2").notes == 1


async def test_notes_re_anchor_when_the_article_changed_and_orphans_are_listed(
    tmp_path: Path,
) -> None:
    moved_quote = "배경훈 원장은 서울에서"
    vanishing = "엑사원은 CES에서도 소개됐다"
    app = notes_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        app.main_screen.open_article("a1")
        await pilot.pause()
        body = app.screen.query_one(ArticleBody)
        for quote in (moved_quote, vanishing):
            start = BODY.index(quote)
            body.select(start, start + len(quote))
            await pilot.press("a", *quote[:3], "ctrl+s")
            await settled(app, pilot)
        assert _row(app, "a1").notes == 2
    # The article file changes: a paragraph before the quote, the other sentence gone.
    paragraphs = (
        "새로 추가된 첫 문단이다. 기사 수정본이다.",
        FIRST_PARAGRAPHS[0],
        "연구원과 기자들이 모였다.",
        FIRST_PARAGRAPHS[2],
    )
    write_article(
        tmp_path / "corpus", "a1", "엑사원 공개 현장", paragraphs, date="2024-05-02 09:30"
    )
    new_body = "\n\n".join(paragraphs)
    app = notes_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        assert app.main_screen.articles["a1"].body == new_body
        assert _row(app, "a1").notes == 2  # the orphan still counts: it was not dropped
        app.main_screen.open_article("a1")
        await pilot.pause()
        body = app.screen.query_one(ArticleBody)
        start = new_body.index(moved_quote)
        assert start != BODY.index(moved_quote)
        assert body.annotation_at(start) == OWN
        assert body.annotation_at(start + len(moved_quote)) == 0
        await pilot.press("m")
        await pilot.pause()
        text = screen_text(app)
        assert f"“{vanishing}” orphaned" in text
        assert "1 orphaned" in text
        rows = app.screen.query_one(NoteList)
        placed = next(row for row in rows.rows if row.note and not row.note.orphaned)
        assert placed.note is not None
        assert new_body[placed.note.start : placed.note.end] == moved_quote
        # Enter on the orphan opens the article and says the passage is gone.
        rows.cursor = next(i for i, row in enumerate(rows.rows) if row.note and row.note.orphaned)
        seen = record_notifications(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert any("no longer in the article" in message for message in seen)
