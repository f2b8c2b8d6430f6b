"""Start-up: the window is usable before analysis ends; a warm start never loads Kiwi."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import AsyncIterator, Iterable, Iterator
from pathlib import Path

import pytest
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import ProgressBar, Static

import store.listing
from store.model import Article, Mention
from tests.app_support import (
    FIRST_PARAGRAPHS,
    REPO_ROOT,
    StubFinder,
    app_for,
    at_first_frame,
    entity_corpus,
    loaded,
    process_gone,
    record_notifications,
    screen_text,
    seed_cache,
    wait_until,
    write_article,
)
from tui.screens.main import MainScreen
from tui.widgets.article_table import ArticleTable
from tui.widgets.reader import Reader
from tui.widgets.status import StatusBar
from tui.workers import LoadBatch, ProgressRelay


class GatedFinder(StubFinder):
    """Finds mentions like the stub, but holds after the first article until released."""

    def __init__(self) -> None:
        super().__init__()
        self.first_done = threading.Event()
        self.release = threading.Event()

    def find(self, articles: Iterable[Article]) -> Iterator[tuple[Article, tuple[Mention, ...]]]:
        for number, found in enumerate(super().find(articles)):
            if number == 1:
                self.first_done.set()
                assert self.release.wait(30), "the test never released the finder"
            yield found

    @contextlib.asynccontextmanager
    async def held(self, pilot: Pilot[None]) -> AsyncIterator[None]:
        """The app with its first article analysed, the rest held until the block ends."""
        try:
            # Awaited, not waited on: the app starts loading after its first frame.
            await wait_until(pilot, self.first_done.is_set, 30, "the first article analysed")
            await pilot.pause()
            yield
        finally:
            self.release.set()


async def test_the_list_fills_while_articles_are_analysed(tmp_path: Path) -> None:
    finder = GatedFinder()
    messages: list[Message] = []
    app = app_for(entity_corpus(tmp_path / "corpus"), tmp_path / "cache", finder=finder)
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        async with finder.held(pilot):
            screen = app.main_screen
            # One article analysed: it is listed, the bar shows progress, the app is usable.
            assert screen.corpus is None
            table = app.screen.query_one(ArticleTable)
            assert [row.id for row in table.rows] == ["a1"]
            status = app.screen.query_one(StatusBar)
            bar = app.screen.query_one(ProgressBar)
            assert status.has_class("-loading") and bar.display
            assert (bar.progress, bar.total) == (1, 4)
            status_text = str(app.screen.query_one("#status-text", Static).render())
            assert "1 ready · analysing with Kiwi…" in status_text
            await pilot.press("question_mark")  # the keys work meanwhile
            await pilot.pause()
            await pilot.press("escape")
        await loaded(app, pilot)
        assert len(table.rows) == 4
        assert not status.has_class("-loading")
        batches = [m.batch for m in messages if isinstance(m, MainScreen.ArticlesLoaded)]
        assert batches[0].stage and not batches[0].articles  # first: what is being done
        with_articles = [batch for batch in batches if batch.articles]
        assert with_articles[0].articles[0].id == "a1"  # then the first article


async def test_at_80_columns_the_status_line_shows_the_stage_and_the_percentage(
    tmp_path: Path,
) -> None:
    finder = GatedFinder()
    app = app_for(entity_corpus(tmp_path / "corpus"), tmp_path / "cache", finder=finder)
    async with app.run_test(size=(80, 24)) as pilot:
        async with finder.held(pilot):
            status_line = screen_text(app).splitlines()[0]
            assert "1 ready · analysing with Kiwi…" in status_line
            assert status_line.rstrip().endswith("25%")
        await loaded(app, pilot)


async def test_a_search_while_loading_says_it_covers_only_the_articles_ready(
    tmp_path: Path,
) -> None:
    finder = GatedFinder()
    app = app_for(entity_corpus(tmp_path / "corpus"), tmp_path / "cache", finder=finder)
    async with app.run_test(size=(120, 40)) as pilot:
        async with finder.held(pilot):
            await pilot.press("slash", *"엑사원")
            summary = await _search_summary(pilot)
            assert "still loading: searched the 1 article ready" in summary
            assert re.search(r"\bhits? in 1 article\b", summary)  # a1 is the one analysed so far
            await pilot.press("escape")
        await loaded(app, pilot)
        await pilot.press("slash", *"엑사원")
        summary = await _search_summary(pilot)
        assert "still loading" not in summary and re.search(r"\bhits? in 2 articles\b", summary)


async def _search_summary(pilot: Pilot[None]) -> str:
    """The search screen's summary once the query's results are in (the loader may be held)."""

    def summary() -> str:
        return str(pilot.app.screen.query_one("#search-summary", Static).render())

    def found() -> bool:
        return re.search(r"\bhits? in\b", summary()) is not None or "no match" in summary()

    await wait_until(pilot, found, what="hits")
    return summary()


def test_progress_relay_sends_the_first_article_at_once_then_batches() -> None:
    from store.corpus import LoadProgress

    sent: list[LoadBatch] = []
    now = [0.0]
    relay = ProgressRelay(lambda batch: sent.append(batch), interval=1.0, clock=lambda: now[0])
    articles = [object() for _ in range(5)]
    for done, article in enumerate(articles[:4], start=1):
        relay(LoadProgress(done, 5, article))  # type: ignore[arg-type]
    assert [len(batch.articles) for batch in sent] == [1]
    now[0] = 1.5
    relay(LoadProgress(5, 5, articles[4]))  # type: ignore[arg-type]
    assert [len(batch.articles) for batch in sent] == [1, 4]
    assert (sent[-1].done, sent[-1].total) == (5, 5)
    relay(LoadProgress(5, 5, stage="loading Kiwi"))
    assert sent[-1].stage == "loading Kiwi" and not sent[-1].articles  # said at once


def _start_in_a_fresh_interpreter(cache: Path) -> list[str]:
    """Run the app headless on the bundled corpus until loaded; what it printed, by line.

    It prints which of the modules a start defers were imported with the app,
    each article's mention count, whether the cycle collector runs again, the
    screens opened on demand that were imported, and last whether
    kiwipiepy was imported in the app's own process. It starts the app as the
    command does (`tui.cli.open_app`).
    """
    script = textwrap.dedent(
        f"""
        import asyncio, gc, sys
        from tui.cli import open_app

        async def main():
            app = open_app(cache_dir={str(cache)!r}, user="reader")
            later = ("store.corpus", "store.search", "store.annotations", "tinydb")
            print("imported before the first frame", [m for m in later if m in sys.modules])
            async with app.run_test(size=(100, 30)) as pilot:
                await pilot.pause()
                await app.workers.wait_for_complete()
                await pilot.pause()
                assert app.main_screen.load_error is None, app.main_screen.load_error
                for article in app.main_screen.corpus:
                    print("mentions", article.id, len(article.mentions))
                print("collector enabled", gc.isenabled())
                on_demand = (
                    "confirm", "filter", "help", "my_notes", "note_editor", "search", "tag_editor"
                )
                imported = [name for name in on_demand if f"tui.screens.{{name}}" in sys.modules]
                print("screens imported", imported)
            print("kiwi loaded", "kiwipiepy" in sys.modules)

        asyncio.run(main())
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def _in_process_mention_counts() -> list[str]:
    from store import load_corpus

    counts = [f"mentions {a.id} {len(a.mentions)}" for a in load_corpus(cache_dir=seed_cache())]
    assert len(counts) == 5 and all(not row.endswith(" 0") for row in counts)
    return counts


