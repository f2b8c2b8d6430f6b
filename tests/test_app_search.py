"""Particle-aware search: what a query finds, and where.

How fast it is at 10,000 articles is measured by ``tests/benchmark.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.model import Article
from store.search import SearchIndex, query_pattern, strip_particle


def _article(article_id: str, title: str, *paragraphs: str) -> Article:
    return Article(
        id=article_id,
        path=Path(f"{article_id}.txt"),
        content_hash="0" * 64,
        title=title,
        outlet=None,
        date=None,
        reporters=(),
        paragraphs=paragraphs,
        removed=(),
    )


ARTICLES = [
    _article("a", "연구원 소식", "LG AI연구원은 엑사원을 공개했다.", "연구원과 기자들이 모였다."),
    _article("b", "다른 소식", "기업가 정신에 대한 이야기. 연구소의 발표."),
    _article("c", "EXAONE 3.0 발표", "Exaone은 오픈소스다. LG의 모델."),
]


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("연구원은", "연구원"),
        ("연구원과", "연구원"),
        ("연구원이", "연구원"),
        ("연구원에서는", "연구원"),
        ("엑사원을", "엑사원"),
        ("모델로", "모델"),
        ("서울로", "서울"),  # ㄹ takes 로 like a vowel
        ("AI는", "AI"),
        ("LG의", "LG"),
        ("기업가", "기업가"),  # 가 cannot follow 업 (it has a final consonant)
        ("회의", "회의"),  # the stem would be one syllable
        ("연구원", "연구원"),
    ],
)
def test_strip_particle(word: str, stem: str) -> None:
    assert strip_particle(word) == stem


def test_a_query_with_a_particle_finds_other_particles() -> None:
    index = SearchIndex(ARTICLES)
    for query in ("연구원", "연구원은", "연구원과"):
        hits = index.search(query).hits
        bodies = [ARTICLES[0].body[h.start : h.end] for h in hits if h.field == "body"]
        assert bodies == ["연구원", "연구원"], query  # in '연구원은' and '연구원과'
        assert any(h.field == "title" and h.article == "a" for h in hits)
    # Stripping 은 does not make the query match everything.
    assert {hit.article for hit in index.search("연구원은").hits} == {"a"}


def test_hits_have_body_offsets_and_latin_matches_any_case() -> None:
    index = SearchIndex(ARTICLES)
    result = index.search("exaone의")
    assert {(hit.article, hit.field) for hit in result.hits} == {("c", "title"), ("c", "body")}
    body_hit = next(hit for hit in result.hits if hit.field == "body")
    assert ARTICLES[2].body[body_hit.start : body_hit.end] == "Exaone"
    phrase = index.search("AI연구원은   엑사원을").hits
    assert len(phrase) == 1
    assert ARTICLES[0].body[phrase[0].start : phrase[0].end] == "AI연구원은 엑사원"


def test_empty_and_markup_queries_are_plain_text() -> None:
    index = SearchIndex(ARTICLES)
    assert index.search("   ").hits == ()
    assert query_pattern("[b]") is not None
    assert index.search("[b]").hits == ()
    assert index.search(".*").hits == ()  # not a regular expression


@pytest.mark.parametrize("query", ["연구원", "연구원  연구원"])  # one word; a phrase
def test_limits_count_every_matching_article(query: str) -> None:
    articles = [_article(f"x{i:03d}", "t", "연구원 " * 10) for i in range(50)]
    result = SearchIndex(articles).search(query, per_article=2, limit=30)
    assert len(result.hits) == 30
    assert result.truncated
    assert result.articles == 50
    assert max(sum(1 for h in result.hits if h.article == a.id) for a in articles) == 2


# Words, spacing and particles that make queries match within words, across
# spaces and in titles; few enough that random texts share them.
_WORDS = "연구원 연구원은 엑사원 EXAONE ai AI연구원 모델 고경건 LG의 의"
_PIECES = [*_WORDS.split(), " ", "  ", "\n"]
_ONE_WORD = "연구원 연구원은 엑사원을 exaone ai 고경건 LG 없는말"
_QUERIES = [*_ONE_WORD.split(), "원 엑사", "모델 고경건"]


@settings(max_examples=60, deadline=None)
@given(
    texts=st.lists(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join), max_size=30),
    block_chars=st.integers(min_value=1, max_value=120),
    per_article=st.integers(min_value=1, max_value=3),
    limit=st.integers(min_value=1, max_value=12),
)
def test_the_word_list_changes_no_result(
    texts: list[str], block_chars: int, per_article: int, limit: int
) -> None:
    articles = [_article(f"x{i:02d}", text[:7], text) for i, text in enumerate(texts)]
    index = SearchIndex(articles, block_chars=block_chars)
    before = {q: index.search(q, per_article=per_article, limit=limit) for q in _QUERIES}
    assert index.index_words()
    for query in _QUERIES:
        assert index.search(query, per_article=per_article, limit=limit) == before[query], query


def test_a_rare_word_is_looked_for_only_in_its_block() -> None:
    filler = "연구원은 모델을 공개했다. " * 4
    articles = [_article(f"x{i:02d}", "소식", filler) for i in range(60)]
    articles[41] = _article("x41", "소식", filler + "고경건 연구원")
    index = SearchIndex(articles, block_chars=200)
    assert index.index_words() and index.words_indexed
    ranges = index._ranges(["고경건"])
    assert len(ranges) == 1
    (low, high) = ranges[0]
    assert high - low < len(index._text) // 10  # a few articles, not all sixty
    assert index._text[low:high].count("고경건") == 1
    assert [(hit.article, hit.field) for hit in index.search("고경건").hits] == [("x41", "body")]
    assert index._ranges(["없는말"]) == []
    assert index.search("고경건 연구원").articles == 1


def test_building_the_word_list_can_stop() -> None:
    index = SearchIndex(ARTICLES, block_chars=10)
    assert not index.index_words(stop=lambda: True)
    assert not index.words_indexed
    assert index.search("연구원").articles == 1
