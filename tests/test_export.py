"""The Markdown export keeps its structure whatever notes and titles contain."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from store.anchoring import Anchor
from store.export import ArticleSummary, export_markdown
from store.notes import Note
from store.text import neutralise, single_line

NOW = datetime(2024, 5, 2, 9, 30, tzinfo=UTC)
# CommonMark plus the GFM table and strikethrough rules, so '|' and '~' matter too.
PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
FORBIDDEN = {
    "html_block", "html_inline", "fence", "code_block", "code_inline", "hr", "table_open",
    "link_open", "image", "em_open", "strong_open", "s_open", "ordered_list_open",
}  # fmt: skip


def _note(
    quote: str,
    text: str,
    *,
    article: str = "a1",
    tags: tuple[str, ...] = (),
    note_id: str = "n1",
    start: int = 0,
    orphaned: bool = False,
) -> Note:
    anchor = Anchor(quote, "", "", start, start + len(quote), "h")
    return Note(
        id=note_id,
        user="kim",
        article=article,
        quote=quote,
        note=text,
        tags=tags,
        start=start,
        end=start + len(quote),
        created="2024-05-02T09:00:00.000+00:00",
        updated="2024-05-02T09:00:00.000+00:00",
        orphaned=orphaned,
        anchor=anchor,
    )


def _split_front_matter(document: str) -> tuple[dict[str, object], str]:
    """Return the front matter (values read as JSON, which they are) and the Markdown after it."""
    assert document.startswith("---\n")
    end = document.index("\n\n---\n", 3)
    decoder = json.JSONDecoder()
    front: dict[str, object] = {}
    filters: dict[str, object] = {}
    for line in document[4:end].split("\n"):
        if line.startswith("  "):  # a filter: "key": value
            key, at = decoder.raw_decode(line, 2)
            assert line[at : at + 2] == ": "
            filters[key] = json.loads(line[at + 2 :])
        elif line == "filters:":
            front["filters"] = filters
        else:
            key, value = line.split(": ", 1)
            front[key] = json.loads(value)
    return front, document[end + len("\n\n---\n") :]


def _visible(inline: Token) -> str:
    """Return what a reader sees of an inline token; fail on anything but plain text."""
    assert inline.type == "inline"
    shown = []
    for child in inline.children or []:
        assert child.type in {"text", "softbreak", "hardbreak"}, child.type
        shown.append(child.content if child.type == "text" else "\n")
    return "".join(shown)


def _blocks(markdown: str) -> list[tuple[str, str]]:
    """Return the top-level blocks as (kind, visible text), checking no forbidden token appears."""
    tokens = PARSER.parse(markdown)
    for token in tokens:
        assert token.type not in FORBIDDEN, token.type
        for child in token.children or []:
            assert child.type not in FORBIDDEN, child.type
    blocks: list[tuple[str, str]] = []
    depth_start = 0
    for index, token in enumerate(tokens):
        if token.level == 0 and token.nesting == 1:
            depth_start = index
        elif token.level == 0 and token.nesting == -1:
            inner = tokens[depth_start + 1 : index]
            text = "\n".join(_visible(t) for t in inner if t.type == "inline")
            kind = token.type.removesuffix("_close")
            blocks.append((f"{kind}:{token.tag}" if kind == "heading" else kind, text))
        elif token.level == 0:
            raise AssertionError(f"unexpected top-level {token.type}")
    return blocks


def _words(text: str) -> list[str]:
    return neutralise(text).split()


def test_a_readable_example() -> None:
    notes = [
        _note("기준금리를 동결했다", "예상대로.\n다음 회의는 7월.", tags=("금리",), note_id="abc"),
        _note("물가", "```\n# 이건 제목이 아님\n> 인용도 아님", note_id="def", start=40),
        _note("사라진 문장", "", note_id="ghi", start=90, orphaned=True),
    ]
    articles = {
        "a1": ArticleSummary(
            "a1",
            "한은, 기준금리 3.50% 동결 <속보>",
            "연합뉴스",
            "2024-05-02",
            ("경제",),
            ("한국은행",),
        )
    }
    document = export_markdown(notes, articles, "kim", {"tag": "금리"}, NOW)
    assert document == (
        "---\n"
        'user: "kim"\n'
        'date: "2024-05-02T09:30:00+00:00"\n'
        "filters:\n"
        '  "tag": "금리"\n'
        "notes: 3\n\n"
        "---\n"
        "\n"
        "# Notes — kim\n"
        "\n"
        "## 한은, 기준금리 3.50% 동결 &lt;속보>\n"
        "\n"
        "- Outlet: 연합뉴스\n"
        "- Date: 2024-05-02\n"
        "- Tags: 경제\n"
        "- Entities: 한국은행\n"
        "- Article id: a1\n"
        "\n"
        "> 기준금리를 동결했다\n"
        "\n"
        "예상대로.\\\n"
        "다음 회의는 7월.\n"
        "\n"
        "Tags: 금리 · id: abc\n"
        "\n"
        "> 물가\n"
        "\n"
        "\\`\\`\\`\\\n"
        "\\# 이건 제목이 아님\\\n"
        "\\> 인용도 아님\n"
        "\n"
        "id: def\n"
        "\n"
        "> 사라진 문장\n"
        "\n"
        "orphaned: the quote is no longer in the article · id: ghi\n"
    )
    assert [kind for kind, _ in _blocks(_split_front_matter(document)[1])] == [
        "heading:h1", "heading:h2", "bullet_list",
        "blockquote", "paragraph", "paragraph",
        "blockquote", "paragraph", "paragraph",
        "blockquote", "paragraph",
    ]  # fmt: skip


def test_the_naive_failures_are_gone() -> None:
    """Each of these broke a naive f-string export, as a note or as a title."""
    hostile = [
        "```python\nnot closed",
        "# heading?",
        "제목 #",
        "> quote?",
        "line\n---",
        "line\n===",
        "<script>alert(1)</script>",
        "<!-- hides the rest",
        "    indented code?",
        "1. list?\n2) list?\n- list?\n+ list?\n* list?",
        "x | y\n| --- | --- |",
        "[link](http://x) ![img](http://y) <http://z> [ref]: http://r",
        "trailing spaces  \nand backslash\\\nend",
        "*em* **strong** _u_ ~~s~~ `code`",
        "&amp; &#60; &lt;",
    ]
    notes = [
        _note(f"인용 {i}", text, article=f"a{i}", note_id=f"n{i}") for i, text in enumerate(hostile)
    ]
    titles = {f"a{i}": ArticleSummary(f"a{i}", text) for i, text in enumerate(hostile)}
    blocks = _blocks(_split_front_matter(export_markdown(notes, titles, "kim", {}, NOW))[1])
    headings = [text for kind, text in blocks if kind == "heading:h2"]
    assert [h.split() for h in headings] == [single_line(text).split() for text in hostile]
    assert [kind for kind, _ in blocks].count("blockquote") == len(hostile)
    paragraphs = [text for kind, text in blocks if kind == "paragraph"]
    for text in hostile:
        assert any(p.split() == _words(text) for p in paragraphs), text


HOSTILE_PIECES = [
    "```", "~~~", "<script>", "</div>", "<!--", "-->", "<http://x.y>", "&amp;", "&#60;", "---",
    "===", "***", "___", "1. ", "2) ", "- ", "+ ", "* ", "> ", "# ", "    ", "\t", "[a](b)",
    "![i](u)", "[r]: /u", "| x |", "\\", "  \n", "\n\n", "\r\n", "\x1b[31m", "\u202e", "\u3000",
    "기준금리", "한국은행", "`", "*", "_", "<", "&", "\n", "#", ">",
]  # fmt: skip
CHARS = st.sampled_from(list("#>-+*=_`~[]()!<>&|\\:;\"'{}$^%@/.,0123456789 \t\nabxy가나한국"))
HOSTILE = st.lists(st.one_of(CHARS, st.sampled_from(HOSTILE_PIECES)), max_size=25).map("".join)
TAGS = st.lists(HOSTILE, max_size=3).map(tuple)


@st.composite
def _exports(draw: st.DrawFn) -> tuple[list[Note], dict[str, ArticleSummary], str, dict]:
    summaries = {
        f"a{index}": ArticleSummary(
            f"a{index}",
            draw(HOSTILE),
            draw(st.one_of(st.none(), HOSTILE)),
            draw(st.one_of(st.none(), HOSTILE)),
            draw(TAGS),
            draw(TAGS),
        )
        for index in range(draw(st.integers(0, 3)))
    }
    known = [*summaries, "unknown_article"]
    notes = [
        _note(
            draw(HOSTILE),
            draw(HOSTILE),
            article=draw(st.sampled_from(known)),
            tags=draw(TAGS),
            note_id=f"n{index}",
            start=index,
            orphaned=draw(st.booleans()),
        )
        for index in range(draw(st.integers(1, 6)))
    ]
    user = draw(HOSTILE)
    filters = draw(st.dictionaries(HOSTILE, st.one_of(st.none(), HOSTILE), max_size=3))
    return notes, summaries, user, filters


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_exports())
def test_hostile_notes_and_titles_never_change_the_structure(
    case: tuple[list[Note], dict[str, ArticleSummary], str, dict],
) -> None:
    notes, summaries, user, filters = case
    document = export_markdown(notes, summaries, user, filters, NOW)

    front, body = _split_front_matter(document)
    assert front == {"user": user, "date": NOW.isoformat(), "filters": filters, "notes": len(notes)}

    blocks = iter(_blocks(body))
    kind, text = next(blocks)
    assert kind == "heading:h1" and text.split() == ["Notes", "—", *single_line(user).split()]
    order = [a for a in summaries if any(n.article == a for n in notes)]
    order += ["unknown_article"] if any(n.article == "unknown_article" for n in notes) else []
    rest = list(blocks)
    for article in order:
        kind, text = rest.pop(0)
        summary = summaries.get(article)
        title = single_line(summary.title) if summary else ""
        assert kind == "heading:h2" and text.split() == (title or article).split()
        assert rest.pop(0)[0] == "bullet_list"
        for note in sorted((n for n in notes if n.article == article), key=lambda n: n.start):
            kind, text = rest.pop(0)
            assert kind == "blockquote" and text.split() == _words(note.quote)
            paragraphs = []
            while rest and rest[0][0] == "paragraph":
                paragraphs.append(rest.pop(0)[1])
            assert paragraphs and paragraphs[-1].endswith(f"id: {note.id}")
            assert ("orphaned" in paragraphs[-1]) is note.orphaned
            assert " ".join(paragraphs[:-1]).split() == _words(note.note)
    assert rest == []
