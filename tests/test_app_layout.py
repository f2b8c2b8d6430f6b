"""The reader's geometry and motions, without a screen: wrapping Hangul in cells, offset maps."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from tui import motions
from tui.body_layout import BodyLayout, char_cells
from tui.context import context_window
from tui.listing import ArticleRow, ListFilter, SortOrder, arrange, build_rows
from tui.safe import fit

# Hangul syllables, Latin letters, digits, punctuation and spaces, as in the articles.
_CHARS = st.sampled_from(list("가나다라마바사연구원은는엑사원ABCxyz019.,!?\"' ") + [" "] * 6)
_PARAGRAPH = st.text(_CHARS, min_size=1, max_size=120).map(str.strip).filter(bool)
_PARAGRAPHS = st.lists(_PARAGRAPH, min_size=0, max_size=5)


@settings(max_examples=300, deadline=None)
@given(_PARAGRAPHS, st.integers(min_value=3, max_value=60))
def test_rows_fit_the_width_and_cover_the_body_in_order(paragraphs: list[str], width: int) -> None:
    layout = BodyLayout(paragraphs, width)
    body = "\n\n".join(paragraphs)
    assert layout.body == body
    position = 0
    for row in layout.rows:
        text = body[row.start : row.end]
        assert "\n" not in text
        # Never past the width, except one character wider than the whole row.
        assert cell_len(text) <= width or len(text) == 1
        assert row.columns[-1] == cell_len(text)
        if row.paragraph >= 0:
            assert (
                row.start == position
                or body[position : row.start] == "\n\n"[: row.start - position]
            )
        position = row.end
    covered = "".join(body[row.start : row.end] for row in layout.rows if row.paragraph >= 0)
    assert covered == "".join(paragraphs)


@settings(max_examples=300, deadline=None)
@given(_PARAGRAPHS, st.integers(min_value=3, max_value=60))
def test_every_offset_maps_to_a_cell_and_back(paragraphs: list[str], width: int) -> None:
    layout = BodyLayout(paragraphs, width)
    body = layout.body
    for offset in range(len(body) + 1):
        row, column = layout.point_of(offset)
        assert 0 <= column <= width
        if offset < len(body) and body[offset] != "\n":
            # A character is drawn where the caret says, and either of its cells maps back to it.
            assert layout.offset_at(row, column) == offset
            if char_cells(body[offset]) == 2:
                assert layout.offset_at(row, column + 1) == offset


def test_breaks_at_spaces_and_never_splits_hangul() -> None:
    paragraph = "배경훈 원장은 서울에서 엑사원을 공개했다"
    layout = BodyLayout([paragraph], 14)  # 13 cells of text + the caret column
    rows = [layout.body[row.start : row.end] for row in layout.rows]
    assert rows == ["배경훈 원장은 ", "서울에서 ", "엑사원을 ", "공개했다"]
    # A word longer than the row is broken between syllables, never inside one.
    layout = BodyLayout(["가나다라마바사아자차"], 7)
    assert [layout.body[r.start : r.end] for r in layout.rows] == [
        "가나다",
        "라마바",
        "사아자",
        "차",
    ]


def test_offsets_between_paragraphs_have_their_own_cells() -> None:
    layout = BodyLayout(["가나", "다라"], 20)
    # 0..2 first paragraph (2 = after its last character), 3 the blank row, 4.. the second.
    assert layout.point_of(2) == (0, 4)
    assert layout.point_of(3) == (1, 0)
    assert layout.point_of(4) == (2, 0)
    assert layout.offset_at(0, 10) == 2  # clicking past the end of a paragraph
    assert layout.offset_at(1, 5) == 3


def test_word_sentence_and_paragraph_motions() -> None:
    paragraphs = ["배경훈 원장은 말했다. 엑사원 3.0은 2024. 12. 5일 공개됐다!", "둘째 문단이다."]
    body = "\n\n".join(paragraphs)
    assert motions.next_word(body, 0) == body.index("원장은")
    assert motions.previous_word(body, body.index("원장은") + 1) == body.index("원장은")
    starts = motions.sentence_starts(paragraphs)
    # The dotted date is not a sentence end; the paragraph start is a sentence start.
    assert starts == [0, body.index("엑사원"), body.index("둘째")]
    assert motions.next_sentence(paragraphs, 0) == body.index("엑사원")
    assert motions.previous_sentence(paragraphs, body.index("공개")) == body.index("엑사원")
    assert motions.next_paragraph(paragraphs, 3) == body.index("둘째")
    assert motions.next_paragraph(paragraphs, body.index("둘째")) == len(body)


def test_context_window_fits_the_width_and_keeps_the_hit() -> None:
    text = "LG AI연구원은 2020년 12월 LG의 AI 씽크탱크로 출범했다.\n\n3년간 1억달러를 투자한다."
    start = text.index("씽크탱크")
    for width in (12, 20, 41, 80):
        before, hit, after = context_window(text, start, start + 4, width)
        assert hit == "씽크탱크"
        assert cell_len(before + hit + after) <= width
        assert "\n" not in before + hit + after


def test_fit_cuts_by_cells_with_an_ellipsis() -> None:
    assert fit("가나다라", 8) == "가나다라"
    assert fit("가나다라", 7) == "가나다…"
    assert cell_len(fit("가나다라", 6)) == 6
    assert fit("ab", 4) == "ab  "


def test_rows_fold_republished_copies_and_filter_by_any_copy(tmp_path) -> None:
    from store import load_corpus
    from tests.app_support import StubFinder, republished_corpus

    corpus = load_corpus(
        republished_corpus(tmp_path / "c"), cache_dir=tmp_path / "cache", finder=StubFinder()
    )
    rows = build_rows(corpus)
    assert [row.id for row in rows] == ["yonhap_cp949", "zdnet_euckr"]
    zdnet = rows[1]
    assert zdnet.also_in == ("뉴시스",)
    # Filtering by the republishing outlet still finds the story.
    shown = arrange(rows, "date-desc", ListFilter(outlet="뉴시스"))
    assert [row.id for row in shown] == ["zdnet_euckr"]
    by_outlet = arrange(rows, "outlet", ListFilter())
    assert [row.outlet for row in by_outlet] == ["연합뉴스", "지디넷코리아"]


def test_the_last_list_gives_the_rows_the_loaded_corpus_gives(tmp_path) -> None:
    """A warm start's first frame draws the stored list; the rows must not change under it."""
    from store import load_corpus
    from store.listing import last_listing
    from tests.app_support import StubFinder, entity_corpus, republished_corpus

    folder = republished_corpus(tmp_path / "c")
    entity_corpus(folder)  # beside the republished story: dated, undated and empty articles
    corpus = load_corpus(folder, cache_dir=tmp_path / "cache", finder=StubFinder())
    listing = last_listing(folder, cache_dir=tmp_path / "cache")
    assert listing is not None
    rows = build_rows(listing)
    assert sorted(rows) == sorted(build_rows(corpus))  # the stored list is newest first
    assert arrange(rows, "date-desc", ListFilter()) == rows
    assert len(rows) == len(corpus) - 1  # the republished copy folds into its first
    assert {row.empty for row in rows} == {True, False}


