"""Near copies in long files: the trigram index finds what a scan of every paragraph finds."""

from __future__ import annotations

import random

import pytest

from store import dedupe
from store.dedupe import DuplicateFinder
from store.sentences import split_sentences
from tests.conftest import SEEDS


def _sentences() -> list[str]:
    text = "\n".join(path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("0*.txt")))
    return [s for line in text.splitlines() for s in split_sentences(line) if len(s) > 20]


def _long_file(seed: int, sentences: list[str]) -> list[str]:
    """300 paragraphs of seed sentences, with exact copies, near copies and summaries."""
    chance = random.Random(seed)
    paragraphs: list[str] = []
    for _ in range(300):
        roll = chance.random()
        if paragraphs and roll < 0.15:
            paragraphs.append(chance.choice(paragraphs))
        elif paragraphs and roll < 0.4:
            words = chance.choice(paragraphs).split()
            del words[chance.randrange(len(words))]
            paragraphs.append(" ".join(words) + " " + chance.choice(sentences))
        else:
            paragraphs.append(" ".join(chance.sample(sentences, chance.randint(1, 4))))
    return paragraphs


def _verdicts(paragraphs: list[str]) -> list[str | None]:
    finder = DuplicateFinder()
    verdicts = []
    for paragraph in paragraphs:
        verdict = finder.copy_of(paragraph)
        if verdict is None:
            finder.keep(paragraph)
        verdicts.append(verdict)
    return verdicts


@pytest.mark.parametrize("seed", range(4))
def test_the_index_gives_the_verdicts_of_a_full_scan(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    paragraphs = _long_file(seed, _sentences())
    monkeypatch.setattr(dedupe, "INDEX_FROM", len(paragraphs))  # never: every paragraph scanned
    scanned = _verdicts(paragraphs)
    monkeypatch.setattr(dedupe, "INDEX_FROM", 0)
    indexed = _verdicts(paragraphs)
    assert indexed == scanned
    near = [v for v in scanned if v and v.startswith(("near copy", "truncated copy"))]
    assert len(near) >= 10  # the comparison covers near copies, not only exact ones
