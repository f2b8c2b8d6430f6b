"""Turn untrusted text (articles, notes, tags, file names, typed queries) into display objects.

Textual interprets Rich markup in plain strings given to ``Static``,
``Label``, DataTable and Tree cells and ``notify()``: a title such as
``[@click=app.quit]x[/]`` would become a clickable action, ``[link=...]`` a
hidden link, and a stray ``[/b]`` would crash the session. Control and escape
sequences pass even through ``Content``. So every piece of outside text goes
through one of these functions, which neutralise it (see
:func:`store.text.neutralise`) and wrap it in a ``Content`` or a Rich ``Text``
that is never parsed as markup. Styled strings are built from constant
templates with the outside text as a template variable.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.style import Style as RichStyle
from rich.text import Text
from textual.content import Content
from textual.style import Style

from store.text import neutralise, single_line

__all__ = [
    "ELLIPSIS",
    "fit",
    "line",
    "paragraph",
    "plain_content",
    "plain_text",
    "template",
]

ELLIPSIS = "…"


def line(text: object) -> str:
    """``text`` as one neutral line: no controls, no escapes, no line breaks."""
    return single_line(str(text))


def paragraph(text: object) -> str:
    """``text`` neutralised, line breaks kept."""
    return neutralise(str(text))


def plain_content(text: object, style: Style | str = "", *, multiline: bool = False) -> Content:
    """A ``Content`` showing ``text`` literally (markup characters included)."""
    clean = paragraph(text) if multiline else line(text)
    return Content.styled(clean, style) if style else Content(clean)


def plain_text(text: object, style: RichStyle | str = "") -> Text:
    """A Rich ``Text`` showing ``text`` literally, for widgets that take Rich renderables."""
    return Text(line(text), style=style, end="", no_wrap=True)


def template(markup: str, **values: object) -> Content:
    """``Content`` from a constant markup template, with outside text as literal values.

    Only ``markup`` is parsed; every value is neutralised to one line and
    inserted as plain text. Never pass outside text as ``markup``.
    """
    return Content.from_markup(markup, **{name: line(value) for name, value in values.items()})


def fit(text: str, width: int) -> str:
    """``text`` cut or padded to exactly ``width`` cells, with an ellipsis when cut.

    Never splits a double-width character: a half-cell left over is padded.
    """
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(set_cell_size(text, width - 1).rstrip() + ELLIPSIS, width)
