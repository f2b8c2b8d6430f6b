"""Kiwi in a child process: the same mentions as in-process, and no child left behind."""

from __future__ import annotations

import dataclasses
import io
import os
import pickle
import signal
from pathlib import Path

import pytest

from store.corpus import default_corpus_dir, default_finder, load_corpus
from store.kiwi_process import AnalysisError, ChildProcessFinder, _serve
from store.model import Article
from tests.app_support import process_gone, seed_cache

pytestmark = pytest.mark.slow


def _seed_articles() -> list[Article]:
    return list(load_corpus(cache_dir=seed_cache()).articles)


def _finder() -> ChildProcessFinder:
    directory = default_corpus_dir()
    return ChildProcessFinder(default_finder(directory, None))


def test_the_child_finds_the_same_mentions_as_kiwi_in_this_process() -> None:
    articles = _seed_articles()
    finder = _finder()
    assert finder.key == default_finder(default_corpus_dir(), None).key  # same cache entries
    found = list(finder.find(articles))
    assert [article.id for article, _ in found] == [article.id for article in articles]
    in_process = default_finder(default_corpus_dir(), None).find(articles)
    expected = {article.id: mentions for article, mentions in in_process}
    for article, mentions in found:
        assert mentions == expected[article.id], article.id
    assert sum(len(mentions) for _, mentions in found) > 100
    assert finder.child_pid is None


def test_no_child_is_started_for_no_articles() -> None:
    finder = _finder()
    assert list(finder.find([])) == []
    assert finder.child_pid is None


def test_closing_early_stops_the_child() -> None:
    finder = _finder()
    results = finder.find(_seed_articles())
    next(results)
    pid = finder.child_pid
    assert pid is not None and not process_gone(pid)
    results.close()
    assert process_gone(pid)
    assert finder.child_pid is None


def _many_articles(count: int) -> list[Article]:
    """Enough text that the child is still busy a moment after its first answer."""
    seeds = _seed_articles()
    return [
        dataclasses.replace(seeds[index % len(seeds)], id=f"copy-{index:04d}")
        for index in range(count)
    ]


def test_a_child_that_dies_is_an_error_with_its_status() -> None:
    finder = _finder()
    results = finder.find(_many_articles(400))
    next(results)
    assert finder.child_pid is not None
    os.kill(finder.child_pid, signal.SIGKILL)
    with pytest.raises(AnalysisError, match=r"exited early \(status -9\)"):
        for _ in results:
            pass
    assert finder.child_pid is None


def test_an_error_in_the_child_is_sent_back_as_a_message() -> None:
    """The child's own loop, on pipes in memory: a body that is not text makes Kiwi raise."""
    gazetteer = default_finder(default_corpus_dir(), None).gazetteer
    stream = io.BytesIO()
    for item in ((gazetteer, -1), ("a1", 42), None):
        pickle.dump(item, stream)
    stream.seek(0)
    answers = io.BytesIO()
    assert _serve(stream, answers) == 1
    answers.seek(0)
    kind, message = pickle.load(answers)
    assert kind == "error" and message.split(":")[0].endswith("Error")
    with pytest.raises(EOFError):
        pickle.load(answers)  # nothing after the error


def test_a_cold_load_with_the_child_finder_matches_the_in_process_cache(tmp_path: Path) -> None:
    corpus = load_corpus(cache_dir=tmp_path / "cache", finder=_finder())
    reference = load_corpus(cache_dir=seed_cache())
    assert [article.id for article in corpus] == [article.id for article in reference]
    for article, expected in zip(corpus, reference, strict=True):
        assert list(article.mentions) == list(expected.mentions), article.id


def test_stop_kills_the_child_under_way_and_refuses_new_work() -> None:
    finder = _finder()
    results = finder.find(_many_articles(400))
    next(results)
    pid = finder.child_pid
    assert pid is not None
    finder.stop()  # the app calls this from its event loop while a thread reads the results
    with pytest.raises(AnalysisError):
        for _ in results:
            pass
    assert process_gone(pid)
    with pytest.raises(AnalysisError, match="stopped"):
        next(finder.find(_seed_articles()))
    assert finder.child_pid is None
