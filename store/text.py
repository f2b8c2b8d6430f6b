"""Make untrusted text safe to store and show.

Article files and notes come from scrapers and people. Before any of it is
stored or drawn, terminal escape sequences (CSI, OSC such as the OSC 52
clipboard write, DCS), C0 and C1 control characters, bidi overrides and
zero-width characters are removed, and the visible words are kept. Text is
normalised to NFC so that the same Hangul always compares equal.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "UNSAFE_STANDIN",
    "collapse_spaces",
    "displayable",
    "escaped",
    "neutralise",
    "single_line",
]

# Whole escape sequences go, payload included: an OSC 52 payload or a window
# title is not a visible word. 7-bit (ESC ...) and 8-bit (C1) introducers both.
_ESCAPE_SEQUENCE = re.compile(
    r"""
      (?:\x1b\[|\x9b) [\x30-\x3f]* [\x20-\x2f]* [\x40-\x7e]?          # CSI
    | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f]) [^\x07\x1b\x9c\n]* (?:\x07|\x1b\\|\x9c)?  # OSC…
    | \x1b [\x20-\x2f]* [\x30-\x7e]?                                   # other ESC sequences
    """,
    re.VERBOSE,
)
# What every escape sequence starts with. Looking for these first is about 60
# times faster than the search for whole sequences in text that holds none (most).
_INTRODUCERS = "\x1b\x90\x98\x9b\x9d\x9e\x9f"

# Every character of Unicode category Cc (except tab and newline) and Cf:
# controls, bidi embeddings/overrides/isolates, zero-width and other invisible
# format characters, the BOM, tag characters. A test checks this class against
# `unicodedata` for every code point.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)
_SURROGATE = re.compile("[\ud800-\udfff]")
_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029\x85\x0b\x0c]")
# Tabs and Unicode space separators (NBSP, ideographic space, thin spaces...).
_SPACE = "\t \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_OTHER_SPACE = "\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
# Runs of them other than a single ASCII space: the common one is left alone,
# which made collapsing the lines of a scraped page 2.7 times faster.
_SPACES = re.compile(f"[{_OTHER_SPACE}][{_SPACE}]*| [{_SPACE}]+")


def neutralise(text: str, *, keep_newlines: bool = True) -> str:
    """Return ``text`` with nothing a terminal could interpret and nothing invisible.

    Line breaks of every kind become ``\\n`` (or a space when ``keep_newlines``
    is false); escape sequences are dropped whole; other control and format
    characters are dropped; the result is NFC.
    """
    if _already_neutral(text.replace("\n", "") if keep_newlines else text, text):
        return text  # the common case for stored text: nothing to do
    text = _LINE_BREAKS.sub("\n", text)
    if any(introducer in text for introducer in _INTRODUCERS):
        text = _ESCAPE_SEQUENCE.sub("", text)
    text = _INVISIBLE.sub("", text)
    text = _SURROGATE.sub("\ufffd", text)
    if not keep_newlines:
        text = text.replace("\n", " ")
    return unicodedata.normalize("NFC", text)


# For drawing text whose offsets matter (a reader's caret, highlights): every
# character neutralise() would remove, plus tabs and separators, is replaced
# one for one, so offsets keep their meaning and nothing reaches the terminal.
_UNDRAWABLE = re.compile(_INVISIBLE.pattern[:-1] + "\t\u2028\u2029\ud800-\udfff]")
UNSAFE_STANDIN = "?"


def displayable(text: str) -> str:
    """``text`` with every character a terminal could act on or hide drawn as ``?``.

    Unlike `neutralise`, the length is kept: offsets into the text still point at
    the same characters.
    """
    return _UNDRAWABLE.sub(UNSAFE_STANDIN, text)


def collapse_spaces(text: str) -> str:
    """Collapse runs of spaces, tabs and non-breaking spaces to one space, and trim."""
    return _SPACES.sub(" ", text).strip()


def single_line(text: str) -> str:
    """Neutralise ``text`` for a one-line field such as a title, a tag or a file name."""
    # `_already_neutral`, inlined: every title of a large corpus passes here.
    if (
        text.isprintable()
        and unicodedata.is_normalized("NFC", text)
        and "  " not in text
        and text == text.strip(" ")
    ):
        return text
    return collapse_spaces(neutralise(text, keep_newlines=False))


def _already_neutral(visible: str, text: str) -> bool:
    """True when neutralising would change nothing.

    ``str.isprintable`` rejects exactly what `neutralise` removes or rewrites
    (controls, format characters, separators other than the ASCII space,
    surrogates); NFC text needs no recomposition.
    """
    return visible.isprintable() and unicodedata.is_normalized("NFC", text)


def escaped(text: str) -> str:
    """``text`` with every character that is not printable written as a backslash escape.

    For names that must stay distinct and typeable, such as a file name used as
    an article id: `neutralise` would drop an escape sequence and could make two
    names one. A byte that was not UTF-8 (a surrogate from ``os.fsdecode``)
    becomes ``\\xNN``. Text that needs no escape is returned as it is; in text
    that does, a backslash is doubled, so no two such texts escape alike.
    """
    if text.isprintable():
        return text
    return "".join(_escape(character) for character in text)


def _escape(character: str) -> str:
    if character == "\\":
        return "\\\\"
    if character.isprintable():
        return character
    code = ord(character)
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for the byte code - 0xDC00
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
