"""Neutralising untrusted text: nothing a terminal could interpret, nothing invisible."""

from __future__ import annotations

import re
import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.text import collapse_spaces, escaped, neutralise, single_line

HOSTILE = {
    "osc52 clipboard write": ("a\x1b]52;c;ZWNobyBwd25lZA==\x07b", "ab"),
    "osc52 with ST": ("a\x1b]52;c;ZWNobw==\x1b\\b", "ab"),
    "window title": ("\x1b]0;owned\x07제목", "제목"),
    "hyperlink": ("\x1b]8;;file:///etc/passwd\x07링크\x1b]8;;\x07", "링크"),
    "clear screen": ("before\x1b[2Jafter", "beforeafter"),
    "cursor report": ("x\x1b[6ny", "xy"),
    "sgr colour": ("\x1b[31m빨강\x1b[0m", "빨강"),
    "8-bit CSI": ("a\x9b2Jb", "ab"),
    "8-bit OSC": ("a\x9d0;t\x9cb", "ab"),
    "8-bit DCS": ("a\x90q#0;2\x9cb", "ab"),
    "8-bit SOS": ("a\x98payload\x9cb", "ab"),
    "8-bit PM": ("a\x9epayload\x9cb", "ab"),
    "8-bit APC": ("a\x9fpayload\x9cb", "ab"),
    "C1 controls": ("a\x85\x8d\x8eb", "a\nb"),
    "bidi override": ("\u202e엑사원\u202c", "엑사원"),
    "bidi isolate": ("\u2066LG\u2069", "LG"),
    "zero width": ("엑\u200b사\u200d원\ufeff", "엑사원"),
    "NUL and BEL": ("a\x00b\x07c", "abc"),
    "DCS": ("a\x1bPq#0;2;0;0;0\x1b\\b", "ab"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_escape_sequences_and_invisible_characters_are_removed(name: str) -> None:
    text, expected = HOSTILE[name]
    assert neutralise(text) == expected


def test_an_unterminated_escape_does_not_swallow_the_next_line() -> None:
    assert neutralise("head\x1b]52;c;AAAA\nnext line") == "head\nnext line"


def test_line_breaks_are_normalised() -> None:
    assert neutralise("a\r\nb\rc\u2028d") == "a\nb\nc\nd"
    assert neutralise("a\nb", keep_newlines=False) == "a b"


def test_hangul_is_composed_to_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "엑사원")
    assert decomposed != "엑사원"
    assert neutralise(decomposed) == "엑사원"


def test_spaces_tabs_and_nbsp_collapse() -> None:
    assert collapse_spaces(" a\t\tb\u00a0\u00a0c\u3000d ") == "a b c d"
    assert single_line("제목\n\x1b[2J둘째 줄\t") == "제목 둘째 줄"


@given(st.text(alphabet=st.sampled_from(["a", "한", " ", "\t", "\u00a0", "\u3000", "\u2009"])))
def test_collapse_spaces_turns_every_run_of_spaces_into_one(text: str) -> None:
    """The fast pattern skips single spaces; the result is the plain rule's."""
    every_run = re.sub("[\t \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+", " ", text)
    assert collapse_spaces(text) == every_run.strip()


def test_no_control_or_format_character_survives() -> None:
    """Check against Unicode itself, for every control and format code point.

    An escape introducer may take the character after it as part of its
    sequence, so each is followed by a line break and a word that must survive.
    """
    survivors = []
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if unicodedata.category(char) not in {"Cc", "Cf"} or char in "\n\t":
            continue
        result = neutralise("앞" + char + "\n뒤")
        leftovers = [
            c for c in result if unicodedata.category(c) in {"Cc", "Cf"} and c not in "\n\t"
        ]
        if leftovers or not result.startswith("앞") or not result.endswith("\n뒤"):
            survivors.append(f"U+{code:04X}")
    assert survivors == []


@given(
    st.text(alphabet=st.characters(exclude_categories=()), max_size=40)
    | st.text("가a  \n\t\u1100\u1161\u00a0")
)
def test_the_fast_path_for_clean_text_agrees_with_the_full_work(text: str) -> None:
    """A leading NUL forces the full pipeline; it is removed before anything else."""
    assert neutralise(text) == neutralise("\x00" + text)
    assert single_line(text) == single_line("\x00" + text)


@given(st.lists(st.text(alphabet=st.characters(exclude_categories=()), max_size=12), max_size=6))
def test_escaped_names_are_printable_and_stay_distinct(names: list[str]) -> None:
    """Every name that needs an escape escapes to a printable name no other one shares."""
    needing = {name for name in names if not name.isprintable()}
    shown = {escaped(name) for name in needing}
    assert all(name.isprintable() for name in shown)
    assert len(shown) == len(needing)
    assert all(escaped(name) == name for name in names if name.isprintable())


def test_escaped_writes_bytes_that_were_not_utf8_as_those_bytes() -> None:
    assert escaped("bad\udcff\udcfe\\x.txt") == "bad\\xff\\xfe\\\\x.txt"
    assert escaped("a\x1b[31m\u202e한\U000e0041") == "a\\x1b[31m\\u202e한\\U000e0041"
