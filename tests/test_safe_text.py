"""Text from articles, file names, queries and notes is data: never markup, never terminal control.

Hostile strings go into an article's title, outlet, reporters, body, removed
passages and entity names, into a skipped file's name and the corpus folder's
name, into a search query, and into notes, tags and user names (through
NoteBook, through a notes file written by hand, and typed into the app);
then every widget that shows them is put on screen. Each time, the screen
must show the literal text, carry no link or click action from it, and no
control byte may reach what is written to the terminal.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
import unicodedata
from pathlib import Path

import pytest
from rich.console import Console

import store.corpus
from store import load_corpus
from store.annotations import NoteBook
from store.corpus import Corpus
from store.model import Article, Mention, Removed, Reporter
from tests.app_support import (
    StubFinder,
    app_for,
    loaded,
    notes_app,
    record_notifications,
    screen_strips,
    screen_text,
    settled,
    write_article,
)
from tui.app import ReaderApp
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.screens.my_notes import MyNotesScreen
from tui.screens.note_editor import NoteEditor
from tui.screens.search import SearchScreen
from tui.screens.tag_editor import TagEditor
from tui.widgets.article_body import ArticleBody
from tui.widgets.entity_sidebar import EntityTree, MentionList

CLICK_QUIT = "[@click=app.quit]x[/]"
SCREENSHOT_DIR = "SHOTDIR"
CLICK_SHOT = f"[@click=app.screenshot('f.svg','{SCREENSHOT_DIR}')]shot[/]"
LINK = "[link=file:///etc/passwd]pw[/link]"
MARKUP = ["[bold]굵게", "[/]", "[/b]", CLICK_QUIT, CLICK_SHOT, LINK]
CONTROLS = [
    "\x1b]52;c;QUJD\x07",  # OSC 52 clipboard write
    "\x1b[2J",  # clear screen
    "\x1b]0;window title\x07",  # OSC window title
    "\x1b[6n",  # cursor position report request
    "\x9b2J",  # C1 CSI
    "\u202e",  # bidi override
    "\u200b",  # zero-width space
    "\x07",  # bell
]
HOSTILE = " ".join(MARKUP + CONTROLS)
# File names cannot hold '/': markup without closing tags.
FOLDER_NAME = "[@click=app.quit]q corpus \x1b[2J"
FILE_NAME = "[link=file:etc]pw [bold]b \x1b]52;c;QUJD\x07\u202e.txt"

# What may appear in the bytes written to the terminal: SGR and cursor moves only.
_ALLOWED_SEQUENCE = re.compile(r"\x1b\[[0-9;]*m|\x1b\[\d+;\d+H")


def _forbidden_characters(text: str) -> list[str]:
    bad = []
    for char in text:
        category = unicodedata.category(char)
        if category in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            bad.append(repr(char))
    return bad


def assert_screen_safe(app: ReaderApp, *, must_show: tuple[str, ...] = ()) -> None:
    """Nothing interpreted, nothing hidden, no control byte: checked on the screen's strips."""
    assert app.is_running, "the app exited"
    for strip in screen_strips(app):
        for segment in strip:
            assert not _forbidden_characters(segment.text), segment.text
            style = segment.style
            if style is None:
                continue
            assert not style.link, f"a link from text: {style.link}"
            action = str((style.meta or {}).get("@click", ""))
            assert "quit" not in action and "screenshot" not in action, action
    # The bytes Textual would write for this screen: only SGR and cursor moves.
    console = Console(
        width=app.size.width,
        height=app.size.height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        legacy_windows=False,
    )
    console.print(app.screen._compositor.render_update(full=True))
    output = console.file.getvalue()  # type: ignore[attr-defined]
    leftover = _ALLOWED_SEQUENCE.sub("", output)
    assert "\x1b" not in leftover and not re.search("[\x80-\x9f]", leftover)
    assert not _forbidden_characters(leftover.replace("\n", "").replace("\r", ""))
    text = screen_text(app)
    for literal in must_show:
        assert literal in text, f"{literal!r} is not shown literally"


