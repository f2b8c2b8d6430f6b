"""Export notes as one Markdown document that keeps its shape whatever people typed.

Notes and titles are hostile input. Pasted into Markdown as they are, one
unterminated ```` ``` ```` swallows the notes after it, a line starting with
``#`` becomes a heading, ``line\\n---`` a setext heading, and ``<script>``
reaches the HTML. Every piece of text here is therefore escaped for the place
it goes:

* everywhere: backslash before ``\\ ` * _ [ ] | ~`` (emphasis, code, links,
  tables, strikethrough, escapes) and entities for ``<`` and ``&`` (HTML,
  autolinks, character references);
* at the start of each line: backslash before ``# > + = -`` and before the
  ``.``/``)`` of a leading number (headings, quotes, lists, setext underlines,
  thematic breaks); leading whitespace is dropped (indented code) and so is
  trailing whitespace (hard breaks made of spaces);
* in headings: ``#`` anywhere (an ATX closing sequence).

A line break inside a note or quote becomes a hard break, a blank line a new
paragraph, so the text reads as it was typed.

The document::

    ---                                 YAML front matter, every value double-quoted
    user: "kim"
    ...
                                        (a blank line)
    ---

    # Notes — kim                       the document's one title heading

    ## <article title>                  one heading per article with notes
    - Outlet: ... / Date / Tags / Entities / Article id

    > <quote>                           one blockquote per note
    <note text>
    Tags: ... · id: <note id>           always the note's last paragraph
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from store.model import Article
from store.notes import Note
from store.text import neutralise, single_line

__all__ = ["ArticleSummary", "export_markdown"]


@dataclass(frozen=True)
class ArticleSummary:
    """What the export says about an article above its notes."""

    id: str
    title: str
    outlet: str | None = None
    date: str | None = None
    tags: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()

    @classmethod
    def of(cls, article: Article, tags: tuple[str, ...] = ()) -> ArticleSummary:
        """The summary of ``article``: its metadata, ``tags`` and its entities in body order."""
        entities = tuple(dict.fromkeys(mention.entity for mention in article.mentions))
        return cls(article.id, article.title, article.outlet, article.date, tags, entities)


_INLINE = re.compile(r"[\\`*_\[\]|~<&]")
_HEADING_INLINE = re.compile(r"[\\`*_\[\]|~<&#]")
_ENTITIES = {"<": "&lt;", "&": "&amp;"}
_BLOCK_START = re.compile(r"[#>+=-]")
_NUMBERED = re.compile(r"(\d+)([.)])")


def _escape_char(match: re.Match[str]) -> str:
    """Return the escaped form of one significant character: an entity or a backslash escape."""
    char = match.group()
    return _ENTITIES.get(char) or "\\" + char


def _escape_line(line: str, *, heading: bool = False) -> str:
    """Return one line of text as Markdown that shows exactly that text and starts no block."""
    line = (_HEADING_INLINE if heading else _INLINE).sub(_escape_char, line.strip())
    if _BLOCK_START.match(line):
        return "\\" + line
    return _NUMBERED.sub(r"\1\\\2", line, count=1) if _NUMBERED.match(line) else line


def _escape_field(text: str | None, *, heading: bool = False) -> str:
    """Return a one-line field (title, outlet, tag) escaped."""
    return _escape_line(single_line(text or ""), heading=heading)


def _paragraphs(text: str) -> list[str]:
    """Return ``text`` as escaped Markdown paragraphs: hard breaks inside, blank lines between."""
    paragraphs: list[list[str]] = [[]]
    for line in neutralise(text).split("\n"):
        escaped = _escape_line(line)
        if escaped:
            paragraphs[-1].append(escaped)
        elif paragraphs[-1]:
            paragraphs.append([])
    return ["\\\n".join(lines) for lines in paragraphs if lines]


def _blockquote(text: str) -> str:
    """Return ``text`` as exactly one Markdown blockquote (an empty one if there is no text)."""
    paragraphs = _paragraphs(text)
    if not paragraphs:
        return ">"
    lines = "\n>\n".join(paragraphs).split("\n")
    return "\n".join(f"> {line}" if line != ">" else ">" for line in lines)


# Characters YAML does not allow raw in a double-quoted scalar, or would fold
# as line breaks; written as \uXXXX, which JSON reads the same way.
_YAML_UNSAFE = re.compile('[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff"\\\\]')


def _yaml_string(value: str) -> str:
    """Return ``value`` as a double-quoted YAML scalar (also a valid JSON string)."""

    def escape(match: re.Match[str]) -> str:
        char = match.group()
        return "\\" + char if char in '"\\' else f"\\u{ord(char):04x}"

    return '"' + _YAML_UNSAFE.sub(escape, value) + '"'


def _front_matter(user: str, filters: Mapping[str, str | None], now: datetime, count: int) -> str:
    """Return the YAML front matter; one line per value, so nothing can end it early.

    A blank line precedes the closing ``---``: a renderer that knows front
    matter hides the block either way, and one that does not shows a rule, the
    values and a rule, instead of turning the values into a setext heading.
    """
    lines = ["---", f"user: {_yaml_string(user)}", f"date: {_yaml_string(now.isoformat())}"]
    if filters:
        lines.append("filters:")
        for key, value in filters.items():
            shown = "null" if value is None else _yaml_string(value)
            lines.append(f"  {_yaml_string(key)}: {shown}")
    else:
        lines.append("filters: {}")
    lines += [f"notes: {count}", "", "---"]
    return "\n".join(lines)


def _article_section(article: str, summary: ArticleSummary | None) -> str:
    """Return an article's heading and a list of what is known about it."""
    title = summary.title if summary and single_line(summary.title) else article
    facts = []
    if summary and summary.outlet:
        facts.append(f"- Outlet: {_escape_field(summary.outlet)}")
    if summary and summary.date:
        facts.append(f"- Date: {_escape_field(summary.date)}")
    if summary and summary.tags:
        facts.append(f"- Tags: {', '.join(_escape_field(tag) for tag in summary.tags)}")
    if summary and summary.entities:
        names = ", ".join(_escape_field(name) for name in summary.entities)
        facts.append(f"- Entities: {names}")
    facts.append(f"- Article id: {_escape_field(article)}")
    return f"## {_escape_field(title, heading=True)}\n\n" + "\n".join(facts)


