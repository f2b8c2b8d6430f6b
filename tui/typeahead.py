"""Keys read in one burst go where the person meant them.

Textual hands each key to the widget focused when the key is read, and runs a
binding only when that widget gets to the key. Over SSH, or when someone types
ahead, several keys come in one read: in ``/엑사원`` the letters were handed
to the article list before ``/`` had opened the search box, and were lost.
So the bindings that open a box, or close one with Escape, run as the key is
read (``priority=True``), and the box's screen takes the letters that reach it
before the box has focus (`TypeAhead`).

The price: a binding run as the key is read overtakes keys read just before
it that have not been handled yet, so it is used only where nothing typed
before depends on it. Annotating (``a``) needs the selection made by the keys
before it, so it stays in order, and letters typed ahead of its editor are lost.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.widgets import Input

if TYPE_CHECKING:
    from textual.screen import Screen

    _Base = Screen[Any]
else:
    _Base = object

__all__ = ["TypeAhead"]


class TypeAhead(_Base):
    """Mixin for a screen with a text box: letters typed ahead of its focus go into the box."""

    TYPE_AHEAD_INTO: ClassVar[str]  # the selector of the box

    def on_key(self, event: events.Key) -> None:
        if not event.is_printable:
            return
        box = self.query_one(self.TYPE_AHEAD_INTO, Input)
        if self.focused not in (None, box):
            return  # a list's own letter keys
        # The box stops every letter it gets, so this one came before the box had focus.
        event.stop()
        box.post_message(events.Key(event.key, event.character))
