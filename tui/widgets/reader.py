"""The reader pane: header, legend, body, caret line, and what cleaning removed.

Everything drawn from the article goes through :mod:`tui.safe`: the header is
built from a constant template with the title, outlet and reporters as
literal values; removed passages are plain ``Content`` labelled with their
reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from store.model import Article, Mention
from store.notes import Note
from tui.entity_style import TYPE_LOOKS, component_class
from tui.safe import line, plain_content, template
from tui.widgets.article_body import ArticleBody

__all__ = ["Reader", "caret_line"]

REASON_STYLES = {
    "boilerplate": "bold $text-warning",
    "duplicate": "bold $text-accent",
    "metadata": "bold $text-success",
}


class Reader(Vertical):
    """The article being read: its header, its body, and (on request) what was cut."""

    show_removed: reactive[bool] = reactive(False)

    def compose(self) -> ComposeResult:
        yield Static(id="reader-header", markup=False)
        yield Static(id="legend", markup=False)
        yield ArticleBody(id="body")
        yield Static(id="caret-line", markup=False)
        # The removed view (``r``) is mounted when first shown: most starts never show it.

    def on_mount(self) -> None:
        self.refresh_legend()
        self.show_article(None)

    @property
    def body(self) -> ArticleBody:
        return self.query_one(ArticleBody)

    @property
    def article(self) -> Article | None:
        return self.body.article

    def show_article(
        self,
        article: Article | None,
        mentions: Sequence[Mention] = (),
        annotations: Iterable[tuple[int, int]] = (),
        *,
        caret: int = 0,
        mark: tuple[int, int] | None = None,
        also_in: Sequence[str] = (),
        republishes: str | None = None,
    ) -> None:
        """Show ``article``: header, body at ``caret`` (``mark`` highlighted), removed passages."""
        header = self.query_one("#reader-header", Static)
        header.update(self.header(article, also_in, republishes))
        body = self.body
        if article is not None and article.empty:
            body.placeholder = "(empty: nothing readable after cleaning; r shows what was removed)"
        else:
            body.placeholder = "Choose an article from the list (Enter) or press / to search."
        body.show(article, mentions, annotations, caret=caret, mark=mark)
        for view in self.query("#removed").results(VerticalScroll):
            view.query_one("#removed-text", Static).update(self.removed(article))
            view.scroll_home(animate=False)

    @staticmethod
    def header(
        article: Article | None, also_in: Sequence[str] = (), republishes: str | None = None
    ) -> Content:
        """Title, then outlet · date · reporters, then republication facts."""
        if article is None:
            return Content.from_markup("[b]lgai-reader[/b]")
        reporters = ", ".join(
            line(f"{r.name} <{r.email}>" if r.email else r.name) for r in article.reporters
        )
        date = line(article.date or "").replace("T", " ")
        meta = " · ".join(part for part in (line(article.outlet or ""), date, reporters) if part)
        lines = [template("[b]$title[/b]", title=article.title or "(untitled)")]
        lines.append(template("[dim]$meta[/dim]", meta=meta or "no outlet or date"))
        if also_in:
            lines.append(template("[dim]also in $outlets[/dim]", outlets=", ".join(also_in)))
        if republishes:
            lines.append(template("[dim]republishes $other[/dim]", other=republishes))
        if article.empty:
            lines.append(
                Content.from_markup("[b $text-warning]empty[/]: nothing readable after cleaning")
            )
        return Content("\n").join(lines)

    def legend(self) -> Text:
        """One sample per entity type, styled exactly as the body draws that type."""
        body = self.body
        parts: list[tuple[str, Style] | str] = []
        for look in TYPE_LOOKS.values():
            if parts:
                parts.append("  ")
            style = body.get_component_rich_style(component_class(look.type), partial=True)
            parts.append((f"{look.type} {look.korean}", style))
        return Text.assemble(*parts, no_wrap=True, overflow="ellipsis")

    def refresh_legend(self) -> None:
        """Redraw the legend (after a theme change restyles the body)."""
        self.query_one("#legend", Static).update(self.legend())

    @staticmethod
    def removed(article: Article | None) -> Content:
        """What cleaning cut, each passage labelled with its reason and detail, dimmed."""
        if article is None:
            return Content("")
        if not article.removed:
            return Content.from_markup("[dim]Cleaning removed nothing from this article.[/dim]")
        lines = [
            template(
                "[b]Removed by cleaning[/b] [dim]($count)[/dim]",
                count=f"{len(article.removed)} passage" + ("s" if len(article.removed) > 1 else ""),
            )
        ]
        for removal in article.removed:
            label = Content.styled(line(removal.reason), REASON_STYLES.get(removal.reason, "bold"))
            detail = plain_content(removal.detail, "italic $text-muted") if removal.detail else None
            head = Content.assemble("[", label, *((": ", detail) if detail else ()), "] ")
            lines.append(head + plain_content(removal.text, "dim", multiline=True))
        return Content("\n").join(lines)

    def watch_show_removed(self, show: bool) -> None:
        if show and not self.query("#removed"):
            text = Static(self.removed(self.article), id="removed-text", markup=False)
            self.mount(VerticalScroll(text, id="removed", can_focus=True))
        self.set_class(show, "-show-removed")

    def set_caret_line(self, content: Content) -> None:
        self.query_one("#caret-line", Static).update(content)


NOTE_IN_CARET_LINE = 28


def caret_line(
    body: ArticleBody, followed: str | None, note: Note | None = None, user: str = ""
) -> Content:
    """Where the caret is, what it is on (a note, an entity), the selection, what ``n`` follows.

    Args:
        note: The note under the caret; ``user`` is who is reading (a note of
            anyone else's is named read-only).
    """
    article = body.article
    if article is None or article.empty:
        return Content("")
    layout = body.body_layout
    row = layout.rows[layout.row_of(body.caret)]
    parts: list[Content] = [
        template(
            "[dim]para $number/$total · $percent%[/dim]",
            number=max(row.paragraph, 0) + 1,
            total=len(article.paragraphs),
            percent=100 * body.caret // max(len(article.body), 1),
        )
    ]
    if body.selecting:
        parts.append(Content.from_markup("[b reverse] SELECT [/] [dim]v ends · Esc clears[/dim]"))
    start, end = body.selection
    if end > start:
        parts.append(template("[b]$count selected[/b] [dim](y copies)[/dim]", count=end - start))
    if note is not None:
        text = line(note.note)
        if len(text) > NOTE_IN_CARET_LINE:
            text = text[: NOTE_IN_CARET_LINE - 1] + "…"
        if note.user == user:
            parts.append(template("[b]note[/b] [dim](e opens · d deletes)[/dim] $text", text=text))
        else:
            parts.append(
                template(
                    "[b]note by $owner[/b] [dim](read-only · e opens)[/dim] $text",
                    owner=note.user,
                    text=text,
                )
            )
    mention = body.mention_at(body.caret)
    if mention is not None:
        look = TYPE_LOOKS[mention.type]
        parts.append(
            template(
                "[b]$type[/b] $name" + ("" if note else " [dim]Enter: its mentions[/dim]"),
                type=f"{look.type} {look.korean}",
                name=mention.entity,
            )
        )
    if followed is not None:
        parts.append(template("[dim]n/N: next/prev[/dim] $entity", entity=followed))
    return Content("  ").join(parts)
