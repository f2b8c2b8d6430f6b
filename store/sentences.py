"""Split Korean news prose into sentences without loading a morphological analyser.

Cleaning runs before (and without) Kiwi so that a warm start never loads it.
Korean news sentences end in a terminal mark followed by space; the few
false ends that matter in news (``2024. 12. 5.`` dates, ``3.0`` versions,
decimal numbers) are digits on both sides of the dot, which the pattern skips.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

__all__ = ["comparison_key", "sentence_starts", "split_sentences"]

# A terminal mark, the closing quotes or brackets that stay with it, then space.
_SENTENCE_END = re.compile(r"[.!?…。][\"'”’」』)\]]*\s+")
_KEY_DROP = re.compile(r"[\s\"'“”‘’「」『』`´·…・.,!?~\-–—()\[\]<>《》〈〉]+")


def sentence_starts(text: str) -> list[int]:
    """Offsets in ``text`` where a sentence begins after a previous one ends."""
    starts = []
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        is_number_dot = (
            text[match.start()] == "."
            and match.start() > 0
            and text[match.start() - 1].isdigit()
            and text[end : end + 1].isdigit()
        )
        if not is_number_dot and end < len(text):  # "2024. 12. 5." is one date
            starts.append(end)
    return starts


def split_sentences(text: str) -> list[str]:
    """Split ``text`` into trimmed sentences, keeping each terminal mark."""
    bounds = [0, *sentence_starts(text), len(text)]
    pieces = (text[start:end].strip() for start, end in itertools.pairwise(bounds))
    return [piece for piece in pieces if piece]


@lru_cache(maxsize=4096)
def comparison_key(text: str) -> str:
    """A key under which two copies of a passage compare equal.

    Spacing, quote style, ellipses and light punctuation differ between copies
    of the same text (a blog repost turns “ ” into ' '), so they are dropped;
    Latin letters are lower-cased.
    """
    return _KEY_DROP.sub("", text).lower()
