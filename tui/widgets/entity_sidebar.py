"""The entity sidebar: entities grouped by type with mention counts, and one entity's mentions.

Choosing an entity (Enter or a click in the tree) lists every mention of it
across the corpus, two lines each: the article's title, then a line of context
with the mention in its type's style. The mention list draws only visible
rows, so an entity mentioned tens of thousands of times costs nothing extra.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static, Tree

from store.entity_index import Entity, EntityIndex
from store.model import ENTITY_TYPES, Article, Mention
from tui.context import context_window
from tui.entity_style import ENTITY_COMPONENT_CLASSES, TYPE_LOOKS, component_class, entity_css
from tui.safe import fit, line, plain_text, template
from tui.widgets.lazy_list import LazyList
from tui.wording import counted

__all__ = ["EntitySidebar", "EntityTree", "MentionList"]

ArticleLookup = Callable[[str], Article | None]


class MentionList(LazyList):
    """Every mention of one entity: the article's title, then a line of context."""

    ROW_HEIGHT: ClassVar[int] = 2
    EMPTY_TEXT: ClassVar[str] = "(choose an entity above)"
    COMPONENT_CLASSES: ClassVar[set[str]] = set(ENTITY_COMPONENT_CLASSES)
    DEFAULT_CSS = entity_css("MentionList")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Go to mention"),
        Binding("n", "screen.step_mention(True)", "Next mention"),
        Binding("N", "screen.step_mention(False)", "Prev"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.mentions: Sequence[Mention] = ()
        self._lookup: ArticleLookup = lambda article_id: None
        self._position: Callable[[Mention], int | None] = lambda mention: None

    def set_mentions(
        self,
        mentions: Sequence[Mention],
        lookup: ArticleLookup,
        position: Callable[[Mention], int | None] | None = None,
    ) -> None:
        """Show ``mentions`` (made on demand: only visible rows are built).

        ``position`` finds a mention's row without a scan (the index bisects).
        """
        self.mentions = mentions
        self._lookup = lookup
        self._position = position or (lambda mention: None)
        self.set_count(len(self.mentions), 0)

    def render_row(self, index: int, line_number: int, width: int) -> list[Segment]:
        mention = self.mentions[index]
        article = self._lookup(mention.article)
        if line_number == 0:
            if index and self.mentions[index - 1].article == mention.article:
                return [Segment(fit("  (same article)", width), self._style("dim"))]
            title = line(article.title) if article else mention.article
            return [Segment(fit(title, width), self._style("dim"))]
        if article is None:
            return [Segment(fit(line(mention.surface), width))]
        before, hit, after = context_window(article.body, mention.start, mention.end, width - 2)
        hit_style = self.get_component_rich_style(component_class(mention.type), partial=True)
        return [Segment("  " + before), Segment(hit, hit_style), Segment(after)]

    def index_of(self, mention: Mention) -> int | None:
        return self._position(mention)


class EntityTree(Tree[str]):
    """Entity types, each with its entities (most mentioned first) and their counts."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {*Tree.COMPONENT_CLASSES, *ENTITY_COMPONENT_CLASSES}
    DEFAULT_CSS = entity_css("EntityTree")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "List mentions"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text("entities"), id=id)
        self.show_root = False
        self.guide_depth = 2

    def fill(self, index: EntityIndex) -> None:
        """Rebuild the tree from ``index``: one branch per type that has entities."""
        self.clear()
        for entity_type in ENTITY_TYPES:
            entities = index.entities(entity_type)
            if not entities:
                continue
            look = TYPE_LOOKS[entity_type]
            style = self.get_component_rich_style(component_class(entity_type), partial=True)
            count = counted(len(entities), "entity", "entities")
            label = Text.assemble((f"{look.type} {look.korean}", style), (f"  {count}", "dim"))
            branch = self.root.add(label, expand=True)
            for entity in entities:
                branch.add_leaf(self._leaf_label(entity, style), data=entity.name)
        self.cursor_line = 0

    @staticmethod
    def _leaf_label(entity: Entity, style: Style) -> Text:
        label = plain_text(entity.name, style)
        label.append(f"  {entity.count}", "dim")
        return label

    def select_entity(self, name: str) -> None:
        """Move the tree's cursor to entity ``name`` (if listed)."""
        for branch in self.root.children:
            for leaf in branch.children:
                if leaf.data == name:
                    branch.expand()
                    self.move_cursor(leaf)
                    return


class EntitySidebar(Vertical):
    """Entities by type; the chosen entity's mentions below."""

    class EntityChosen(Message):
        """The user chose an entity: its mentions are listed."""

        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    class MentionChosen(Message):
        """The user chose a mention: open its article there."""

        def __init__(self, mention: Mention) -> None:
            super().__init__()
            self.mention = mention

    def __init__(self, *, id: str | None = None, shown: bool = True) -> None:
        """``shown``: on screen from the start; if not, its widgets are made when first needed.

        That is when it is shown, or the corpus's entities arrive: styling a
        hidden sidebar's four widgets cost each start about 8 ms.
        """
        super().__init__(id=id)
        self._index: EntityIndex | None = None
        self._lookup: ArticleLookup = lambda article_id: None
        self._tree_filled = False
        self._built = shown
        self.entity: str | None = None

    def compose(self) -> ComposeResult:
        if self._built:
            yield from self._parts()

    @staticmethod
    def _parts() -> list[Widget]:
        return [
            Static("Entities", id="entities-title", markup=False),
            EntityTree(id="entity-tree"),
            Static("", id="mentions-title", markup=False),
            MentionList(id="mentions"),
        ]

    def _build(self) -> None:
        """Make the sidebar's widgets, once: queries find them at once."""
        if not self._built:
            self._built = True
            self.mount_all(self._parts())

    def focus_target(self) -> Widget:
        """Where focus goes when the sidebar is chosen: the mentions, if any, else the tree."""
        self._build()
        mentions = self.query_one(MentionList)
        return mentions if mentions.count else self.query_one(EntityTree)

    def set_index(self, index: EntityIndex, lookup: ArticleLookup) -> None:
        """Show the entities of ``index``; ``lookup`` finds an article by id."""
        self._build()
        self._index = index
        self._lookup = lookup
        self._tree_filled = False
        if self.region.area:  # on screen; otherwise the tree is filled when first shown
            self._fill_tree()
        title = self.query_one("#entities-title", Static)
        if len(index):
            title.update(template("[b]Entities[/b] [dim]$count[/dim]", count=len(index)))
        else:
            title.update(template("[b]Entities[/b] [dim]none found yet[/dim]"))
        if self.entity is not None and self.entity in index:
            self.choose_entity(self.entity, announce=False)

    def on_show(self) -> None:
        self._build()
        if not self._tree_filled:
            self._fill_tree()

    def _fill_tree(self) -> None:
        """Fill the tree: a thousand entities cost a tenth of a second, wasted while hidden."""
        if self._index is None:
            return
        tree = self.query_one(EntityTree)
        tree.fill(self._index)
        self._tree_filled = True
        if self.entity is not None:
            tree.select_entity(self.entity)

    def choose_entity(self, name: str, *, announce: bool = True) -> None:
        """List the mentions of entity ``name``."""
        if self._index is None or name not in self._index:
            return  # (an index means set_index has made the widgets)
        entity = self._index.get(name)
        self.entity = name
        index = self._index

        def position(mention: Mention) -> int | None:
            return index.position(name, mention.article, mention.start)

        self.query_one(MentionList).set_mentions(entity.mentions, self._lookup, position)
        self.query_one("#mentions-title", Static).update(
            template(
                "[b]$name[/b] [dim]$count in $articles[/dim]",
                name=entity.name,
                count=counted(entity.count, "mention"),
                articles=counted(len(entity.articles), "article"),
            )
        )
        self.query_one(EntityTree).select_entity(name)
        if announce:
            self.post_message(self.EntityChosen(name))

    def highlight_mention(self, mention: Mention) -> None:
        """Put the mention list's cursor on ``mention``."""
        self._build()
        mentions = self.query_one(MentionList)
        index = mentions.index_of(mention)
        if index is not None:
            mentions.cursor = index

    @on(Tree.NodeSelected, "#entity-tree")
    def _entity_selected(self, event: Tree.NodeSelected[str]) -> None:
        event.stop()
        if event.node.data is not None:
            self.choose_entity(event.node.data)

    @on(LazyList.Chosen, "#mentions")
    def _mention_chosen(self, event: LazyList.Chosen) -> None:
        event.stop()
        mentions = self.query_one(MentionList)
        self.post_message(self.MentionChosen(mentions.mentions[event.index]))