def _note_section(note: Note) -> str:
    """Return a note: its quote as a blockquote, its text, then its tags and id."""
    meta = []
    if note.tags:
        meta.append("Tags: " + ", ".join(_escape_field(tag) for tag in note.tags))
    if note.orphaned:
        meta.append("orphaned: the quote is no longer in the article")
    meta.append(f"id: {_escape_field(note.id)}")
    return "\n\n".join([_blockquote(note.quote), *_paragraphs(note.note), " · ".join(meta)])


def export_markdown(
    notes: Iterable[Note],
    articles: Mapping[str, ArticleSummary],
    user: str,
    filters: Mapping[str, str | None],
    now: datetime,
) -> str:
    """Return ``notes`` as one Markdown document, grouped by article.

    Args:
        notes: The notes to export, placed or not; an orphaned note says so.
        articles: What to say about each article, by id. Articles come in this
            mapping's order; articles missing from it come last, by id, under
            their id.
        user: Whose notes these are, for the front matter and the title.
        filters: The filters that chose the notes (``{"tag": "경제"}``), recorded
            in the front matter.
        now: When the export was made.

    Returns:
        The document, ending with a newline.
    """
    by_article: dict[str, list[Note]] = {}
    for note in notes:
        by_article.setdefault(note.article, []).append(note)
    order = [article for article in articles if article in by_article]
    order += sorted(set(by_article) - set(order))
    count = sum(len(group) for group in by_article.values())
    blocks = [
        _front_matter(user, filters, now, count),
        f"# Notes — {_escape_field(user, heading=True)}",
    ]
    for article in order:
        blocks.append(_article_section(article, articles.get(article)))
        group = sorted(by_article[article], key=lambda note: (note.start, note.created, note.id))
        blocks.extend(_note_section(note) for note in group)
    return "\n\n".join(blocks) + "\n"
