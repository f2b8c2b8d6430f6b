"""Cleaning, tried on hand-written articles from outlets and layouts not in the seeds.

Each fixture is a raw scrape (in its own encoding and line endings) and the
clean result a careful reader expects; see tests/fixtures/articles/README.md.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from store.ingest import analyse_bytes, content_hash
from store.model import Article
from store.text import collapse_spaces
from tests.conftest import FIXTURES

ARTICLES = FIXTURES / "articles"
EXPECTATIONS = sorted(ARTICLES.glob("*.expected.json"))
KOREAN_LEGACY = {"cp949", "euc-kr"}  # CP949 extends EUC-KR: the same bytes for common text


def _load(expectation: Path) -> tuple[Article, dict[str, Any]]:
    raw = expectation.with_name(expectation.name.replace(".expected.json", ".txt"))
    data = raw.read_bytes()
    article = analyse_bytes(raw, data, content_hash(data))
    assert isinstance(article, Article), article
    return article, json.loads(expectation.read_text(encoding="utf-8"))


def test_there_are_at_least_six_fixture_articles_covering_every_noise_class() -> None:
    noise: set[str] = set()
    encodings: set[str] = set()
    for expectation in EXPECTATIONS:
        spec = json.loads(expectation.read_text(encoding="utf-8"))
        noise.update(spec["noise"])
        encodings.add(spec["encoding"])
    assert len(EXPECTATIONS) >= 6
    assert {
        "menu",
        "widget",
        "related",
        "blog-footer",
        "copyright",
        "caption",
        "byline",
        "body-twice",
        "headline-repeat",
        "summary-repeat",
        "run-on",
    } <= noise
    assert {"utf-8", "utf-8-sig", "cp949", "euc-kr"} <= encodings


@pytest.mark.parametrize("expectation", EXPECTATIONS, ids=lambda p: p.name.split(".")[0])
def test_metadata(expectation: Path) -> None:
    article, spec = _load(expectation)
    if spec["encoding"] in KOREAN_LEGACY:
        assert article.encoding in KOREAN_LEGACY
    else:
        assert article.encoding == spec["encoding"]
    assert article.title == spec["title"]
    assert article.outlet == spec["outlet"]
    assert article.date == spec["date"]
    assert [r.to_json() for r in article.reporters] == spec["reporters"]
    assert article.empty is spec["empty"]


@pytest.mark.parametrize("expectation", EXPECTATIONS, ids=lambda p: p.name.split(".")[0])
def test_clean_body(expectation: Path) -> None:
    article, spec = _load(expectation)
    if "body_text" in spec:  # a run-on scrape: re-paragraphed at sentence ends
        assert " ".join(article.paragraphs) == spec["body_text"]
        assert len(article.paragraphs) >= 3
        assert all(len(p) <= 700 for p in article.paragraphs)
    else:
        assert list(article.paragraphs) == spec["paragraphs"]


@pytest.mark.parametrize("expectation", EXPECTATIONS, ids=lambda p: p.name.split(".")[0])
def test_what_was_cut_is_kept_with_its_reason(expectation: Path) -> None:
    article, spec = _load(expectation)
    for cut in spec["removed"]:
        snippet = collapse_spaces(cut["contains"])
        reasons = {r.reason for r in article.removed if snippet in collapse_spaces(r.text)}
        assert cut["reason"] in reasons, f"{snippet!r} not removed as {cut['reason']}"
        assert snippet not in article.body
