"""Gazetteers: known names with their type and aliases, and names that are not entities.

The bundled gazetteer lists the corpus's recurring names (LG AI연구원, 엑사원,
배경훈 …) and general knowledge no article states (countries and cities, generic
acronyms). A user extends it for their own corpus, without touching the
package, with a ``gazetteer.json`` in the corpus folder or the data folder:

.. code-block:: json

    {"entities": [{"name": "업스테이지", "type": "ORG", "aliases": ["Upstage"]}],
     "not_entities": ["솔라"]}

``not_entities`` suppresses a mistaken entity by any of its names.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from store.model import ENTITY_TYPES, EntityType
from store.paths import bundled_data_dir

__all__ = ["GAZETTEER_FILE", "Gazetteer", "GazetteerEntry", "GazetteerError", "name_key"]

GAZETTEER_FILE = "gazetteer.json"


class GazetteerError(ValueError):
    """A gazetteer file is unreadable or malformed; the message names the file."""


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """Names compare without spaces and case: ``LG AI 연구원`` is ``LG AI연구원``."""
    return "".join(name.split()).lower()


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """A known entity: its canonical name, type and other names."""

    name: str
    type: EntityType
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass
class Gazetteer:
    """Known entities by any of their names, and suppressed names."""

    entries: dict[str, GazetteerEntry] = field(default_factory=dict)
    suppressed: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    digest: str = ""

    def lookup(self, name: str) -> GazetteerEntry | None:
        """The entry one of whose names is ``name`` (spacing and case ignored)."""
        return self.entries.get(name_key(name))

    def may_start(self, text: str) -> bool:
        """True when some known name starts with ``text`` (spacing and case ignored)."""
        return name_key(text) in self._prefixes

    @cached_property
    def _prefixes(self) -> frozenset[str]:
        return frozenset(key[:i] for key in self.entries for i in range(len(key) + 1))

    def is_suppressed(self, name: str) -> bool:
        return name_key(name) in self.suppressed

    def all_names(self) -> Iterable[str]:
        """Every known name and alias, for registering with the tokenizer."""
        seen: set[str] = set()
        for entry in self.entries.values():
            for name in entry.names:
                if name not in seen:
                    seen.add(name)
                    yield name

    @classmethod
    def load(cls, extra_files: Iterable[Path] = ()) -> Gazetteer:
        """The bundled gazetteer, extended by the given files (missing files are skipped).

        Later files win: a user's entry replaces a bundled one with the same
        name, and a user's ``not_entities`` suppresses bundled names too.

        Raises:
            GazetteerError: when a file exists but is not a valid gazetteer.
        """
        gazetteer = cls()
        digest = hashlib.sha256()
        bundled = bundled_data_dir()
        sources = [bundled / GAZETTEER_FILE, *extra_files]
        seen: set[Path] = set()
        for path in sources:
            resolved = path.resolve()
            if resolved in seen or not path.is_file():
                continue
            seen.add(resolved)
            data = path.read_bytes()
            digest.update(data)
            gazetteer._merge(path, data)
        gazetteer.places = _load_places(bundled / "places.json")
        digest.update(",".join(sorted(gazetteer.places)).encode())
        gazetteer.digest = digest.hexdigest()[:12]
        return gazetteer

    def _merge(self, path: Path, data: bytes) -> None:
        try:
            document = json.loads(data.decode("utf-8-sig"))
            entities = document.get("entities", [])
            suppressed = document.get("not_entities", [])
            for item in entities:
                kind = item["type"]
                if kind not in ENTITY_TYPES:
                    raise ValueError(f"unknown type {kind!r} for {item['name']!r}")
                entry = GazetteerEntry(
                    str(item["name"]), kind, tuple(str(a) for a in item.get("aliases", ()))
                )
                for name in entry.names:
                    self.entries[name_key(name)] = entry
            self.suppressed.update(name_key(str(name)) for name in suppressed)
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise GazetteerError(f"{path}: not a valid gazetteer ({error})") from None


def _load_places(path: Path) -> set[str]:
    """Country, region and city names: general knowledge, not corpus answers."""
    document = json.loads(path.read_text(encoding="utf-8"))
    return {name_key(name) for group in document.values() for name in group}
