"""The filter picker (``f``): narrow the list to one outlet, entity or tag.

Choices are typed-to-narrow: the box filters the options by substring, so a
corpus with thousands of entities still shows a short list.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from store.entity_index import EntityIndex
from tui.listing import ArticleRow, ListFilter
from tui.safe import line
from tui.typeahead import TypeAhead

__all__ = ["FilterChoice", "FilterScreen", "filter_choices"]

MAX_OPTIONS = 200
MAX_ENTITIES = 500
Kind = Literal["outlet", "entity", "tag", "clear"]


@dataclass(frozen=True, slots=True)
class FilterChoice:
    """One option: filter by ``kind`` = ``value`` (``count`` articles)."""

    kind: Kind
    value: str
    count: int = 0

    @property
    def label(self) -> str:
        if self.kind == "clear":
            return "Clear all filters"
        return f"{self.kind}: {self.value}"


def filter_choices(
    rows: Sequence[ArticleRow], entities: EntityIndex | None, current: ListFilter
) -> list[FilterChoice]:
    """Every outlet and tag of the rows, and the most mentioned entities, with article counts."""
    choices = [FilterChoice("clear", "")] if current.active else []
    outlets = Counter(outlet for row in rows for outlet in row.outlets)
    choices += [FilterChoice("outlet", name, count) for name, count in sorted(outlets.items())]
    if entities is not None:
        for entity in entities.entities()[:MAX_ENTITIES]:
            choices.append(FilterChoice("entity", entity.name, len(entity.articles)))
    tags = Counter(tag for row in rows for tag in {*row.tags, *row.note_tags})
    choices += [FilterChoice("tag", tag, count) for tag, count in sorted(tags.items())]
    return choices


class FilterScreen(TypeAhead, ModalScreen[ListFilter | None]):
    """Pick an outlet, entity or tag; dismisses with the new filter (or None)."""

    TYPE_AHEAD_INTO = "#filter-input"
    BINDINGS: ClassVar[list[BindingType]] = [
        # As the key is read, like the search's (`tui.typeahead`).
        Binding("escape", "cancel", "Close filter", priority=True),
        Binding("down", "to_options", "To choices", show=False),
    ]

    def __init__(self, current: ListFilter, choices: Sequence[FilterChoice]) -> None:
        super().__init__()
        self.current = current
        self.choices = tuple(choices)

    def compose(self) -> ComposeResult:
        with Vertical(id="filter-box"):
            yield Static(self._summary(), id="filter-summary", markup=False)
            yield Input(placeholder="type to narrow: outlet, entity or tag", id="filter-input")
            yield OptionList(id="filter-options")

    def _summary(self) -> Content:
        if not self.current.active:
            return Content.from_markup("[b]Filter the list[/b] [dim](no filter now)[/dim]")
        return Content.assemble(
            ("Filter the list", "bold"), "  now: ", line(self.current.describe())
        )

    def on_mount(self) -> None:
        self._fill("")
        self.query_one(Input).focus()

    @on(Input.Changed, "#filter-input")
    def _narrow(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def _fill(self, text: str) -> None:
        needle = line(text).casefold()
        options = self.query_one(OptionList)
        options.clear_options()
        shown = [
            (number, choice)
            for number, choice in enumerate(self.choices)
            if not needle or needle in choice.label.casefold()
        ][:MAX_OPTIONS]
        options.add_options(
            Option(self._prompt(choice), id=str(number)) for number, choice in shown
        )
        if shown:
            options.highlighted = 0

    @staticmethod
    def _prompt(choice: FilterChoice) -> Content:
        if choice.kind == "clear":
            return Content.styled(choice.label, "bold")
        return Content.assemble(
            (f"{choice.kind:<7}", "dim"), line(choice.value), (f"  {choice.count}", "dim")
        )

    @on(Input.Submitted, "#filter-input")
    def _submitted(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self._choose(options.get_option_at_index(options.highlighted))

    @on(OptionList.OptionSelected, "#filter-options")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option)

    def _choose(self, option: Option) -> None:
        choice = self.choices[int(option.id or 0)]
        if choice.kind == "clear":
            self.dismiss(ListFilter())
        else:
            self.dismiss(replace(self.current, **{choice.kind: choice.value}))

    def action_to_options(self) -> None:
        self.set_focus(self.query_one(OptionList))  # at once, like the search's results

    def action_cancel(self) -> None:
        self.dismiss(None)
