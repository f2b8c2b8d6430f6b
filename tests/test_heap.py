"""The cycle collector is paused while long-lived objects are built, and skips them afterwards."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from store.corpus import load_corpus
from store.gazetteer import Gazetteer
from store.heap import collector_paused, process_lifetime
from store.kiwi_finder import KiwiMentionFinder
from tests.app_support import StubFinder
from tests.conftest import SEEDS


class Node:
    """A container object the cycle collector tracks."""

    def __init__(self) -> None:
        self.links: list[Node] = []


def test_the_collector_is_paused_inside_and_the_objects_are_frozen_after() -> None:
    assert gc.isenabled()
    frozen_before = gc.get_freeze_count()
    with process_lifetime():
        assert not gc.isenabled()
        kept = [Node() for _ in range(1000)]
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen_before + len(kept)
    assert not _walked_by_collections(kept)


def test_a_disabled_collector_stays_disabled() -> None:
    gc.disable()
    try:
        with process_lifetime():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_collector_comes_back_after_an_error() -> None:
    try:
        with process_lifetime():
            raise ValueError("a load that failed")
    except ValueError:
        pass
    assert gc.isenabled()


def test_overlapping_uses_share_one_pause() -> None:
    """The collector stays paused until the last of two overlapping builds ends."""
    inside, release = threading.Event(), threading.Event()

    def other_build() -> None:
        with process_lifetime():
            inside.set()
            release.wait(10)

    thread = threading.Thread(target=other_build)
    with process_lifetime():
        thread.start()
        assert inside.wait(10)
    assert not gc.isenabled()  # the other build is still going
    release.set()
    thread.join(10)
    assert gc.isenabled()


def test_a_pause_for_short_lived_objects_freezes_nothing() -> None:
    frozen_before = gc.get_freeze_count()
    with collector_paused():
        assert not gc.isenabled()
        made = [Node() for _ in range(1000)]
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen_before  # the 1,000 nodes still alive are not frozen
    del made


def test_a_pause_inside_a_lifetime_build_neither_resumes_nor_spoils_its_freeze() -> None:
    frozen_before = gc.get_freeze_count()
    with process_lifetime():
        with collector_paused():
            pass
        assert not gc.isenabled()  # the outer build is still going
        kept = [Node() for _ in range(1000)]
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen_before + len(kept)
    gc.unfreeze()


def test_finding_mentions_pauses_the_collector_until_the_last_article() -> None:
    """The rules run with the collector paused (Kiwi is faked: no model to load)."""
    states: list[bool] = []

    class Kiwi:
        def tokenize(self, texts: Iterable[str]) -> Iterator[list[object]]:
            for _ in texts:
                states.append(gc.isenabled())
                yield []

    finder = KiwiMentionFinder(Gazetteer.load())
    finder.kiwi = Kiwi  # type: ignore[method-assign,assignment]
    found = list(finder.mentions([("a", "본문"), ("b", "본문")]))
    assert found == [(), ()]
    assert states == [False, False]
    assert gc.isenabled()


def test_a_long_lived_warm_load_freezes_the_corpus(tmp_path: Path) -> None:
    finder = StubFinder()  # the mentions do not matter here, only the objects
    load_corpus(SEEDS, cache_dir=tmp_path, finder=finder)  # cold: writes the snapshot
    gc.unfreeze()
    gc.collect()
    corpus = load_corpus(SEEDS, cache_dir=tmp_path, finder=finder, long_lived=True)
    assert gc.isenabled()
    assert not _walked_by_collections(corpus.articles)
    gc.unfreeze()
    short = load_corpus(SEEDS, cache_dir=tmp_path, finder=finder)
    assert _walked_by_collections(short.articles) == len(short)


def _walked_by_collections(objects: Sequence[object]) -> int:
    """How many of ``objects`` a collection would walk: those not frozen."""
    walked = {id(obj) for obj in gc.get_objects()}
    return sum(id(obj) in walked for obj in objects)
