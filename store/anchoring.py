"""Keep a highlighted span attached to the right words when an article's body changes.

A note remembers its span three ways, as the W3C Web Annotation model does:
the quoted text with ~32 characters before and after it (a
``TextQuoteSelector``: ``exact``, ``prefix``, ``suffix``), its character
offsets (a ``TextPositionSelector``) and the content hash of the body it was
made on. Re-cleaning or re-scraping an article moves text around; the quote
and its context find the span again.

:func:`place` tries, in order:

1. the stored offsets, when the body is the same one (same hash) and the quote
   is still there;
2. every exact occurrence of the quote, choosing the one whose surrounding text
   best matches the stored context (ties go to the occurrence nearest the old
   offset, so an unchanged position wins when nothing tells occurrences apart);
3. a fuzzy match for an edited quote: candidate windows are found by short
   pieces of the quote and by its context, aligned with :mod:`difflib`, and
   accepted at a similarity of at least :data:`FUZZY_THRESHOLD`;
4. otherwise the note is *orphaned*: it keeps its quote and old offsets, and
   the caller shows it apart, never drops it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from store.text import neutralise

__all__ = ["CONTEXT_CHARS", "FUZZY_THRESHOLD", "Anchor", "Placement", "make_anchor", "place"]

#: Characters of context kept on each side of a quote.
CONTEXT_CHARS = 32
#: Least :meth:`difflib.SequenceMatcher.ratio` for a fuzzy match to count.
FUZZY_THRESHOLD = 0.75
#: Quotes shorter than this are too easy to find by accident: a fuzzy match
#: must also be backed by at least half of the stored context.
SHORT_QUOTE = 16
# Fuzzy search looks at this many candidate places at most.
_MAX_CANDIDATES = 8
# A piece of the quote found more often than this says nothing about where it is.
_MAX_PIECE_HITS = 50

Method = Literal["position", "quote", "fuzzy", "orphaned"]


@dataclass(frozen=True)
class Anchor:
    """Where a note was made: quote selector, position selector and content hash."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int
    content_hash: str


@dataclass(frozen=True)
class Placement:
    """Where an anchor lands in a body, and how it was found."""

    start: int
    end: int
    method: Method

    @property
    def orphaned(self) -> bool:
        """Whether the quote was not found; ``start``/``end`` are then the stored offsets."""
        return self.method == "orphaned"


def make_anchor(body: str, start: int, end: int, content_hash: str) -> Anchor:
    """Return the anchor of ``body[start:end]``.

    The quote and its context are neutralised like every stored text; for a
    clean body (already neutral) this changes nothing.

    Raises:
        ValueError: The span is empty or outside ``body``.
    """
    if not 0 <= start < end <= len(body):
        raise ValueError(
            f"span {start}..{end} is empty or outside a body of {len(body)} characters"
        )
    return Anchor(
        exact=neutralise(body[start:end]),
        prefix=neutralise(body[max(0, start - CONTEXT_CHARS) : start]),
        suffix=neutralise(body[end : end + CONTEXT_CHARS]),
        start=start,
        end=end,
        content_hash=content_hash,
    )


def place(anchor: Anchor, body: str, content_hash: str) -> Placement:
    """Return where ``anchor`` belongs in ``body`` (see the module docstring for the order)."""
    exact = anchor.exact
    if not exact:
        return Placement(anchor.start, anchor.end, "orphaned")
    if content_hash == anchor.content_hash and body[anchor.start : anchor.end] == exact:
        return Placement(anchor.start, anchor.end, "position")
    occurrences = _find_all(body, exact)
    if occurrences:
        best = max(
            occurrences,
            key=lambda s: (_context_score(anchor, body, s, s + len(exact)), -abs(s - anchor.start)),
        )
        method: Method = "position" if best == anchor.start else "quote"
        return Placement(best, best + len(exact), method)
    return _fuzzy(anchor, body) or Placement(anchor.start, anchor.end, "orphaned")


def _find_all(body: str, piece: str, limit: int | None = None) -> list[int]:
    """Return the start of every occurrence of ``piece`` in ``body``, overlapping ones too."""
    found: list[int] = []
    at = body.find(piece)
    while at != -1 and (limit is None or len(found) < limit):
        found.append(at)
        at = body.find(piece, at + 1)
    return found


