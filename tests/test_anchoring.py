"""Re-anchoring a note when the article's body changes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from store.anchoring import CONTEXT_CHARS, make_anchor, place

BODY = (
    "한국은행은 3일 금융통화위원회를 열고 기준금리를 연 3.50%로 동결했다. "
    "시장에서는 기준금리 인하 시점을 놓고 전망이 엇갈린다. "
    "이창용 총재는 기자간담회에서 기준금리 인하를 논의할 단계가 아니라고 말했다. "
    "물가 상승률은 석 달째 2%대를 유지하고 있다."
)


def _anchor_on(text: str, occurrence: int = 0, body: str = BODY) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = body.index(text, start + 1)
    return start, start + len(text)


def test_the_anchor_keeps_quote_context_offsets_and_hash() -> None:
    start, end = _anchor_on("금융통화위원회")
    anchor = make_anchor(BODY, start, end, "h1")
    assert anchor.exact == "금융통화위원회"
    assert BODY[:start].endswith(anchor.prefix) and len(anchor.prefix) == min(start, CONTEXT_CHARS)
    assert BODY[end:].startswith(anchor.suffix) and len(anchor.suffix) == CONTEXT_CHARS
    assert (anchor.start, anchor.end, anchor.content_hash) == (start, end, "h1")


def test_an_unchanged_body_keeps_the_position() -> None:
    start, end = _anchor_on("기준금리", occurrence=1)
    placement = place(make_anchor(BODY, start, end, "h1"), BODY, "h1")
    assert (placement.start, placement.end, placement.method) == (start, end, "position")


def test_a_new_hash_with_the_quote_still_in_place_keeps_the_position() -> None:
    """Re-cleaning changed something after the span: the offsets still hold."""
    start, end = _anchor_on("기준금리", occurrence=1)
    body = BODY + " 추가 문장."
    placement = place(make_anchor(BODY, start, end, "h1"), body, "h2")
    assert (placement.start, placement.end, placement.method) == (start, end, "position")


def test_shifted_text_is_found_by_quote_and_context_among_several_occurrences() -> None:
    """'기준금리' occurs three times; the note is on the second, and text was inserted before."""
    start, end = _anchor_on("기준금리", occurrence=1)
    anchor = make_anchor(BODY, start, end, "h1")
    body = "[속보] 통화정책 결정 요약. " + BODY
    placement = place(anchor, body, "h2")
    assert placement.method == "quote"
    assert (placement.start, placement.end) == _anchor_on("기준금리", occurrence=1, body=body)


def test_context_beats_a_stale_position_that_happens_to_match() -> None:
    """Text inserted before the note puts another '기준금리' exactly at the old offsets."""
    start, end = _anchor_on("기준금리", occurrence=1)
    inserted = "가" * start + "기준금리 관련 속보: 발표 전 예상 정리. "
    body = inserted + BODY
    assert body[start:end] == "기준금리"  # the stale position still "matches"
    placement = place(make_anchor(BODY, start, end, "h1"), body, "h2")
    assert placement.method == "quote"
    assert (placement.start, placement.end) == (start + len(inserted), end + len(inserted))


def test_an_edited_quote_is_found_by_fuzzy_matching() -> None:
    quote = "이창용 총재는 기자간담회에서 기준금리 인하를 논의할 단계가 아니라고 말했다"
    start, end = _anchor_on(quote)
    anchor = make_anchor(BODY, start, end, "h1")
    edited = quote.replace("기자간담회에서", "기자회견에서").replace("말했다", "밝혔다")
    body = "수정: " + BODY.replace(quote, edited)
    placement = place(anchor, body, "h2")
    assert placement.method == "fuzzy"
    assert body[placement.start : placement.end] == edited


def test_a_removed_passage_orphans_the_note_and_keeps_its_offsets() -> None:
    quote = "물가 상승률은 석 달째 2%대를 유지하고 있다"
    start, end = _anchor_on(quote)
    anchor = make_anchor(BODY, start, end, "h1")
    body = BODY.replace(quote, "")
    placement = place(anchor, body, "h2")
    assert placement.orphaned
    assert (placement.start, placement.end) == (start, end)
    assert anchor.exact == quote


def test_a_short_quote_is_not_fuzzy_matched_without_its_context() -> None:
    start, end = _anchor_on("동결했다")
    anchor = make_anchor(BODY, start, end, "h1")
    unrelated = "정부는 예산안을 동결한다고 밝혔다. 전혀 다른 기사의 문장이다."
    assert place(anchor, unrelated, "h2").orphaned


def test_a_short_edited_quote_with_its_context_is_found() -> None:
    start, end = _anchor_on("동결했다")
    anchor = make_anchor(BODY, start, end, "h1")
    body = BODY.replace("동결했다", "동결한다")
    placement = place(anchor, body, "h2")
    assert placement.method == "fuzzy"
    assert body[placement.start : placement.end] == "동결한다"


TEXT = st.text(alphabet="가나다라마바사 아자차.,\n", min_size=1, max_size=200)


@given(body=TEXT, data=st.data(), inserted=TEXT)
def test_any_span_survives_text_inserted_before_it(
    body: str, data: st.DataObject, inserted: str
) -> None:
    start = data.draw(st.integers(0, len(body) - 1))
    end = data.draw(st.integers(start + 1, len(body)))
    anchor = make_anchor(body, start, end, "h1")
    same = place(anchor, body, "h1")
    assert (same.start, same.end, same.method) == (start, end, "position")
    moved = place(anchor, inserted + body, "h2")
    assert not moved.orphaned
    assert (inserted + body)[moved.start : moved.end] == body[start:end]
    if (inserted + body).count(body[start:end]) == 1:
        assert moved.start == start + len(inserted)