@pytest.fixture
def hostile_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ReaderApp:
    """An app on a corpus whose folder, files, and articles all carry hostile text."""
    (tmp_path / SCREENSHOT_DIR).mkdir()
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / FOLDER_NAME
    folder.mkdir()
    # Through real ingestion: markup stays as text (a file with control bytes
    # would be skipped as binary; controls are put back in below).
    markup = " ".join(MARKUP)
    write_article(
        folder,
        "h1",
        f"제목 {markup} 기사",
        (f"첫 문단 {markup} 배경훈 원장.", "둘째 문단."),
        date="2024-05-02 09:30",
    )
    write_article(
        folder,
        "h2",
        "평범한 기사의 제목이다",
        ("배경훈 원장은 말했다. 다른 문장이다.",),
        date="2024-05-03 09:30",
    )
    # A file that cannot be read, with a hostile name: shown as skipped.
    (folder / FILE_NAME).write_bytes(b"\x00\xff\x00\xfe" * 64)
    real_load = load_corpus

    def load_with_raw_text(*args: object, **kwargs: object) -> Corpus:
        """The real corpus, then raw hostile text put back in (as if store had missed it)."""
        corpus = real_load(*args, **kwargs)  # type: ignore[arg-type]
        articles = []
        for article in corpus.articles:
            if article.id == "h1":
                paragraphs = (f"본문 {HOSTILE} 끝", "[bold]굵게[/bold] 배경훈")
                body = "\n\n".join(paragraphs)
                start = body.index("[bold]굵게[/bold]")
                mention = Mention(
                    "h1",
                    start,
                    start + len("[bold]굵게[/bold]"),
                    "[bold]굵게[/bold]",
                    f"엔티티 {CLICK_QUIT}",
                    "PERSON",
                )
                article = dataclasses.replace(
                    article,
                    title=f"제목 {HOSTILE}",
                    outlet=f"{LINK} 아웃렛 \x1b]52;c;QUJD\x07",
                    reporters=(Reporter("기자 [/b] \x9b2J", f"{CLICK_QUIT}@x.com"),),
                    paragraphs=paragraphs,
                    removed=(
                        Removed(
                            f"삭제 [/] \x1b[6n {CLICK_SHOT}",
                            "boilerplate",
                            f"상세 {CLICK_SHOT} \u202e",
                        ),
                    ),
                    mentions=(mention,),
                )
            articles.append(article)
        return Corpus(corpus.directory, tuple(articles), corpus.skipped, corpus.groups)

    # The screen imports the loader when it starts loading, from `store.corpus`.
    monkeypatch.setattr(store.corpus, "load_corpus", load_with_raw_text)
    return app_for(folder, tmp_path / "cache", finder=StubFinder())


