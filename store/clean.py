"""Turn a scraped page's text into a clean article: metadata, paragraphs, and what was cut.

The page is read as a sequence of units (its lines; a run-on line of a scrape
without line breaks is cut into sentences first). Each unit is metadata
(headline, dateline, byline), boilerplate (page furniture), a duplicate of an
earlier unit, or story text. Nothing is dropped without a `Removed` record.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from store.boilerplate import (
    boilerplate_kind,
    ends_sentence,
    is_list_header,
    is_short_label,
    looks_like_headline_item,
    split_before_copyright,
)
from store.dedupe import DuplicateFinder
from store.metadata import (
    EMAIL,
    find_date,
    is_metadata_line,
    match_byline_prefix,
    outlet_from_copyright,
    outlet_from_email,
    outlet_from_metadata_line,
    reporters_in,
    split_at_datelines,
    split_title_suffix,
)
from store.model import RemovalReason, Removed, Reporter
from store.sentences import comparison_key, split_sentences
from store.text import collapse_spaces, neutralise

__all__ = ["CleanText", "clean_text"]

# A line longer than this with sentences inside is a scrape that lost its
# line breaks: it is read sentence by sentence and re-paragraphed.
RUN_ON_CHARS = 1000
# Sentences of a run-on line are packed into paragraphs of about this size.
PARAGRAPH_CHARS = 400
HEADLINE_CHARS = 200
# Only the first lines of a page can hold the headline.
HEADLINE_WINDOW = 12
_REVISION_LABEL = ("수정", "Updated", "updated", "업데이트")


@dataclass(frozen=True, slots=True)
class CleanText:
    """What cleaning makes of one page."""

    title: str | None
    outlet: str | None
    date: str | None
    reporters: tuple[Reporter, ...]
    paragraphs: tuple[str, ...]
    removed: tuple[Removed, ...]


@dataclass(slots=True)
class _Unit:
    """A line of the page, or a sentence of a run-on line (``run`` names that line)."""

    text: str
    run: int | None = None
    removal: Removed | None = None

    @property
    def is_story(self) -> bool:
        return self.removal is None

    def cut(self, reason: RemovalReason, detail: str) -> None:
        self.removal = Removed(self.text, reason, detail)


@dataclass(slots=True)
class _Metadata:
    """Metadata gathered while reading, in order of trust."""

    title: str | None = None
    title_outlet: str | None = None
    byline_outlet: str | None = None
    line_outlet: str | None = None
    copyright_outlet: str | None = None
    dates: list[tuple[str, bool]] = field(default_factory=list)
    reporters: list[Reporter] = field(default_factory=list)
    orphan_emails: list[str] = field(default_factory=list)

    def add_reporters(self, found: list[Reporter] | tuple[Reporter, ...]) -> None:
        for reporter in found:
            for i, known in enumerate(self.reporters):
                if known.name == reporter.name:
                    if reporter.email and not known.email:
                        self.reporters[i] = reporter
                    break
            else:
                self.reporters.append(reporter)

    def add_email(self, email: str) -> None:
        """An e-mail printed without a name belongs to the one reporter who has none."""
        without = [i for i, reporter in enumerate(self.reporters) if not reporter.email]
        if len(without) == 1:
            self.reporters[without[0]] = Reporter(self.reporters[without[0]].name, email)

    def outlet(self) -> str | None:
        """The outlet the page names most convincingly.

        Each place a page names an outlet is a vote, weighted by how specific it
        is: a byline prefix, then a headline suffix, a reporter's e-mail domain
        and a copyright line, then what is left of a dateline (often a blog's
        name). Ties go to the more specific place.
        """
        votes: dict[str, float] = {}
        order: list[str] = []
        from_email = next(
            (
                outlet
                for reporter in self.reporters
                if reporter.email and (outlet := outlet_from_email(reporter.email))
            ),
            None,
        )
        for outlet, weight in (
            (self.byline_outlet, 3.0),
            (self.title_outlet, 2.0),
            (from_email, 2.0),
            (self.copyright_outlet, 1.5),
            (self.line_outlet, 1.0),
        ):
            if outlet:
                votes[outlet] = votes.get(outlet, 0.0) + weight
                order.append(outlet)
        if not votes:
            return None
        return max(order, key=lambda outlet: (votes[outlet], -order.index(outlet)))

    def date(self) -> str | None:
        published = [iso for iso, revised in self.dates if not revised]
        dates = published or [iso for iso, _ in self.dates]
        return dates[0] if dates else None


def clean_text(raw: str) -> CleanText:
    """Clean the text of one scraped page (already decoded)."""
    units = _read_units(neutralise(raw))
    meta = _Metadata()
    _classify(units, meta)
    _find_headline(units, meta)
    finder = DuplicateFinder()
    if meta.title:
        finder.add_headline(meta.title)
    _cut_lists(units)
    units = _strip_bylines_and_copies(units, meta, finder)
    _cut_trailing_furniture(units)
    for email in meta.orphan_emails:
        meta.add_email(email)
    paragraphs = _assemble(units)
    removed = [unit.removal for unit in units if unit.removal is not None]
    return CleanText(
        title=meta.title,
        outlet=meta.outlet(),
        date=meta.date(),
        reporters=tuple(meta.reporters),
        paragraphs=tuple(paragraphs),
        removed=tuple(removed),
    )


def _read_units(text: str) -> list[_Unit]:
    units: list[_Unit] = []
    for number, line in enumerate(text.split("\n")):
        line = collapse_spaces(line)
        if not line:
            continue
        if len(line) > RUN_ON_CHARS:
            units.extend(_run_on_units(line, number))
        else:
            units.append(_Unit(line))
    return units


def _run_on_units(line: str, run: int) -> list[_Unit]:
    """Units of a line that lost its line breaks: its datelines, its sentences.

    Text just before a dateline is a headline (or similar) standing on its own;
    a copyright notice starts a unit of its own.
    """
    units: list[_Unit] = []
    pieces = split_at_datelines(line)
    for index, (piece, is_metadata) in enumerate(pieces):
        before_dateline = index + 1 < len(pieces) and pieces[index + 1][1]
        if is_metadata or (before_dateline and len(piece) <= HEADLINE_CHARS):
            units.append(_Unit(piece))
            continue
        for sentence in split_sentences(piece):
            units.extend(_Unit(part, run=run) for part in split_before_copyright(sentence))
    return units


def _classify(units: list[_Unit], meta: _Metadata) -> None:
    """Cut metadata lines and page furniture, gathering metadata on the way."""
    for unit in units:
        text = unit.text
        if is_metadata_line(text):
            unit.cut("metadata", "dateline or byline")
            if iso := find_date(text):
                meta.dates.append((iso, any(label in text for label in _REVISION_LABEL)))
            found = reporters_in(text)
            meta.add_reporters(found)
            if not found and (email := EMAIL.search(text)):
                meta.orphan_emails.append(email.group(0))
            if not meta.line_outlet and not EMAIL.fullmatch(text):
                meta.line_outlet = outlet_from_metadata_line(text)
            continue
        if byline := _whole_line_byline(text):
            unit.cut("metadata", "byline")
            meta.add_reporters(byline)
            continue
        kind = boilerplate_kind(text)
        if kind:
            unit.cut("boilerplate", kind)
            if kind == "copyright line" and not meta.copyright_outlet:
                meta.copyright_outlet = outlet_from_copyright(text)
        elif _is_bracketed_label(text):
            unit.cut("boilerplate", "section label")


def _whole_line_byline(text: str) -> tuple[Reporter, ...] | None:
    """A line that is nothing but a byline bracket, such as ``[미디어펜=조우현 기자]``."""
    byline = match_byline_prefix(text)
    if byline and byline.text.strip() == text and byline.reporters:
        return byline.reporters
    return None


def _is_bracketed_label(text: str) -> bool:
    """``[스페셜 리포트]``, ``<인터뷰>``: a label printed on its own line."""
    return (
        len(text) <= 30
        and text[0] in "[<【〈《"
        and text[-1] in "]>】〉》"
        and not any(mark in text[1:-1] for mark in "[]<>【】")
    )


def _find_headline(units: list[_Unit], meta: _Metadata) -> None:
    """Take the headline from the top of the page; short lines above it are site furniture.

    The top of a page can hold a blog's or a section's name before the headline,
    so the likeliest line wins: one carrying an outlet suffix (``… - 아이뉴스24``),
    one the page repeats further down; otherwise the first (a deck follows it).
    """
    window = units[:HEADLINE_WINDOW]
    story_start = next(
        (
            i
            for i, unit in enumerate(window)
            if unit.is_story
            and (
                unit.run is not None
                or match_byline_prefix(unit.text)
                or (len(unit.text) > HEADLINE_CHARS and ends_sentence(unit.text))
            )
        ),
        len(window),
    )
    candidates = [
        i
        for i, unit in enumerate(window[:story_start])
        if unit.is_story and not is_short_label(unit.text) and not ends_sentence(unit.text)
    ]
    labels = [unit for unit in window[:story_start] if unit.is_story and is_short_label(unit.text)]
    if not candidates and labels and not any(u.is_story for u in units[story_start:]):
        # A page with nothing but a short line or two: the last of them is its title.
        meta.title = labels[-1].text
        labels.pop().cut("metadata", "headline")
    for unit in labels:
        unit.cut("boilerplate", "section label")
    if not candidates:
        return
    keys = [comparison_key(unit.text) for unit in units]

    def likelihood(index: int) -> tuple[int, int]:
        headline, suffix = split_title_suffix(units[index].text)
        repeated = comparison_key(headline) in keys[index + 1 :]
        return 3 * (suffix is not None) + 2 * repeated, -index

    best = max(candidates, key=likelihood)
    meta.title, meta.title_outlet = split_title_suffix(units[best].text)
    units[best].cut("metadata", "headline")
    for unit in window[:best]:
        if unit.is_story and not _is_prose(unit.text):
            unit.cut("boilerplate", "site header above the headline")


def _cut_lists(units: list[_Unit]) -> None:
    """Cut the headline lists under a 'related articles' or 'most read' header."""
    in_list = False
    for unit in units:
        if unit.removal is not None:
            in_list = is_list_header(unit.text) or (in_list and unit.removal.reason != "metadata")
            continue
        if in_list and looks_like_headline_item(unit.text):
            unit.cut("boilerplate", "related or most-read list")
        else:
            in_list = False


def _strip_bylines_and_copies(
    units: list[_Unit], meta: _Metadata, finder: DuplicateFinder
) -> list[_Unit]:
    """Strip byline prefixes from story text, and cut what repeats earlier text.

    A stripped prefix becomes its own removed unit just before the paragraph it
    opened, so ``removed`` stays in page order.
    """
    result: list[_Unit] = []
    for unit in units:
        if unit.is_story and (byline := match_byline_prefix(unit.text)):
            meta.add_reporters(byline.reporters)
            meta.byline_outlet = meta.byline_outlet or byline.outlet
            prefix = byline.text.strip()
            result.append(_Unit(prefix, unit.run, Removed(prefix, "metadata", "byline prefix")))
            unit.text = unit.text[len(byline.text) :].strip()
            if not unit.text:
                continue
        if unit.is_story:
            copy = finder.copy_of(unit.text)
            if copy:
                unit.cut("duplicate", copy)
            else:
                finder.keep(unit.text)
        result.append(unit)
    return result


def _cut_trailing_furniture(units: list[_Unit]) -> None:
    """After the story's last sentence, short lines that end no sentence are page furniture.

    A page without any prose keeps its lines: there is no story to be after.
    """
    last = max(
        (i for i, unit in enumerate(units) if unit.is_story and _is_prose(unit.text)),
        default=None,
    )
    if last is None:
        return
    for unit in units[last + 1 :]:
        if unit.is_story and not _is_prose(unit.text):
            unit.cut("boilerplate", "label or list after the story")


def _is_prose(text: str) -> bool:
    """A sentence with its end mark (``본문이다.``), or a line long enough to be story text."""
    return (ends_sentence(text) and len(text) >= 5) or len(text) >= 120


def _assemble(units: list[_Unit]) -> list[str]:
    """Paragraphs from the kept units; sentences of one run-on line are packed together."""
    paragraphs: list[str] = []
    open_run: int | None = None
    for unit in units:
        if not unit.is_story:
            open_run = None
            continue
        if unit.run is not None and unit.run == open_run and len(paragraphs[-1]) < PARAGRAPH_CHARS:
            paragraphs[-1] += " " + unit.text
        else:
            paragraphs.append(unit.text)
        open_run = unit.run
    return paragraphs
