"""Helpers for the app's tests: small on-disk corpora, a Kiwi-free mention finder, waiting.

The tests run the real loading path (files on disk, ``load_corpus``, the
analysis cache) with :class:`StubFinder` in place of Kiwi, so they are fast and
their mentions are known exactly.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.screen import Screen
from textual.strip import Strip

from store.model import Article, EntityType, Mention
from tui.app import ReaderApp, make_app

REPO_ROOT = Path(__file__).resolve().parent.parent
FIXTURE_ARTICLES = Path(__file__).resolve().parent / "fixtures" / "articles"
T = TypeVar("T")

# Names the stub finder knows: surface -> (canonical entity, type).
NAMES: dict[str, tuple[str, EntityType]] = {
    "배경훈": ("배경훈", "PERSON"),
    "LG AI연구원": ("LG AI연구원", "ORG"),
    "엑사원": ("엑사원", "PRODUCT"),
    "EXAONE": ("엑사원", "PRODUCT"),
    "서울": ("서울", "PLACE"),
    "CES": ("CES", "EVENT"),
}


class StubFinder:
    """Finds the known names by plain string search: instant and deterministic."""

    def __init__(self, names: dict[str, tuple[str, EntityType]] | None = None) -> None:
        self.names = dict(names or NAMES)

    @property
    def key(self) -> str:
        digest = hashlib.sha256(repr(sorted(self.names.items())).encode()).hexdigest()
        return f"stub-{digest[:12]}"

    def find(self, articles: Iterable[Article]) -> Iterator[tuple[Article, tuple[Mention, ...]]]:
        for article in articles:
            body = article.body
            found: list[Mention] = []
            taken: set[int] = set()
            for surface in sorted(self.names, key=len, reverse=True):
                entity, entity_type = self.names[surface]
                start = body.find(surface)
                while start != -1:
                    span = set(range(start, start + len(surface)))
                    if not span & taken:
                        taken |= span
                        found.append(
                            Mention(
                                article.id,
                                start,
                                start + len(surface),
                                surface,
                                entity,
                                entity_type,
                            )
                        )
                    start = body.find(surface, start + 1)
            yield article, tuple(sorted(found, key=lambda m: (m.start, m.end)))


@functools.cache
def seed_cache() -> Path:
    """The bundled corpus analysed once per test run with the real (Kiwi) finder.

    Tests copy this folder into their own cache so each starts warm without
    loading Kiwi again. It lives in a temporary folder removed at exit.
    """
    from store import load_corpus

    folder = Path(tempfile.mkdtemp(prefix="lgai-seed-cache-"))
    atexit.register(shutil.rmtree, folder, True)
    load_corpus(cache_dir=folder)
    return folder


def process_gone(pid: int) -> bool:
    """True once process ``pid`` has exited and been reaped."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def write_article(
    folder: Path,
    name: str,
    title: str,
    paragraphs: Sequence[str],
    *,
    byline: str = "홍길동 기자 gildong@hankyung.com",
    date: str | None = None,
) -> Path:
    """Write a scraped-looking article: headline, byline, then the paragraphs."""
    lines = [title, ""]
    if date:
        lines += [f"입력 {date}", ""]
    if byline:
        lines += [byline, ""]
    for paragraph in paragraphs:
        lines += [paragraph, ""]
    path = folder / f"{name}.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


# The first article's paragraphs: mentions of every type, particles after nouns,
# several sentences (for sentence motion) and wide Hangul text (for the caret).
FIRST_PARAGRAPHS = (
    "LG AI연구원은 오늘 엑사원을 공개했다. 배경훈 원장은 서울에서 발표했다.",
    "연구원과 기자들이 모였다. 엑사원은 CES에서도 소개됐다.",
    "배경훈 원장은 다음 모델을 예고했다.",
)


def entity_corpus(folder: Path) -> Path:
    """Three articles whose mentions cross articles, plus an empty one."""
    folder.mkdir(parents=True, exist_ok=True)
    write_article(folder, "a1", "엑사원 공개 현장", FIRST_PARAGRAPHS, date="2024-05-02 09:30")
    write_article(
        folder,
        "a2",
        "배경훈 원장 인터뷰",
        (
            "배경훈 원장은 인터뷰에서 LG AI연구원의 계획을 밝혔다.",
            "그는 엑사원 후속 모델이 서울에서 공개된다고 말했다.",
        ),
        byline="김철수 기자 kim@chosun.com",
        date="2024-06-10 10:00",
    )
    write_article(
        folder,
        "a3",
        "AI 업계 동향",
        ("연구원은 새 모델을 준비 중이다. 다른 기업도 경쟁에 나섰다.",),
        byline="이영희 기자 lee@mk.co.kr",
        date="2023-01-15 08:00",
    )
    write_article(folder, "a4", "빈 기사", (), byline="")
    return folder