async def test_hostile_text_is_shown_literally_everywhere(
    hostile_app: ReaderApp, tmp_path: Path
) -> None:
    app = hostile_app
    async with app.run_test(size=(140, 40)) as pilot:
        await loaded(app, pilot)
        # Status bar (folder name), list rows, skipped-file notification.
        assert_screen_safe(app, must_show=("[@click=app.quit]q corpus", "제목 [bold]굵게 [/] [/b]"))
        assert any("[link=file:etc]pw [bold]b" in n.message for n in app._notifications)
        # Reader: header, body with an entity whose surface is markup, removed view.
        app.main_screen.open_article("h1")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert_screen_safe(
            app,
            must_show=(
                "본문 [bold]굵게 [/] [/b] [@click=app.quit]x[/]",
                "[link=file:///etc/passwd]pw[/link] 아웃렛",
                "?]0;window",  # controls drawn as '?', never sent
                "?[6n",
                "기자 [/b]",
                "[bold]굵게[/bold] 배경훈",
                "[boilerplate: 상세",
                "[@click=app.screenshot('f.svg','SHOTDIR')]shot[/]]",
                "삭제 [/]",
            ),
        )
        body = app.screen.query_one(ArticleBody)
        # Control characters that reached the body are drawn as '?', offsets intact.
        assert len(body.body_layout.display) == len(body.body_layout.body)
        # Caret line and sidebar: the entity named with markup.
        await pilot.press("G", "left", "left", "left", "left", "enter")
        await pilot.pause()
        tree = app.screen.query_one(EntityTree)
        tree.select_entity(f"엔티티 {CLICK_QUIT}")
        mentions = app.screen.query_one(MentionList)
        app.main_screen.follow_entity(f"엔티티 {CLICK_QUIT}")
        await pilot.pause()
        assert mentions.count == 1
        assert_screen_safe(app, must_show=(f"엔티티 {CLICK_QUIT}", "[bold]굵게[/bold]"))
        # Search: a hostile query, and results whose titles and context are hostile.
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press(*"[/b]")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.result is not None and app.screen.result.hits
        assert_screen_safe(app, must_show=("[/b]",))
        await pilot.press("escape")
        # The palette, searched by a title full of markup.
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"제목 [")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert_screen_safe(app, must_show=("Open: 제목 [bold]굵게",))
        await pilot.press("escape")
        await pilot.pause()
        # Help.
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert_screen_safe(app)
        await pilot.press("escape")
        # Clicking on the hostile text runs nothing and writes nothing.
        app.main_screen.open_article("h1")
        await pilot.pause()
        await pilot.click(ArticleBody, offset=(8, 0))
        await pilot.click("#reader-header", offset=(10, 0))
        await pilot.pause()
        assert app.is_running
    assert not any((tmp_path / SCREENSHOT_DIR).iterdir()), "a screenshot was written"
    assert not (tmp_path / "f.svg").exists()


async def test_notify_and_worker_errors_show_text_as_data(tmp_path: Path) -> None:
    app = app_for(tmp_path / "[@click=app.quit]x missing [b]", tmp_path / "cache")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        # The load failed: the error names the hostile folder, literally, without crashing.
        assert any("[@click=app.quit]x missing [b]" in n.message for n in app._notifications)
        assert_screen_safe(app, must_show=("[@click=app.quit]x missing [b]",))


# -- notes, tags and user names ----------------------------------------------------

HOSTILE_TAGS = [CLICK_QUIT, LINK, "[/b]", "태그\x1b]52;c;QUJD\x07", "\u202e역방향\u200b"]


def _raw_notes_file(path: Path, article: Article, quote: str) -> None:
    """A notes file written by hand (not through NoteBook): raw controls in every text field."""
    start = article.body.index(quote)
    document = {
        "id": "raw0000000000001",
        "quote": quote,
        "prefix": article.body[max(0, start - 8) : start],
        "suffix": article.body[start + len(quote) : start + len(quote) + 8],
        "start": start,
        "end": start + len(quote),
        "content_hash": article.content_hash,
        "note": f"손으로 쓴 {HOSTILE}",
        "tags": HOSTILE_TAGS,
        "created": "2024-01-01T00:00:00.000+00:00",
        "updated": "2024-01-01T00:00:00.000+00:00",
    }
    tables = {
        "notes": {"1": document},
        "article": {"1": {"tags": [f"기사 {CLICK_QUIT}", "\x9b2J"]}},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(tables, ensure_ascii=False), encoding="utf-8")


