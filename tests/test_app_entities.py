"""Entities: highlights by type, the sidebar, jumping to mentions and stepping across articles."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.style import Style
from textual.message import Message

from tests.app_support import (
    FIRST_PARAGRAPHS,
    app_for,
    at_first_frame,
    entity_corpus,
    loaded,
    screen_text,
)
from tui.widgets.article_body import ArticleBody
from tui.widgets.entity_sidebar import EntitySidebar, EntityTree, MentionList

BODY = "\n\n".join(FIRST_PARAGRAPHS)


def _body_segments(body: ArticleBody) -> list[tuple[str, Style]]:
    """(text, style) of every drawn segment of the body, top to bottom."""
    segments: list[tuple[str, Style]] = []
    for y in range(body.scrollable_content_region.height):
        segments.extend((segment.text, segment.style or Style()) for segment in body.render_line(y))
    return segments


async def test_entities_are_highlighted_by_type_with_a_style_as_well_as_a_hue(
    tmp_path: Path,
) -> None:
    app = app_for(entity_corpus(tmp_path / "corpus"), tmp_path / "cache")
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        app.main_screen.open_article("a1", focus=False)
        await pilot.pause()
        body = app.screen.query_one(ArticleBody)
        styles = {text: style for text, style in _body_segments(body)}
        person, org, product = styles["배경훈"], styles["LG AI연구원"], styles["엑사원"]
        place, event = styles["서울"], styles["CES"]
        assert person.bold and person.underline
        assert org.italic and not org.bold
        assert product.bold and not product.underline
        assert place.underline and not place.bold
        assert event.bold and event.italic
        colours = {s.color for s in (person, org, product, place, event)}
        assert len(colours) == 5  # one hue per type too
        plain = styles["을 공개했다. "]
        assert not (plain.bold or plain.italic or plain.underline)
        # The legend names every type.
        text = screen_text(app)
        for label in ("PERSON 인물", "ORG 기관", "PRODUCT 제품", "PLACE 장소", "EVENT 행사"):
            assert label in text


async def test_the_entity_tree_is_filled_when_the_sidebar_is_first_shown(tmp_path: Path) -> None:
    app = app_for(entity_corpus(tmp_path / "corpus"), tmp_path / "cache")
    async with app.run_test(size=(120, 40)) as pilot:  # too narrow for three panes
        await loaded(app, pilot)
        tree = app.screen.query_one(EntityTree)
        assert not tree.root.children  # hidden: not filled yet
        app.main_screen.follow_entity("배경훈")  # chosen while hidden, e.g. from the body
        await pilot.press("3")
        await pilot.pause()
        assert [branch.label.plain.split()[0] for branch in tree.root.children] == [
            "PERSON",
            "ORG",
            "PRODUCT",
            "PLACE",
            "EVENT",
        ]
        assert tree.cursor_node is not None and tree.cursor_node.data == "배경훈"
        assert "배경훈  3" in screen_text(app)
        app.main_screen.follow_entity("CES")
        await pilot.pause()
        assert "CES 1 mention in 1 article" in screen_text(app)  # counted in words
        assert "EVENT 행사  1 entity" in screen_text(app)


async def test_sidebar_groups_entities_and_enter_jumps_to_a_mention(tmp_path: Path) -> None:
    messages: list[Message] = []
    app = app_for(entity_corpus(tmp_path / "corpus"), tmp_path / "cache")
    async with app.run_test(size=(150, 40), message_hook=messages.append) as pilot:
        await loaded(app, pilot)
        text = screen_text(app)
        for group in ("PERSON 인물", "ORG 기관", "PRODUCT 제품", "PLACE 장소", "EVENT 행사"):
            assert group in text
        assert "배경훈  3" in text  # three mentions across two articles
        await pilot.press("3")  # to the entity tree
        await pilot.pause()
        assert isinstance(app.focused, EntityTree)
        await pilot.press("down", "enter")  # PERSON > 배경훈
        await pilot.pause()
        assert any(
            isinstance(m, EntitySidebar.EntityChosen) and m.name == "배경훈" for m in messages
        )
        mentions = app.screen.query_one(MentionList)
        assert [(m.article, m.start) for m in mentions.mentions] == [
            ("a1", BODY.index("배경훈")),
            ("a1", BODY.rindex("배경훈")),
            ("a2", 0),
        ]
        text = screen_text(app)
        assert "3 mentions in 2 articles" in text
        assert "엑사원 공개 현장" in text and "배경훈 원장 인터뷰" in text  # titles
        assert "배경훈 원장은 서울" in text  # a line of context around the mention
        assert app.focused is mentions
        await pilot.press("down", "enter")  # the second mention, in the third paragraph
        await pilot.pause()
        body = app.screen.query_one(ArticleBody)
        assert app.focused is body
        assert body.article is not None and body.article.id == "a1"
        start = BODY.rindex("배경훈")
        assert body.caret == start
        assert body.mark == (start, start + 3)
        row = body.body_layout.row_of(start)
        assert body.scroll_offset.y <= row < body.scroll_offset.y + body.size.height


async def test_next_and_previous_mention_cross_articles(tmp_path: Path) -> None:
    app = app_for(entity_corpus(tmp_path / "corpus"), tmp_path / "cache")
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        screen = app.main_screen
        screen.open_article("a1")
        await pilot.pause()
        body = app.screen.query_one(ArticleBody)
        # Put the caret on 배경훈 and press Enter: that entity is followed.
        await pilot.press(*")")  # next sentence: starts with 배경훈
        assert body.caret == BODY.index("배경훈")
        assert "PERSON 인물 배경훈" in screen_text(app)  # the caret line names the type
        await pilot.press("enter")
        await pilot.pause()
        assert screen.entity == "배경훈"
        await pilot.press("n")
        await pilot.pause()
        assert (_id(body), body.caret) == ("a1", BODY.rindex("배경훈"))
        await pilot.press("n")  # on to the next article
        await pilot.pause()
        assert (_id(body), body.caret) == ("a2", 0)
        assert body.mark == (0, 3)
        await pilot.press("n")  # no more: stay, say so
        await pilot.pause()
        assert (_id(body), body.caret) == ("a2", 0)
        assert any("No mention of 배경훈 after" in n.message for n in app._notifications)
        await pilot.press("N")  # back across articles
        await pilot.pause()
        assert (_id(body), body.caret) == ("a1", BODY.rindex("배경훈"))
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert (_id(body), body.caret) == ("a1", BODY.index("배경훈"))
        # The mention list follows along.
        mentions = app.screen.query_one(MentionList)
        assert mentions.cursor == 0


async def test_stepping_without_an_entity_explains_what_to_do(tmp_path: Path) -> None:
    app = app_for(entity_corpus(tmp_path / "corpus"), tmp_path / "cache")
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        app.main_screen.open_article("a3")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert any("Choose an entity first" in n.message for n in app._notifications)
        assert app.is_running


def _id(body: ArticleBody) -> str:
    assert body.article is not None
    return body.article.id


@pytest.mark.parametrize(("width", "shown"), [(100, False), (140, True)])
async def test_a_hidden_sidebar_is_made_after_the_first_frame_a_shown_one_in_it(
    tmp_path: Path, width: int, shown: bool
) -> None:
    """Styling the sidebar's widgets while it is hidden only delayed the first frame."""
    app = app_for(entity_corpus(tmp_path / "corpus"), tmp_path / "cache")
    first_frame = at_first_frame(app, lambda: bool(app.screen.query(EntityTree)))
    async with app.run_test(size=(width, 30)) as pilot:
        await loaded(app, pilot)
        assert first_frame == [shown]
        await pilot.press("3")  # the sidebar, with the corpus's entities
        await pilot.pause()
        assert app.screen.query_one(EntityTree).has_focus
        assert "배경훈" in screen_text(app)
