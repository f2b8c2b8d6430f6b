"""Score entity extraction against the gold files, per (article, canonical entity) pair.

Run ``python -m tests.score_entities`` (add ``--errors`` to list what is missed
and what is spurious). Scores are printed apart for three sets, untyped and
typed: the seed articles; the hand-written ``unseen`` fixture articles (not in
the gazetteer, but their errors were read while the rules were written); and
the ``heldout`` articles, written by someone who never saw the extractor, whose
errors are never listed. See tests/gold/GUIDELINES.md for what a match is.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from store import load_corpus
from store.gazetteer import name_key
from store.model import Article

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
GOLD = {
    "seeds": HERE / "gold" / "seeds.json",
    "unseen": HERE / "gold" / "unseen.json",
    "heldout": HERE / "gold" / "heldout.json",
}
SOURCES = {
    "seeds": REPO / "seeds",
    "unseen": HERE / "fixtures" / "articles",
    "heldout": HERE / "fixtures" / "heldout",
}
# The held-out set was written by someone who never saw the extractor, and its
# errors are never listed: only its score is read, so it stays honest.
NEVER_LISTED = {"heldout"}


@dataclass
class Found:
    """One entity found in one article: its canonical name, type and surface forms."""

    name: str
    type: str
    names: set[str] = field(default_factory=set)


@dataclass
class Score:
    gold: int = 0
    found: int = 0
    matched: int = 0
    typed: int = 0
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    mistyped: list[str] = field(default_factory=list)

    def prf(self, typed: bool) -> tuple[float, float, float]:
        hits = self.typed if typed else self.matched
        precision = hits / self.found if self.found else 0.0
        recall = hits / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1


def found_entities(article: Article) -> list[Found]:
    by_name: dict[str, Found] = {}
    for mention in article.mentions:
        found = by_name.setdefault(mention.entity, Found(mention.entity, mention.type))
        found.names.update({name_key(mention.entity), name_key(mention.surface)})
    return list(by_name.values())


def score_article(article: Article, gold: list[dict[str, object]], score: Score) -> None:
    found = found_entities(article)
    score.gold += len(gold)
    score.found += len(found)
    unmatched = list(found)
    for entry in gold:
        names = {name_key(str(entry["name"]))} | {name_key(str(a)) for a in entry["aliases"]}  # type: ignore[attr-defined]
        match = next((f for f in unmatched if f.names & names), None)
        if match is None:
            score.missed.append(f"{article.id[:12]}: {entry['name']} ({entry['type']})")
            continue
        unmatched.remove(match)
        score.matched += 1
        if match.type == entry["type"]:
            score.typed += 1
        else:
            score.mistyped.append(
                f"{article.id[:12]}: {entry['name']} {entry['type']} found as {match.type}"
            )
    score.spurious.extend(f"{article.id[:12]}: {f.name} ({f.type})" for f in unmatched)


def score_set(name: str) -> Score:
    gold = json.loads(GOLD[name].read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as scratch:
        corpus_dir = Path(scratch) / name
        corpus_dir.mkdir()
        for article_id in gold:
            shutil.copy(SOURCES[name] / f"{article_id}.txt", corpus_dir)
        corpus = load_corpus(corpus_dir, cache_dir=Path(scratch) / "cache")
    score = Score()
    for article_id, entries in gold.items():
        score_article(corpus.get(article_id), entries, score)
    return score


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list misses and spurious finds")
    args = parser.parse_args(argv)
    print(f"{'set':<8}{'pairs':>7}{'found':>7}  {'untyped P / R / F1':<22}{'typed P / R / F1':<22}")
    for name in GOLD:
        score = score_set(name)
        untyped = " / ".join(f"{v:.3f}" for v in score.prf(typed=False))
        typed = " / ".join(f"{v:.3f}" for v in score.prf(typed=True))
        print(f"{name:<8}{score.gold:>7}{score.found:>7}  {untyped:<22}{typed:<22}")
        if args.errors and name not in NEVER_LISTED:
            for label, items in (
                ("missed", score.missed),
                ("spurious", score.spurious),
                ("mistyped", score.mistyped),
            ):
                for item in items:
                    print(f"    {label:<9}{item}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
