"""The command palette (Ctrl+P): every action of every pane, and every article by title.

Commands come from :mod:`tui.keymap`, the same list the help screen shows,
so each action with a key is also reachable by name; an action runs on the
pane that owns it, as if its key had been pressed there. Article titles are
data: they are matched as plain substrings and drawn as plain ``Content``
(Textual's own ``Matcher.highlight`` would parse them as markup).
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.markup import escape
from textual.widget import Widget

from tui.safe import line

if TYPE_CHECKING:
    from tui.app import ReaderApp

__all__ = ["ReaderCommands"]

MAX_ARTICLE_HITS = 40


def _highlight(matcher: Matcher, text: str) -> Content:
    """``text`` with the fuzzy-matched characters styled, never parsed as markup."""
    content = Content(text)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    for offset in offsets:
        content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class ReaderCommands(Provider):
    """Actions by their description; articles by their title."""

    def _actions(self) -> list[tuple[str, str, App[Any] | Widget, str]]:
        """(text, help, target node, action) for every action that can run now."""
        app: ReaderApp = self.app  # type: ignore[assignment]
        commands = []
        seen: set[tuple[int, str]] = set()
        for entry in app.key_entries():
            target = app.command_target(entry.owner, self.screen)
            if target is None or (id(target), entry.action) in seen:
                continue
            seen.add((id(target), entry.action))
            # The palette parses help as markup: only our own words, escaped.
            help_text = escape(f"{entry.section} · keys: {entry.display}")
            commands.append((entry.description, help_text, target, entry.action))
        return commands

    async def discover(self) -> Hits:
        for text, help_text, target, action in self._actions():
            yield DiscoveryHit(
                Content(text), partial(target.run_action, action), text=text, help=help_text
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, help_text, target, action in self._actions():
            score = matcher.match(text)
            if score > 0:
                yield Hit(
                    score,
                    _highlight(matcher, text),
                    partial(target.run_action, action),
                    text=text,
                    help=help_text,
                )
        needle = line(query).casefold()
        if len(needle) < 2:
            return
        app: ReaderApp = self.app  # type: ignore[assignment]
        found = 0
        for article_id, title in app.article_titles():
            where = title.casefold().find(needle)
            if where < 0:
                continue
            text = f"Open: {title}"
            display = Content(text).stylize(
                matcher.match_style, 6 + where, 6 + where + len(needle)
            ) + Content.styled(f"  {line(article_id)}", "dim")
            yield Hit(
                0.5,
                display,
                partial(app.open_article, article_id),
                text=text,
                help="Open this article in the reader",
            )
            found += 1
            if found >= MAX_ARTICLE_HITS:
                return