def republished_corpus(folder: Path) -> Path:
    """The fixture story republished by a second outlet (grouped as one row)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("zdnet_euckr", "newsis_republish", "yonhap_cp949"):
        shutil.copy(FIXTURE_ARTICLES / f"{name}.txt", folder / f"{name}.txt")
    return folder


def app_for(folder: Path | None, cache: Path, **options: object) -> ReaderApp:
    """The app on ``folder`` with the stub finder and its own cache."""
    options.setdefault("finder", StubFinder())
    return make_app(corpus_dir=folder, cache_dir=cache, **options)  # type: ignore[arg-type]


async def loaded(app: ReaderApp, pilot: Pilot[None]) -> None:
    """Wait until the corpus is loaded and shown (no sleeping)."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert app.main_screen.corpus is not None, "the corpus did not load"


def screen_strips(app: ReaderApp) -> list[Strip]:
    """The screen as Textual will write it: one strip of styled segments per line."""
    return app.screen._compositor.render_strips()


def screen_text(app: ReaderApp) -> str:
    """Everything on the screen now, as plain text lines (what the user reads).

    No-break spaces read as spaces.
    """
    return "\n".join(
        "".join(segment.text for segment in strip) for strip in screen_strips(app)
    ).replace("\u00a0", " ")


async def wait_until(
    pilot: Pilot[None], condition: Callable[[], object], timeout: float = 10.0, what: str = ""
) -> None:
    """Poll ``condition`` (letting the app run) until it is true, or fail after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what or condition}")
        await pilot.pause(0.05)


def at_first_frame(app: ReaderApp, look: Callable[[], T]) -> list[T]:
    """Call ``look`` as ``app`` draws its first frame; what it returns is put in the list.

    For what must be on the screen from the first frame, not a frame later.
    """
    seen: list[T] = []
    display = app._display

    def record(screen: Screen[object], renderable: object) -> None:
        if not seen:
            seen.append(look())
        display(screen, renderable)  # type: ignore[arg-type]

    app._display = record  # type: ignore[method-assign]
    return seen


def burst(app: ReaderApp, *keys: str) -> None:
    """Send ``keys`` as one read from the terminal delivers them (typed ahead, or over SSH).

    ``Pilot.press`` waits for the app to go idle after each key; a burst does not.
    Keys are Textual key names or single characters (sent with their key name).
    """
    assert app._driver is not None
    for key in keys:
        # A character is sent under its key name (" " is "space"), as Textual's parser does.
        name = _character_to_key(key) if len(key) == 1 else key
        event = events.Key(name, key if len(key) == 1 else None)
        event.set_sender(app)
        app._driver.send_message(event)


async def settled(app: ReaderApp, pilot: Pilot[None]) -> None:
    """Let posted messages and running workers (a write, then its reload) finish."""
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


def notes_app(tmp_path: Path, user: str = "kim", **options: object) -> ReaderApp:
    """The app on the entity corpus with a real notes folder (``tmp_path/data``) for ``user``."""
    folder = tmp_path / "corpus"
    if not folder.exists():
        entity_corpus(folder)
    options.setdefault("data_dir", tmp_path / "data")
    return app_for(folder, tmp_path / "cache", user=user, **options)


def notifications(app: ReaderApp) -> list[str]:
    """The messages of the notifications shown so far (titles included)."""
    return [f"{n.title} {n.message}" for n in app._notifications]


def record_notifications(app: ReaderApp) -> list[str]:
    """Every notification from now on, as 'title message' (kept after it leaves the screen)."""
    seen: list[str] = []
    original = app.notify

    def notify(message: str, *, title: str = "", **options: object) -> None:
        seen.append(f"{title} {message}".strip())
        original(message, title=title, **options)  # type: ignore[arg-type]

    app.notify = notify  # type: ignore[method-assign]
    return seen
