"""How the list, the reader and the entity sidebar share the terminal's width.

Wide terminals (100 columns and more) show the list and the reader side by
side, and the entity sidebar too from 140 columns; below that, showing the
sidebar hides the list (and the other way round), so the reader keeps a
comfortable measure. Narrow terminals (80x24) show one pane at a time, full
width: ``1``/``2``/``3`` switch, opening an article goes to the reader,
``Esc`` goes back to the list. All of it is CSS classes on this container
(see ``app.tcss``), set from four reactives.
"""

from __future__ import annotations

from typing import Literal

from textual import events
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widget import Widget

from tui.widgets.article_body import ArticleBody
from tui.widgets.article_table import ArticleTable
from tui.widgets.entity_sidebar import EntitySidebar

__all__ = ["NARROW_BELOW", "THREE_PANES_FROM", "Pane", "Panes"]

Pane = Literal["list", "reader", "entities"]
NARROW_BELOW = 100  # columns: one pane at a time
THREE_PANES_FROM = 140  # columns: list, reader and sidebar together
_CONTAINERS: dict[Pane, str] = {
    "list": "#list-pane",
    "reader": "#reader-pane",
    "entities": "#entity-pane",
}


class Panes(Horizontal):
    """The three panes and which of them are shown at this width."""

    narrow: reactive[bool] = reactive(False, init=False)
    """One pane at a time (the terminal is narrower than ``NARROW_BELOW``)."""
    pane: reactive[Pane] = reactive("list", init=False)
    """The pane in use (the only one shown when narrow)."""
    show_list: reactive[bool] = reactive(True, init=False)
    show_entities: reactive[bool] = reactive(False, init=False)

    def __init__(self, *, width: int, id: str | None = None) -> None:
        """Lay out for a terminal ``width`` columns wide, before anything is styled.

        Setting the classes here rather than on mount saves restyling every
        widget of the screen once at start-up.
        """
        super().__init__(id=id)
        self.set_reactive(Panes.narrow, width < NARROW_BELOW)
        self.set_reactive(Panes.show_entities, width >= THREE_PANES_FROM)
        for name, on in self._layout_classes().items():
            self.set_class(on, name, update=False)

    def on_resize(self, event: events.Resize) -> None:
        width = event.size.width
        self.narrow = width < NARROW_BELOW
        if not self.narrow and width < THREE_PANES_FROM and self.show_list and self.show_entities:
            self.show_entities = False

    def watch_narrow(self) -> None:
        self._apply_classes()

    def watch_pane(self) -> None:
        self._apply_classes()

    def watch_show_list(self) -> None:
        self._apply_classes()

    def watch_show_entities(self) -> None:
        self._apply_classes()

    def _layout_classes(self) -> dict[str, bool]:
        return {
            "-narrow": self.narrow,
            "-hide-list": not self.show_list,
            "-hide-entities": not self.show_entities,
            **{f"-pane-{pane}": self.pane == pane for pane in _CONTAINERS},
        }

    def _apply_classes(self) -> None:
        """Set the layout classes, restyling the panes once (each change restyles them all)."""
        wanted = self._layout_classes()
        if all(self.has_class(name) == on for name, on in wanted.items()):
            return
        for name, on in wanted.items():
            self.set_class(on, name, update=False)
        self.update_node_styles()

    def pane_visible(self, pane: Pane) -> bool:
        """Whether ``pane`` is on screen in the current layout."""
        if self.narrow:
            return self.pane == pane
        if pane == "list":
            return self.show_list
        if pane == "entities":
            return self.show_entities
        return True

    def show_side_pane(self, pane: Pane, show: bool) -> None:
        """Show or hide the list or the sidebar; below three-pane width, one side pane only."""
        if pane == "list":
            self.show_list = show
        else:
            self.show_entities = show
        if show and self.size.width < THREE_PANES_FROM:
            if pane == "list":
                self.show_entities = False
            else:
                self.show_list = False

    def _focus_target(self, pane: Pane) -> Widget:
        if pane == "list":
            return self.query_one(ArticleTable)
        if pane == "reader":
            return self.query_one(ArticleBody)
        return self.query_one(EntitySidebar).focus_target()

    def focus_pane(self, pane: Pane) -> None:
        """Show ``pane`` (switching to it on a narrow screen) and focus it."""
        self.pane = pane
        if not self.narrow and pane != "reader" and not self.pane_visible(pane):
            self.show_side_pane(pane, True)
        self.call_after_refresh(self._focus_target(pane).focus)

    def toggle_pane(self, pane: Pane) -> None:
        """Show or hide a side pane (on a narrow screen: switch to it or back to the reader)."""
        if self.narrow:
            self.focus_pane("reader" if self.pane == pane else pane)
            return
        show = not self.pane_visible(pane)
        self.show_side_pane(pane, show)
        focused = self.screen.focused
        if show:
            self.focus_pane(pane)
        elif focused is None or self.pane_of(focused) == pane:
            self.focus_pane("reader")

    def back(self) -> None:
        """Back to the list: the only pane on a narrow screen, focused on a wide one."""
        focused = self.screen.focused
        if self.narrow and self.pane == "list":
            return
        if self.narrow or focused is None or self.pane_of(focused) != "list":
            self.focus_pane("list")

    def pane_of(self, widget: Widget) -> Pane | None:
        """The pane ``widget`` is in, if any."""
        for pane, selector in _CONTAINERS.items():
            container = self.query_one(selector)
            if widget is container or container in widget.ancestors:
                return pane
        return None

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Keep ``pane`` on the pane that has focus (Tab and clicks move it too)."""
        pane = self.pane_of(event.widget)
        if pane is not None and pane != self.pane:
            self.pane = pane
