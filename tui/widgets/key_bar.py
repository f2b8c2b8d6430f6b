"""The key bar: the focused pane's keys on the bottom line, as Textual's compact footer shows them.

Textual's ``Footer`` mounts one widget per key, and only after the first frame
(it waits for the screen's bindings), so every start drew one frame more and
mounted a dozen widgets. This is one widget that draws one line, in the first
frame, and redraws when the bindings change (focus moves, a pane hides).
Clicking a key presses it, as in the footer.
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

__all__ = ["KeyBar"]

PALETTE_SEPARATOR = "▏"


class _Key(NamedTuple):
    key: str  # what pressing it sends (`App.simulate_key`)
    display: str  # how it is shown: ``⏎``, ``^p``
    description: str
    enabled: bool

    @property
    def cells(self) -> int:
        return cell_len(self.display) + 1 + cell_len(self.description)


class KeyBar(Widget):
    """The keys shown (``Binding.show``) of the screen's active bindings, on one line.

    The command palette's key sits at the right end; keys that do not fit are
    left out whole, never cut in the middle of a word.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-bar--key",
        "key-bar--description",
        "key-bar--separator",
    }
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .key-bar--separator {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._spans: list[tuple[int, int, _Key]] = []  # drawn keys: first cell, end cell
        self._hover: str | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        self.refresh()

    def keys(self) -> tuple[list[_Key], _Key | None]:
        """The keys to show, one per action (its first key), and the palette's key apart."""
        app = self.app
        shown: dict[str, _Key] = {}
        palette = None
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                palette = _Key(key, app.get_key_display(binding), binding.description, True)
            elif binding.show and binding.action not in shown:
                display = app.get_key_display(binding)
                shown[binding.action] = _Key(key, display, binding.description, active.enabled)
        return list(shown.values()), palette

    def render(self) -> Text:
        keys, palette = self.keys()
        width = self.size.width
        right = palette.cells + 2 if palette else 0  # the separator, the key, a margin
        text = Text(no_wrap=True, overflow="crop", end="")
        self._spans = []
        for key in keys:
            gap = 1 if self._spans else 0
            if text.cell_len + gap + key.cells > width - right:
                break
            text.append(" " * gap)
            self._append(text, key)
        if palette and text.cell_len + right <= width:
            text.append(" " * (width - right - text.cell_len))
            text.append(PALETTE_SEPARATOR, self.get_component_rich_style("key-bar--separator"))
            self._append(text, palette)
            text.append(" ")
        return text

    def _append(self, text: Text, key: _Key) -> None:
        """Draw ``key`` (dim if disabled, reversed under the mouse) and remember where."""
        start = text.cell_len
        extra = Style(dim=not key.enabled, reverse=self._hover == key.key)
        text.append(key.display, self.get_component_rich_style("key-bar--key") + extra)
        description_style = self.get_component_rich_style("key-bar--description")
        text.append(" " + key.description, description_style + extra)
        self._spans.append((start, text.cell_len, key))

    def _key_at(self, x: int) -> _Key | None:
        return next((key for start, end, key in self._spans if start <= x < end), None)

    def on_click(self, event: events.Click) -> None:
        key = self._key_at(event.x)
        if key is None:
            return
        event.stop()
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        under = self._key_at(event.x)
        hover = under.key if under else None
        if hover != self._hover:
            self._hover = hover
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()
