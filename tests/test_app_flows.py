"""The app's main flows, driven with the Pilot and checked on what the user sees."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette
from textual.message import Message
from textual.widgets import Input

from store.model import Article
from tests.app_support import (
    app_for,
    burst,
    entity_corpus,
    loaded,
    republished_corpus,
    screen_text,
    settled,
    wait_until,
)
from tui.commands import ReaderCommands
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.screens.search import SearchScreen
from tui.widgets.article_body import ArticleBody
from tui.widgets.article_table import ArticleTable
from tui.widgets.reader import Reader


async def test_the_list_fills_and_enter_opens_the_article(tmp_path: Path) -> None:
    messages: list[Message] = []
    app = app_for(entity_corpus(tmp_path / "corpus"), tmp_path / "cache")
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await loaded(app, pilot)
        text = screen_text(app)
        for title in ("엑사원 공개 현장", "배경훈 원장 인터뷰", "AI 업계 동향"):
            assert title in text
        assert "(empty)" in text  # the empty article is marked
        table = app.screen.query_one(ArticleTable)
        assert [row.id for row in table.rows][:3] == ["a2", "a1", "a3"]  # newest first
        table.focus()
        await pilot.press("down", "enter")
        await pilot.pause()
        body = app.screen.query_one(ArticleBody)
        assert body.article is not None and body.article.id == "a1"
        assert app.focused is body
        assert "LG AI연구원은 오늘 엑사원을 공개했다." in screen_text(app)
        assert any(
            isinstance(m, ArticleTable.ArticleChosen) and m.article_id == "a1" for m in messages
        )
        # Loading was reported in batches from the worker, then the whole corpus.
        assert any(isinstance(m, MainScreen.ArticlesLoaded) for m in messages)
        # (the hook may see a message more than once: count distinct ones)
        assert len({id(m) for m in messages if isinstance(m, MainScreen.CorpusReady)}) == 1


async def test_removed_view_toggles_with_reasons(tmp_path: Path) -> None:
    app = app_for(entity_corpus(tmp_path / "corpus"), tmp_path / "cache")
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        app.main_screen.open_article("a1")
        await pilot.pause()
        assert "Removed by cleaning" not in screen_text(app)
        await pilot.press("r")
        await pilot.pause()
        text = screen_text(app)
        assert "Removed by cleaning" in text
        assert "[metadata: headline] 엑사원 공개 현장" in text
        assert "[metadata: dateline or byline] 홍길동 기자 gildong@hankyung.com" in text
        await pilot.press("r")
        await pilot.pause()
        assert "Removed by cleaning" not in screen_text(app)


async def test_an_empty_article_shows_what_was_removed(tmp_path: Path) -> None:
    app = app_for(entity_corpus(tmp_path / "corpus"), tmp_path / "cache")
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        app.main_screen.open_article("a4")
        await pilot.pause()
        text = screen_text(app)
        assert "empty: nothing readable after cleaning" in text
        assert app.screen.query_one(Reader).show_removed


async def test_republished_story_is_one_row_with_also_in(tmp_path: Path) -> None:
    app = app_for(republished_corpus(tmp_path / "corpus"), tmp_path / "cache")
    async with app.run_test(size=(140, 30)) as pilot:
        await loaded(app, pilot)
        table = app.screen.query_one(ArticleTable)
        assert sorted(row.id for row in table.rows) == ["yonhap_cp949", "zdnet_euckr"]
        assert "also in 뉴시스" in screen_text(app)
        app.main_screen.open_article("zdnet_euckr")
        await pilot.pause()
        assert "also in 뉴시스" in str(app.screen.query_one("#reader-header").render())


async def test_sort_and_filters(tmp_path: Path) -> None:
    app = app_for(entity_corpus(tmp_path / "corpus"), tmp_path / "cache")
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        table = app.screen.query_one(ArticleTable)
        table.focus()
        assert [row.id for row in table.rows] == ["a2", "a1", "a3", "a4"]
        await pilot.press("s")  # oldest first
        assert [row.id for row in table.rows] == ["a3", "a1", "a2", "a4"]
        assert "oldest first" in screen_text(app)
        await pilot.press("s")  # by outlet: 매일경제, 조선일보, 한국경제, then none
        assert [row.outlet for row in table.rows] == ["매일경제", "조선일보", "한국경제", ""]
        # Filter by entity through the filter screen: type to narrow, Enter picks.
        await pilot.press("f")
        await pilot.pause()
        await pilot.press(*"entity: 서울")
        await pilot.press("enter")
        await pilot.pause()
        assert sorted(row.id for row in table.rows) == ["a1", "a2"]
        assert "entity 서울" in screen_text(app)
        # And by outlet, on top of it.
        await pilot.press("f")
        await pilot.pause()
        await pilot.press(*"outlet: 조선")
        await pilot.press("enter")
        await pilot.pause()
        assert [row.id for row in table.rows] == ["a2"]
        await pilot.press("F")  # clear
        assert len(table.rows) == 4
        # Full width (one pane at 80 columns) the list has column headings:
        # a click on Date sorts by date again.
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert "Date       Outlet     Title" in screen_text(app)
        await pilot.click(ArticleTable, offset=(2, 0))
        assert [row.id for row in table.rows] == ["a2", "a1", "a3", "a4"]


async def test_search_is_particle_aware_and_enter_jumps_to_the_hit(tmp_path: Path) -> None:
    app = app_for(entity_corpus(tmp_path / "corpus"), tmp_path / "cache")
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"연구원은")
        await app.workers.wait_for_complete()
        await pilot.pause()
        search = app.screen
        assert isinstance(search, SearchScreen)
        assert search.result is not None
        # After the first search, the word list was built in the background.
        assert app.search_index(tuple(app.main_screen.articles.values())).words_indexed
        found = {(hit.article, hit.field) for hit in search.result.hits}
        # 연구원은 also finds 연구원과 (a1, second paragraph) and 연구원은 in a3.
        assert ("a1", "body") in found and ("a3", "body") in found
        text = screen_text(app)
        assert "연구원과 기자들이 모였다" in text
        await pilot.press("down")  # to the results
        second = search.result.hits[1]
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        body = app.screen.query_one(ArticleBody)
        assert body.article is not None and body.article.id == second.article
        assert body.caret == second.start
        assert body.mark == (second.start, second.end)
        assert body.article.body[second.start : second.end] == "연구원"
        # The query is remembered for the next search.
        await pilot.press("slash")
        await pilot.pause()
        assert app.screen.query_one("#search-input", Input).value == "연구원은"


async def test_keys_read_in_one_burst_go_where_they_were_meant(tmp_path: Path) -> None:
    """Over SSH, or typing ahead, several keys come in one read: none may be lost or misplaced."""
    app = app_for(entity_corpus(tmp_path / "corpus"), tmp_path / "cache")
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        burst(app, "slash", *"연구원은")

        def searched(query: str) -> bool:
            screen = app.screen
            return isinstance(screen, SearchScreen) and bool(
                screen.result and screen.result.query == query
            )

        await wait_until(pilot, lambda: searched("연구원은"), what="the typed-ahead search")
        search = app.screen
        assert isinstance(search, SearchScreen) and search.result is not None
        second = search.result.hits[1]
        burst(app, "down", "down", "enter")  # into the results, one down, open
        await settled(app, pilot)
        body = app.screen.query_one(ArticleBody)
        assert body.article is not None and body.article.id == second.article
        assert body.caret == second.start
        # What is typed ahead replaces the remembered query, as it does typed slowly.
        burst(app, "slash", *"서울")
        await wait_until(pilot, lambda: searched("서울"), what="the second search")
        assert app.screen.query_one("#search-input", Input).value == "서울"
        burst(app, "escape", "1", "f", *"outlet: 조선", "enter")
        await settled(app, pilot)
        assert isinstance(app.screen, MainScreen)
        assert [row.id for row in app.screen.query_one(ArticleTable).rows] == ["a2"]
        burst(app, "f", "escape", "s")  # the s after Escape sorts the list below
        await settled(app, pilot)
        assert isinstance(app.screen, MainScreen) and "oldest first" in screen_text(app)


async def test_help_lists_every_binding_of_every_pane(tmp_path: Path) -> None:
    app = app_for(entity_corpus(tmp_path / "corpus"), tmp_path / "cache")
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        app.main_screen.open_article("a1")
        await pilot.pause()
        # What each pane really binds, from Textual's own view of the focused chain.
        expected: dict[str, str] = {}
        for selector in ("#articles", "#body", "#entity-tree", "#mentions"):
            app.main_screen.panes.show_entities = True
            await pilot.pause()
            app.screen.query_one(selector).focus()
            await pilot.pause()
            for key, active in app.screen.active_bindings.items():
                if active.binding.action in {"command_palette"}:
                    continue
                expected[key] = active.binding.description
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        help_text = str(app.screen.query_one("#help-text").render())
        missing = [
            f"{key} ({description})"
            for key, description in expected.items()
            if description and description not in help_text
        ]
        assert not missing, f"help does not list: {missing}"
        for display in ("/", "?", "f1", "^p", "n", "v", "shift+←", "(", "}"):
            assert display in help_text, display
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_command_palette_runs_an_action(tmp_path: Path) -> None:
    app = app_for(entity_corpus(tmp_path / "corpus"), tmp_path / "cache")
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        app.main_screen.open_article("a1")
        await pilot.pause()
        reader = app.screen.query_one(Reader)
        assert not reader.show_removed
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Removed")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert reader.show_removed
        # Articles can be opened by title from the palette too.
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"업계 동향")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert reader.body.article is not None and reader.body.article.id == "a3"


async def test_command_palette_offers_every_bound_action(tmp_path: Path) -> None:
    app = app_for(entity_corpus(tmp_path / "corpus"), tmp_path / "cache")
    async with app.run_test(size=(160, 40)) as pilot:
        await loaded(app, pilot)
        app.main_screen.open_article("a1")
        await pilot.pause()
        bound: set[str] = set()
        for selector in ("#articles", "#body", "#entity-tree", "#mentions"):
            app.screen.query_one(selector).focus()
            await pilot.pause()
            bound |= {
                active.binding.action.removeprefix("screen.")
                for active in app.screen.active_bindings.values()
                if active.binding.action != "command_palette"
            }
        provider = ReaderCommands(app.screen)
        offered = {
            action.removeprefix("screen.") for _text, _help, _target, action in provider._actions()
        }
        assert bound - offered == set()
        assert {"search", "help", "toggle_removed", "step_mention(True)", "cycle_sort"} <= offered


async def test_panes_at_80x24(tmp_path: Path) -> None:
    app = app_for(entity_corpus(tmp_path / "corpus"), tmp_path / "cache")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        screen = app.main_screen
        list_pane = screen.query_one("#list-pane")
        reader_pane = screen.query_one("#reader-pane")
        entity_pane = screen.query_one("#entity-pane")

        def visible() -> set[str]:
            return {w.id or "" for w in (list_pane, reader_pane, entity_pane) if w.display}

        assert screen.panes.narrow
        assert visible() == {"list-pane"}
        await pilot.press("enter")  # open the highlighted article: the reader takes the screen
        await pilot.pause()
        assert visible() == {"reader-pane"}
        assert reader_pane.size.width == 80
        assert "PERSON" in screen_text(app)  # the legend fits
        await pilot.press("3")
        await pilot.pause()
        assert visible() == {"entity-pane"}
        await pilot.press("escape")
        await pilot.pause()
        assert visible() == {"list-pane"}
        await pilot.press("f3")  # toggles the sidebar in and out
        await pilot.pause()
        assert visible() == {"entity-pane"}
        await pilot.press("f3")
        await pilot.pause()
        assert visible() == {"reader-pane"}
        await pilot.press("f2")
        await pilot.pause()
        assert visible() == {"list-pane"}
        # Growing the terminal brings back side-by-side panes.
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert not screen.panes.narrow
        assert {"list-pane", "reader-pane"} <= visible()
        await pilot.press("f2")
        await pilot.pause()
        assert "list-pane" not in visible()


async def test_skipped_files_are_reported(tmp_path: Path) -> None:
    folder = entity_corpus(tmp_path / "corpus")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\xff\xfe\x00" * 50)
    notices: list[str] = []
    app = app_for(folder, tmp_path / "cache")
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        notices = [n.message for n in app._notifications]
        assert any("binary.txt" in message for message in notices)
        assert "1 skipped" in screen_text(app)


async def test_a_missing_corpus_is_a_clear_message_not_a_crash(tmp_path: Path) -> None:
    app = app_for(tmp_path / "nowhere", tmp_path / "cache")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("corpus folder not found" in m for m in messages)
        assert "Cannot load the corpus" in screen_text(app)
        assert app.is_running


class _Notes:
    """An annotation source (the notes store's future adapter): tags, counts, spans."""

    def tags(self, article_id: str) -> tuple[str, ...]:
        return ("interview", "exaone") if article_id == "a2" else ()

    def note_count(self, article_id: str) -> int:
        return 3 if article_id == "a2" else 0

    def spans(self, article: Article) -> list[tuple[int, int]]:
        return [(0, 3)] if article.id == "a2" else []

    def all_tags(self) -> list[str]:
        return ["exaone", "interview"]


async def test_annotation_hook_shows_tags_counts_and_marks_spans(tmp_path: Path) -> None:
    app = app_for(entity_corpus(tmp_path / "corpus"), tmp_path / "cache", annotations=_Notes())
    async with app.run_test(size=(80, 24)) as pilot:  # full-width list: tags and notes columns
        await loaded(app, pilot)
        text = screen_text(app)
        assert "#interview #exaone" in text or "#interview #exa" in text
        row = next(line for line in text.splitlines() if "배경훈 원장 인터뷰" in line)
        assert row.rstrip().endswith("3")  # the note count
        # Filter by tag.
        await pilot.press("f")
        await pilot.pause()
        await pilot.press(*"tag: inter", "enter")
        await pilot.pause()
        assert [row.id for row in app.screen.query_one(ArticleTable).rows] == ["a2"]
        # The annotated span is drawn with the annotation background.
        app.main_screen.open_article("a2")
        await app.workers.wait_for_complete()
        await pilot.pause()
        body = app.screen.query_one(ArticleBody)
        marked = body.get_component_rich_style("article-body--annotation").bgcolor
        first_line = list(body.render_line(0))
        annotated = "".join(s.text for s in first_line if s.style and s.style.bgcolor == marked)
        assert annotated == "배경훈"