def _context_score(anchor: Anchor, body: str, start: int, end: int) -> int:
    """Count the stored context characters that still surround ``body[start:end]``."""
    before = body[max(0, start - len(anchor.prefix)) : start]
    after = body[end : end + len(anchor.suffix)]
    return _shared_start(before[::-1], anchor.prefix[::-1]) + _shared_start(after, anchor.suffix)


def _shared_start(first: str, second: str) -> int:
    """Count the leading characters ``first`` and ``second`` have in common."""
    for index, (a, b) in enumerate(zip(first, second, strict=False)):
        if a != b:
            return index
    return min(len(first), len(second))


def _fuzzy(anchor: Anchor, body: str) -> Placement | None:
    """Return the best place for an edited quote, or ``None`` if nothing is similar enough."""
    exact = anchor.exact
    slack = max(8, len(exact) // 4)
    best: tuple[tuple[float, int, int], Placement] | None = None
    for candidate in _candidate_starts(anchor, body, slack):
        for start, end in _aligned_spans(exact, body, candidate, slack):
            ratio = SequenceMatcher(None, exact, body[start:end], autojunk=False).ratio()
            context = _context_score(anchor, body, start, end)
            if ratio < FUZZY_THRESHOLD or not _backed_by_context(anchor, context):
                continue
            key = (ratio, context, -abs(start - anchor.start))
            if best is None or key > best[0]:
                best = (key, Placement(start, end, "fuzzy"))
    return best[1] if best else None


def _backed_by_context(anchor: Anchor, context: int) -> bool:
    """Whether a fuzzy match of a short quote has enough of its context around it."""
    if len(anchor.exact) >= SHORT_QUOTE:
        return True
    stored = len(anchor.prefix) + len(anchor.suffix)
    return stored > 0 and context * 2 >= stored


def _candidate_starts(anchor: Anchor, body: str, slack: int) -> list[int]:
    """Return likely start offsets of an edited quote, most likely first.

    Each piece of the quote found in the body votes for the start it implies;
    the stored prefix and suffix vote twice, being longer and more specific.
    Starts closer than ``slack`` to a better one are the same candidate.
    """
    exact = anchor.exact
    size = max(2, min(8, len(exact) // 4))
    votes: Counter[int] = Counter()
    for offset in range(0, len(exact) - size + 1, size):
        hits = _find_all(body, exact[offset : offset + size], limit=_MAX_PIECE_HITS)
        if len(hits) < _MAX_PIECE_HITS:
            votes.update(hit - offset for hit in hits)
    if anchor.prefix:
        for hit in _find_all(body, anchor.prefix, limit=_MAX_PIECE_HITS):
            votes[hit + len(anchor.prefix)] += 2
    if anchor.suffix:
        for hit in _find_all(body, anchor.suffix, limit=_MAX_PIECE_HITS):
            votes[hit - len(exact)] += 2
    chosen: list[int] = []
    for start, _ in sorted(votes.items(), key=lambda item: (-item[1], abs(item[0] - anchor.start))):
        if all(abs(start - other) > slack for other in chosen):
            chosen.append(start)
            if len(chosen) == _MAX_CANDIDATES:
                break
    return chosen


def _aligned_spans(exact: str, body: str, candidate: int, slack: int) -> list[tuple[int, int]]:
    """Return the spans near ``candidate`` that line up with ``exact``.

    Two readings of the alignment: the stretch of body from the first to the
    last matching block, and that stretch widened by the quote's unmatched head
    and tail (an edited first or last word).
    """
    low = max(0, candidate - slack)
    high = min(len(body), candidate + len(exact) + slack)
    matcher = SequenceMatcher(None, exact, body[low:high], autojunk=False)
    blocks = [block for block in matcher.get_matching_blocks() if block.size]
    if not blocks:
        return []
    first, last = blocks[0], blocks[-1]
    core = (low + first.b, low + last.b + last.size)
    widened = (
        max(low, core[0] - first.a),
        min(high, core[1] + len(exact) - last.a - last.size),
    )
    return [widened, core] if widened != core else [core]