async def test_hostile_notes_and_tags_are_shown_literally_everywhere(tmp_path: Path) -> None:
    data = tmp_path / "data"
    app = notes_app(tmp_path)
    seen = record_notifications(app)
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await loaded(app, pilot)
        articles = app.main_screen.articles
        a1, a2 = articles["a1"], articles["a2"]
        quote = "배경훈 원장은"
        start = a1.body.index(quote)
        NoteBook(data, "kim").add_note(
            "a1", a1.body, a1.content_hash, start, start + len(quote), HOSTILE, HOSTILE_TAGS
        )
        _raw_notes_file(data / "users" / "kim" / "articles" / "a2.json", a2, "계획을 밝혔다")
        other_quote = "엑사원은 CES에서도"
        other_start = a1.body.index(other_quote)
        NoteBook(data, "lee").add_note(
            "a1", a1.body, a1.content_hash, other_start, other_start + 4, f"이 {HOSTILE}"
        )
        app.main_screen.refresh_notes()
        await settled(app, pilot)
        # The list (full width at 80 columns): the article's tags after its title.
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert_screen_safe(app, must_show=("#기사 [@click=app.quit…",))  # cut to fit
        await pilot.resize_terminal(140, 40)
        await pilot.pause()
        # The reader: marks, and the caret line naming the note under the caret.
        app.main_screen.open_article("a1")
        await pilot.pause()
        body = app.screen.query_one(ArticleBody)
        body.move_caret(start + 1)
        await pilot.press("O")  # others' notes too, in their own colour
        await settled(app, pilot)
        assert body.annotation_at(start) and body.annotation_at(other_start)
        app.clear_notifications()  # toasts would cover the caret line
        await pilot.pause()
        assert_screen_safe(app, must_show=("note (e opens · d deletes) [bold]굵게",))
        # The note editor: quote, text, tags, known tags.
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        assert_screen_safe(app, must_show=("[bold]굵게 [/] [/b] [@click=app.quit]x[/]", "#[/b]"))
        assert "\x1b" not in app.screen.text and "\u202e" not in app.screen.text
        await pilot.press("escape")
        await pilot.pause()
        # Another user's note, read-only.
        body.move_caret(other_start + 1)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor) and app.screen.read_only
        assert_screen_safe(app, must_show=("Note by lee", "이 [bold]굵게"))
        await pilot.press("escape")
        await pilot.pause()
        # The tag editor, with a hostile tag typed in; the notification lists the tags.
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TagEditor)
        await pilot.press(*", [/b] [@click=app.quit]y[/]")
        assert_screen_safe(app, must_show=("[/b] [@click=app.quit]y[/]",))
        await pilot.press("enter")
        await settled(app, pilot)
        assert any("#[@click=app.quit]y[/]" in message for message in seen)
        assert_screen_safe(app, must_show=("#[@click=app.quit]y[/]",))  # in the toast
        # My notes, by article and by tag.
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MyNotesScreen)
        assert_screen_safe(app, must_show=("손으로 쓴 [bold]굵게", "by lee · read-only"))
        await pilot.press("t")
        await pilot.pause()
        assert_screen_safe(app, must_show=("#[@click=app.quit]x[/]", "#태그", "#역방향"))
        await pilot.press("escape")
        await pilot.pause()
        # A deletion's notification quotes the passage.
        body.move_caret(start + 1)
        await pilot.press("d")
        await settled(app, pilot)
        assert any("u undoes" in message for message in seen)
        assert_screen_safe(app)
        for message in seen:
            assert not _forbidden_characters(message.replace("\n", "")), message


async def test_a_hostile_user_name_is_refused_and_shown_as_text(tmp_path: Path) -> None:
    name = f"{CLICK_QUIT} \x1b[2J\u202e{LINK}"
    app = notes_app(tmp_path, user=name)
    seen = record_notifications(app)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await loaded(app, pilot)
        await settled(app, pilot)
        assert any(message.startswith("Notes Notes are off: invalid user name") for message in seen)
        assert_screen_safe(app, must_show=("you: [@click=app.quit]x[/] [… notes read-only",))
        app.main_screen.open_article("a1")
        await pilot.pause()
        await pilot.press("v", "w", "a")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert "Cannot save notes: invalid user name" in seen[-1]
        assert_screen_safe(app)
        assert not (tmp_path / "data" / "users").exists()
