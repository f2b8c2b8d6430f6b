"""Cleaning on the five bundled seed articles: what a reader of each page expects."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.ingest import analyse_bytes, content_hash
from store.model import Article
from tests.conftest import SEEDS


def _clean(prefix: str) -> Article:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    data = path.read_bytes()
    article = analyse_bytes(path, data, content_hash(data))
    assert isinstance(article, Article)
    return article


def _removed(article: Article, reason: str) -> list[str]:
    return [r.text for r in article.removed if r.reason == reason]


@pytest.mark.parametrize(
    ("prefix", "title", "outlet", "date", "reporter"),
    [
        (
            "000",
            "[가상인간 2.0]배경훈 LG AI연구원장 'AI가 기업 경쟁력 좌우하는 시대'",
            "아시아경제",
            None,
            ("최유리", "yrchoi@asiae.co.kr"),
        ),
        (
            "001",
            "배경훈 LG AI 연구원장 “상위 1%에 속하는 전문가들보다 더 뛰어난 AI 설계할 것”",
            "한국경제",
            "2021-06-03T06:54:01",
            ("정채희", "poof34@hankyung.com"),
        ),
        (
            "002",
            "[LG의 미래 ㊦] 차세대 먹거리 AI…어디까지 왔나",
            "미디어펜",
            "2023-03-23T13:53",
            ("조우현", "sweetwork@mediapen.com"),
        ),
        (
            "003",
            "“국내 첫 오픈소스 AI, 반년마다 새 모델 내겠다”",
            "조선일보",
            "2024-12-05T00:55",
            ("이해인", None),
        ),
        (
            "004",
            "\"초거대 AI 한계 넘는다\"...LG AI연구원-서울대, '초거대 멀티모달 AI' 고도화 착수",
            "AI타임스",
            "2022-04-27T10:02",
            ("김동원", "goodtuna@aitimes.com"),
        ),
    ],
)
def test_metadata(
    prefix: str, title: str, outlet: str, date: str | None, reporter: tuple[str, str | None]
) -> None:
    article = _clean(prefix)
    assert article.title == title
    assert article.outlet == outlet
    assert article.date == date
    assert [(r.name, r.email) for r in article.reporters] == [reporter]


def test_body_pasted_twice_is_shown_once_and_the_copy_is_kept_as_removed() -> None:
    article = _clean("001")
    raw = next(SEEDS.glob("001_*.txt")).read_text(encoding="utf-8")
    lede = "LG가 초거대 인공지능(AI) 개발에 1억 달러 이상 투자할 것이라고 밝혔다."
    assert raw.count(lede) == 2
    assert article.body.count(lede) == 1
    assert len(article.paragraphs) == 15
    duplicates = [r for r in article.removed if r.reason == "duplicate"]
    assert len(duplicates) == 15
    assert all(r.detail.startswith("second copy of paragraph") for r in duplicates)


def test_repeated_headline_blog_footer_and_byline_are_cut() -> None:
    article = _clean("000")
    assert "AI가 기업 경쟁력 좌우하는 시대" not in article.body
    details = [r.detail for r in article.removed if r.reason == "duplicate"]
    assert details.count("headline repeated in the body") == 2
    boilerplate = " ".join(_removed(article, "boilerplate"))
    for furniture in (
        "Powered by Blogger",
        "Post a Comment",
        "Bagikan Berita Ini",
        "https://ift.tt/",
        "무단전재",
        "Adblock",
    ):
        assert furniture in boilerplate
        assert furniture not in article.body
    assert article.paragraphs[3].startswith("뉴욕 패션위크에 등장해")  # byline prefix stripped
    assert "[아시아경제 최유리 기자]" in _removed(article, "metadata")
    assert article.paragraphs[0] == '"초거대 AI로 일반인도 전문가 같은 결과물"'  # the deck stays


def test_menu_caption_and_related_lists_are_cut() -> None:
    article = _clean("002")
    assert "뉴스홈 경제 정치 연예 스포츠" in _removed(article, "boilerplate")
    assert any("/사진=LG 제공" in text for text in _removed(article, "boilerplate"))
    assert {"관련기사", "종합 인기기사"} <= set(_removed(article, "boilerplate"))
    assert article.paragraphs[0].startswith("구광모 LG그룹 회장의")
    assert article.paragraphs[-1].endswith("밝혔다.")
    assert "◇ 인재 양성에 진심…스타트업 인수부터 교육 프로그램 신설" in article.paragraphs


def test_font_size_widget_photo_credit_and_reaction_prompt_are_cut() -> None:
    article = _clean("003")
    cut = " ".join(_removed(article, "boilerplate"))
    for furniture in (
        "글자크기",
        "(예시)",
        "번역beta",
        "/김지호 기자",
        "그래픽=이진영",
        "이 기사에 대해 어떻게 생각하시나요?",
        "Copyright © 조선일보",
    ):
        assert furniture in cut
        assert furniture not in article.body
    assert article.paragraphs[0] == "‘출범 4년’ 배경훈 LG AI연구원장"
    assert "☞배경훈 원장 (48)" in article.paragraphs


def test_captions_and_link_preview_card_are_cut() -> None:
    article = _clean("004")
    assert not any(p.startswith("(좌측부터)") for p in article.paragraphs)
    assert not any("(사진=LG AI연구원)" in p for p in article.paragraphs)
    assert "AI산업" in _removed(article, "boilerplate")
    details = {r.detail for r in article.removed if r.reason == "duplicate"}
    assert "headline repeated in the body" in details
    assert "truncated copy of paragraph 5" in details
    assert "www.aitimes.com" in _removed(article, "boilerplate")
    assert list(article.paragraphs[:4]) == [
        "LG AI연구원-서울대 AI대학원, 공동 리서치센터 설립",
        "초거대 멀티모달 AI 고도화 위한 핵심기술 연구 착수",
        "텍스트·이미지 넘어 동영상·온도 이해하는 모델 개발",
        "2D 시대는 끝...3D 정보 다루는 초거대 AI 연구 시작",
    ]


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_nothing_is_lost_silently(path: Path) -> None:
    """Every non-blank line of the page is in the body, the title or a removed record.

    A line may be split in two (a byline prefix cut from a paragraph's start).
    """
    data = path.read_bytes()
    article = analyse_bytes(path, data, content_hash(data))
    assert isinstance(article, Article)
    kept = article.body + "\n" + article.title + "\n" + "\n".join(r.text for r in article.removed)
    kept = " ".join(kept.split())
    for line in data.decode("utf-8").splitlines():
        words = " ".join(line.split())
        if words:
            assert words in kept or any(
                words[:cut].strip() in kept and words[cut:].strip() in kept
                for cut in range(1, len(words))
            ), line