def test_rows_show_outside_text_as_one_neutral_line(tmp_path) -> None:
    """Titles, outlets, dates, copies' outlets and tags lose controls and line breaks."""
    from store.model import Article

    def article(article_id: str, outlet: str | None, **fields: object) -> Article:
        values: dict[str, object] = {"title": "제목", "date": None, "paragraphs": ("본문",)}
        values.update(fields)
        return Article(
            id=article_id,
            path=tmp_path / f"{article_id}.txt",
            content_hash="0" * 64,
            outlet=outlet,
            reporters=(),
            removed=(),
            **values,  # type: ignore[arg-type]
        )

    first = article(
        "a", "뉴스\x1b[31m", title="[b]엑사원[/b]\n공개", date="2024-08-07T09:00:00", also_in=("b",)
    )
    copy = article("b", "다른\r\n매체", duplicate_of="a")
    alone = article("c", None, title="", paragraphs=())
    rows = build_rows(
        [first, copy, alone],
        tags=lambda article_id: ("태그\x07",) if article_id == "a" else (),
        notes=lambda article_id: 2 if article_id == "a" else 0,
        note_tags=lambda article_id: ("노트\t태그",) if article_id == "a" else (),
    )
    assert [row.id for row in rows] == ["a", "c"]
    shown, empty = rows
    assert (shown.title, shown.outlet, shown.date) == ("[b]엑사원[/b] 공개", "뉴스", "2024-08-07")
    assert shown.also_in == ("다른 매체",)
    assert shown.copies == ("a", "b")
    assert shown.outlets == {"뉴스", "다른 매체"}
    assert (shown.tags, shown.notes, shown.note_tags) == (("태그",), 2, ("노트 태그",))
    assert (empty.title, empty.outlet, empty.date, empty.empty) == ("(untitled)", "", "", True)
    assert empty.outlets == frozenset()


def test_each_order_breaks_ties_by_id_and_puts_rows_without_a_date_or_outlet_last() -> None:
    def row(article_id: str, date: str, outlet: str) -> ArticleRow:
        return ArticleRow(
            article_id, date, outlet, "제목", False, (), (article_id,), frozenset({outlet} - {""})
        )

    rows = [
        row("e", "", "B"),
        row("d", "2024-08-07", ""),
        row("c", "2024-08-07", "B"),
        row("b", "2024-08-07", "A"),
        row("a", "2023-01-02", "B"),
        row("f", "", "A"),
    ]
    every = ListFilter()

    def ids(order: SortOrder) -> str:
        return "".join(row.id for row in arrange(rows, order, every))

    assert ids("date-desc") == "bcdaef"
    assert ids("date-asc") == "abcdef"
    assert ids("outlet") == "bfcaed"  # A: b, then undated f; B: c, a, then undated e; no outlet
