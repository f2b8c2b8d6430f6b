"""How each entity type looks: a hue, and a text style that still tells types apart without colour.

Over SSH the terminal is often 16-colour, sometimes monochrome (``NO_COLOR``),
and italics may not survive tmux. So each type has a hue that maps to its own
bright ANSI colour when downgraded *and* a distinct combination of bold,
underline and italic; the reader's caret line and the sidebar also name the
type in words. The styles themselves live in the reader widget's CSS
(component classes), so a theme or ``app.tcss`` can change them.
"""

from __future__ import annotations

from dataclasses import dataclass

from store.model import ENTITY_TYPES, EntityType

__all__ = ["ENTITY_COMPONENT_CLASSES", "TYPE_LOOKS", "TypeLook", "component_class", "entity_css"]


@dataclass(frozen=True, slots=True)
class TypeLook:
    """A type's name in Korean, its one-letter mark, its style in words and in CSS.

    ``dark``/``light`` are hues for dark and light themes; on a 16-colour
    terminal each dark hue downgrades to its own bright ANSI colour (93, 96,
    95, 92, 91), so no two types share one.
    """

    type: EntityType
    korean: str
    mark: str
    style_words: str
    text_style: str
    dark: str
    light: str


TYPE_LOOKS: dict[EntityType, TypeLook] = {
    "PERSON": TypeLook(
        "PERSON", "인물", "P", "yellow, bold + underline", "bold underline", "#f0c674", "#7a5200"
    ),
    "ORG": TypeLook("ORG", "기관", "O", "cyan, italic", "italic", "#5fd7ff", "#005f87"),
    "PRODUCT": TypeLook("PRODUCT", "제품", "M", "magenta, bold", "bold", "#d787ff", "#7b1fa2"),
    "PLACE": TypeLook("PLACE", "장소", "L", "green, underline", "underline", "#87d75f", "#2e6b00"),
    "EVENT": TypeLook(
        "EVENT", "행사", "E", "red, bold + italic", "bold italic", "#ff875f", "#b03a00"
    ),
}
assert tuple(TYPE_LOOKS) == ENTITY_TYPES

ENTITY_COMPONENT_CLASSES: frozenset[str] = frozenset(
    f"entity--{entity_type.lower()}" for entity_type in ENTITY_TYPES
)


def component_class(entity_type: str) -> str:
    """The reader's component class for a type, e.g. ``entity--person``."""
    return f"entity--{entity_type.lower()}"


def entity_css(widget: str) -> str:
    """CSS giving ``widget``'s entity component classes their hue and style, per theme."""
    rules = []
    for look in TYPE_LOOKS.values():
        name = component_class(look.type)
        rules.append(
            f"{widget} > .{name} {{ color: {look.dark}; text-style: {look.text_style}; }}\n"
            f"App.-light-mode {widget} > .{name} {{ color: {look.light}; }}"
        )
    return "\n".join(rules)