@pytest.mark.slow
def test_a_warm_start_never_imports_kiwi(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    shutil.copytree(seed_cache(), cache)
    printed = _start_in_a_fresh_interpreter(cache)
    assert [row for row in printed if row.startswith("mentions")] == _in_process_mention_counts()
    assert "collector enabled True" in printed
    assert "screens imported []" in printed  # each is imported when first opened
    # The loader, search and the notes database are imported after the first frame.
    assert "imported before the first frame []" in printed
    assert printed[-1] == "kiwi loaded False"


@pytest.mark.slow
def test_a_cold_start_analyses_in_a_child_process(tmp_path: Path) -> None:
    """With an empty cache the app finds every mention, yet never imports kiwipiepy itself.

    (Kiwi's model load holds the interpreter lock for seconds; in the app's
    process it would freeze the screen.) The mentions match an in-process analysis.
    """
    printed = _start_in_a_fresh_interpreter(tmp_path / "cache")
    assert [row for row in printed if row.startswith("mentions")] == _in_process_mention_counts()
    assert printed[-1] == "kiwi loaded False"


@pytest.mark.slow
async def test_quitting_during_analysis_stops_the_child_and_keeps_what_was_done(
    tmp_path: Path,
) -> None:
    from store.kiwi_process import child_process_finder
    from tests.benchmark import generate_corpus

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    generate_corpus(corpus, 300, seed=7)  # minutes of Kiwi on two cores
    finder = child_process_finder(corpus, None)
    cache = tmp_path / "cache"
    app = app_for(corpus, cache, finder=finder)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: len(app.main_screen.articles) >= 1, 120, "one analysed")
        pid = finder.child_pid
        assert pid is not None
        await pilot.press("q")
    deadline = time.monotonic() + 30
    while not process_gone(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process_gone(pid)
    cached = list((cache / "analysis").rglob("*.json"))
    assert 1 <= len(cached) < 300  # what was analysed is kept; the rest was never waited for


class HeldFinder(StubFinder):
    """Finds mentions like the stub, but only once released: analysis is held from the start."""

    def __init__(self) -> None:
        super().__init__()
        self.asked = threading.Event()
        self.release = threading.Event()

    def find(self, articles: Iterable[Article]) -> Iterator[tuple[Article, tuple[Mention, ...]]]:
        self.asked.set()
        assert self.release.wait(30), "the test never released the finder"
        yield from super().find(articles)


async def test_the_first_frame_draws_the_lists_first_page_and_the_rest_follows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first frame reads a few kilobytes of the last list, whatever the corpus size."""
    monkeypatch.setattr(store.listing, "FIRST_PAGE", 2)
    folder, cache = entity_corpus(tmp_path / "corpus"), tmp_path / "cache"
    first = app_for(folder, cache)
    async with first.run_test(size=(120, 40)) as pilot:
        await loaded(first, pilot)
        everything = [row.id for row in first.screen.query_one(ArticleTable).rows]
    assert len(everything) == 4
    app = app_for(folder, cache)

    def first_frame() -> tuple[list[str], str]:
        rows = app.screen.query_one(ArticleTable).rows
        return [row.id for row in rows], screen_text(app)

    frames = at_first_frame(app, first_frame)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        assert [row.id for row in app.screen.query_one(ArticleTable).rows] == everything
    shown, text = frames[0]
    assert shown == everything[:2]  # the top of the list, in its order
    assert "Articles 4 · newest first" in text  # counted as the whole list


async def test_a_second_start_shows_the_last_list_while_it_checks_the_files(
    tmp_path: Path,
) -> None:
    folder, cache = entity_corpus(tmp_path / "corpus"), tmp_path / "cache"
    first = app_for(folder, cache)
    async with first.run_test(size=(120, 40)) as pilot:
        await loaded(first, pilot)
    # Since then, a1 was rewritten under a new title and a4 deleted.
    write_article(folder, "a1", "엑사원 새 소식", FIRST_PARAGRAPHS, date="2024-05-02 09:30")
    (folder / "a4.txt").unlink()
    finder = HeldFinder()
    app = app_for(folder, cache, finder=finder)
    async with app.run_test(size=(120, 40)) as pilot:
        try:
            assert await asyncio.to_thread(finder.asked.wait, 30)
            await pilot.pause()
            screen = app.main_screen
            table = app.screen.query_one(ArticleTable)
            assert screen.corpus is None
            # The last start's list, drawn before a1 is analysed again.
            assert sorted(row.id for row in table.rows) == ["a1", "a2", "a3", "a4"]
            text = screen_text(app)
            assert "엑사원 공개 현장" in text and "엑사원 새 소식" not in text
            # Choosing a1 now opens it as soon as it is read.
            notices = record_notifications(app)
            table.cursor = table.index_of("a1")
            await pilot.press("enter")
            assert any("opens when" in notice for notice in notices)
            assert app.screen.query_one(Reader).article is None
        finally:
            finder.release.set()
        await loaded(app, pilot)
        assert sorted(row.id for row in table.rows) == ["a1", "a2", "a3"]
        reader = app.screen.query_one(Reader)
        assert reader.article is not None and reader.article.title == "엑사원 새 소식"
        assert reader.body.has_focus
        assert "엑사원 새 소식" in screen_text(app)
