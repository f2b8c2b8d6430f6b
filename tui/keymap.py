"""Every key binding of the app, by pane, read from the classes' own ``BINDINGS``.

The help screen and the command palette both list from here, so neither can
drift from what the keys actually do: a binding added to a widget appears in
both. A key bound in a subclass replaces the same key of its base classes,
as Textual does.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from textual.app import App
from textual.binding import Binding, BindingType
from textual.dom import DOMNode

__all__ = ["KeyHelp", "bindings_of", "key_help"]


@dataclass(frozen=True, slots=True)
class KeyHelp:
    """One action in one pane, with every key that runs it there."""

    section: str
    owner: type[DOMNode]
    action: str
    description: str
    keys: tuple[str, ...]
    display: str


def _as_binding(binding: BindingType) -> Binding:
    if isinstance(binding, Binding):
        return binding
    key, action, *rest = binding
    return Binding(key, action, rest[0] if rest else "")


def bindings_of(owner: type[DOMNode]) -> list[Binding]:
    """The bindings ``owner`` has, base classes' first, one per key (the most derived wins)."""
    by_key: dict[str, Binding] = {}
    for cls in reversed(owner.__mro__):
        for binding in cls.__dict__.get("BINDINGS", ()):
            binding = _as_binding(binding)
            for key in binding.key.split(","):
                key = key.strip()
                if key:
                    by_key.pop(key, None)
                    by_key[key] = Binding(
                        key,
                        binding.action,
                        binding.description,
                        show=binding.show,
                        key_display=binding.key_display,
                    )
    return list(by_key.values())


def _describe(binding: Binding) -> str:
    if binding.description:
        return binding.description
    return binding.action.replace("_", " ").split("(")[0].strip().capitalize()


def key_help(
    app: App[Any], sections: Iterable[tuple[str, Iterable[type[DOMNode]]]]
) -> list[KeyHelp]:
    """Group the bindings of each section's classes by action, keys shown as the footer shows them.

    Args:
        app: gives each key its display form (``^p``, ``↑``, ``?``).
        sections: (title, classes) pairs; a class's bindings are listed under its title.
    """
    entries: list[KeyHelp] = []
    screen_keys: set[tuple[str, str]] = set()
    for title, owners in sections:
        for owner in owners:
            grouped: dict[str, list[Binding]] = {}
            for binding in bindings_of(owner):
                if (binding.key, binding.action.removeprefix("screen.")) in screen_keys:
                    continue  # a pane repeating a screen key for its footer: listed once
                grouped.setdefault(binding.action, []).append(binding)
            for action, bindings in grouped.items():
                keys = tuple(binding.key for binding in bindings)
                display = " ".join(app.get_key_display(binding) for binding in bindings)
                entries.append(KeyHelp(title, owner, action, _describe(bindings[0]), keys, display))
        if not screen_keys:  # the first section is the screen's: remember its keys
            screen_keys = {
                (entry_key, entry.action) for entry in entries for entry_key in entry.keys
            }
    return entries
