"""Cut a body into noun phrases using Kiwi's tokens: where Korean names can be.

A Korean name is a run of bare nouns (``LG 글로벌 AI 챌린지``) whose last word
may carry a particle (``…챌린지에``). Words are split at spaces and at
quotes, brackets, commas and middle dots; each word keeps its noun part (its
*core*: Kiwi's nominal tokens) and notes whether a particle or an ending
followed. A phrase is a run of cores that only spaces separate, where every
word but the last is bare. Quotes and parentheses around a phrase are kept as
facts about it, because ``'엑사원'`` and ``(MS)`` are strong evidence.
"""

from __future__ import annotations

import itertools
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from store.lexicon import head_type

__all__ = ["Phrase", "Token", "Word", "find_phrases"]


class Token(Protocol):
    """What the rules read of a Kiwi token: kiwipiepy's own, offsets into the body."""

    @property
    def form(self) -> str: ...
    @property
    def tag(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


_PAST_END = sys.maxsize  # the start of the token after the last

_NOMINAL = frozenset(
    [
        "NNG",
        "NNP",
        "NNB",
        "NR",
        "NP",
        "SL",
        "SN",
        "SH",
        "XPN",
        "XSN",
        "SO",
        "W_SERIAL",
        "W_URL",
        "W_EMAIL",
    ]
)
_PARTICLE_PREFIXES = ("J", "E", "VCP")
_WORD = re.compile(r"[^\s()\[\]{}<>'\"‘’“”「」『』《》〈〉,·ㆍ/…]+")
_OPEN_QUOTES = "'\"‘“「『《〈"
_CLOSE_QUOTES = "'\"’”」』》〉"
_PHRASE_ENDS = _CLOSE_QUOTES + ")"
_EDGE = "\n"  # what a phrase at the start or end of the body has beside it
_TRAILING_MARKS = ".!?:;~"
_LEADING_MARKS = "-–—~*•▶▷■□◆◇●○☞※#"
# An acronym, CamelCase, or a letter next to a digit; not Capitalised English words.
_NAME_LIKE_LATIN = re.compile(
    r"^[A-Z0-9&.\-]*[A-Z][A-Z0-9&.\-]*[A-Z]|[a-z][A-Z]|[A-Za-z]\d|\d[A-Za-z]"
)
_LATIN = re.compile(r"[A-Za-z0-9&.\-]*[A-Za-z][A-Za-z0-9&.\-]*")
# Particles, for words Kiwi misreads as verbs (얼라이언스 -> 얼라이언 + 스).
_JOSA = re.compile(
    r"(?:에서|에게|으로|로|까지|부터|처럼|보다|은|는|이|가|을|를|의|에|와|과|도|만|이나|나)$"
)
# A hyphen touching Hangul joins two names (LG AI연구원-서울대), not one name.
_HANGUL_HYPHEN = re.compile(r"(?<=[가-힣])-|-(?=[가-힣])")


@dataclass(slots=True)
class Word:
    """The noun part of one word: its text span, Kiwi tags, and what followed it."""

    start: int
    end: int
    text: str
    tags: tuple[str, ...]
    particle: str = ""
    predicate: bool = False
    word_end: int = 0
    continues: bool = False  # one Kiwi token runs on into the next word (유발 하라리)
    raw: str = ""  # the whole word as written, particles and endings included
    proper: bool = False  # see `_is_proper`; given by the maker, which knows the tags


def _is_proper(text: str, tags: Sequence[str]) -> bool:
    """Kiwi saw a proper noun in a word, or it has a name-like Latin part.

    Latin words count when they look like names (``KAIST``, ``FuriosaAI``,
    ``GPT-4o``), not when they are an English gloss (``Image Captioning``).
    """
    if "NNP" in tags:
        return True
    return "SL" in tags and any(_NAME_LIKE_LATIN.search(latin) for latin in _LATIN.findall(text))


@dataclass(slots=True)
class Phrase:
    """A run of noun words that may name something, with its surroundings."""

    words: list[Word]
    quoted: bool = False
    in_parens: bool = False
    before: Word | None = None
    previous: Phrase | None = field(default=None, repr=False)
    _following: tuple[str, list[Word], int] | None = field(default=None, repr=False)

    @property
    def after(self) -> list[Word]:
        """The next few words of the sentence (its verb, usually), found when asked."""
        if self._following is None:
            return []
        body, words, index = self._following
        following: list[Word] = []
        while index < len(words) and len(following) < 4:
            gap = body[words[index - 1].word_end : words[index].start]
            if "." in gap or "!" in gap or "?" in gap:
                break
            following.append(words[index])
            index += 1
        return following

    @property
    def start(self) -> int:
        return self.words[0].start

    @property
    def end(self) -> int:
        return self.words[-1].end


def find_phrases(body: str, tokens: Sequence[Token]) -> list[Phrase]:
    """The noun phrases of ``body``, in order, from its Kiwi tokens."""
    words = _words(body, tokens)
    phrases: list[Phrase] = []
    current: list[Word] = []
    last = 0  # the index in ``words`` of current[-1]
    previous_word: Word | None = None

    def close() -> None:
        nonlocal current
        if current:
            phrases.append(_phrase(body, current, previous_word, phrases, (body, words, last + 1)))
            current = []

    for index, word in enumerate(words):
        if word.predicate or not word.text:
            close()
            previous_word = word
            continue
        if current:
            gap = body[current[-1].word_end : word.start]
            if current[-1].particle or gap.strip() or not gap:
                close()
                previous_word = phrases[-1].words[-1] if phrases else previous_word
        current.append(word)
        last = index
        if word.particle or (word.word_end < len(body) and body[word.word_end] in _PHRASE_ENDS):
            close()
            previous_word = word
    close()
    return phrases


def _phrase(
    body: str,
    words: list[Word],
    before: Word | None,
    phrases: list[Phrase],
    following: tuple[str, list[Word], int],
) -> Phrase:
    start, end = words[0].start, words[-1].word_end
    # The body's edges are no marks ("" is in every string: it made a whole body quoted).
    opening = body[start - 1] if start > 0 else _EDGE
    closing = body[end] if end < len(body) else _EDGE
    if closing == "(" and (gloss_end := body.find(")", end)) != -1:  # '레니게이드(RNGD)'
        after_gloss = body[gloss_end + 1 : gloss_end + 2]
        if opening in _OPEN_QUOTES and after_gloss in _CLOSE_QUOTES:
            closing = after_gloss
    return Phrase(
        words=words,
        quoted=opening in _OPEN_QUOTES and closing in _CLOSE_QUOTES,
        in_parens=opening == "(" and closing == ")",
        before=before,
        previous=phrases[-1] if phrases else None,
        _following=following,
    )


def _misread_head(body: str, word: Word) -> Word:
    """A loanword ending in a head noun that Kiwi read as a verb is a noun after all."""
    text = word.raw
    if len(text) < 3:
        return word  # no stem of three syllables (most verbs: 했다, 있다)
    stem = _JOSA.sub("", text)
    if len(stem) >= 3 and head_type(stem):
        particle = text[len(stem) :]
        return Word(
            word.start,
            word.start + len(stem),
            stem,
            ("NNG",),
            particle,
            False,
            word.word_end,
            raw=text,
        )
    return word


def _spans(body: str) -> list[tuple[int, int]]:
    """Word spans: split at spaces and marks, trimmed of bullets and sentence ends.

    Runs for every word of every new article, so the common word (nothing to
    trim, no hyphen) costs one match and two C-level strips; ``str.strip``
    returns the very same string when it has nothing to cut.
    """
    spans: list[tuple[int, int]] = []
    append = spans.append
    for match in _WORD.finditer(body):
        text = match.group()
        if "-" in text:
            spans += _hyphenated_spans(body, *match.span())
            continue
        led = text.lstrip(_LEADING_MARKS)
        kept = led.rstrip(_TRAILING_MARKS)
        if kept is text:
            append(match.span())
        elif kept:
            start = match.start() + len(text) - len(led)
            append((start, start + len(kept)))
    return spans


def _hyphenated_spans(body: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of a word with a hyphen, cut where the hyphen touches Hangul."""
    cuts = [start, *(m.start() for m in _HANGUL_HYPHEN.finditer(body, start, end)), end]
    spans = []
    for piece_start, piece_end in itertools.pairwise(cuts):
        piece = body[piece_start:piece_end]
        led = piece.lstrip(_LEADING_MARKS)
        kept = led.rstrip(_TRAILING_MARKS)
        if kept:
            kept_start = piece_start + len(piece) - len(led)
            spans.append((kept_start, kept_start + len(kept)))
    return spans


def _words(body: str, tokens: Sequence[Token]) -> list[Word]:
    """Each word of the body with its core: the nominal tokens it starts with.

    A Kiwi token may run over a space (a gazetteer name such as ``LG AI연구원``
    is one user word); the words it covers all count it in their core. This
    loop runs for every word of every new article, so each token is visited
    once, its tag is classified by one dictionary lookup, and only the fields
    its kind needs are read from Kiwi's token (``at`` keeps the next token's
    start), with no copy of the tokens made first.
    """
    words: list[Word] = []
    count = len(tokens)
    index = 0
    at = tokens[0].start if count else _PAST_END  # where tokens[index] starts
    carried: tuple[str, int] | None = None  # a nominal token running past the last word
    for start, end in _spans(body):
        while at < start:
            index += 1
            at = tokens[index].start if index < count else _PAST_END
        core_end, tags, particle, predicate = start, [], "", False
        incoming, carried = carried, None
        if incoming and incoming[1] > start:
            tags.append(incoming[0])
            core_end = min(incoming[1], end)
            if words:
                words[-1].continues = True
        while at < end:
            token = tokens[index]
            tag = token.tag
            kind = _KINDS.get(tag) or _kind(tag)
            if kind == _NOUN:
                if particle:
                    break
                tags.append(tag)
                token_end = token.end
                if token_end > core_end:
                    core_end = token_end if token_end < end else end
                if token_end > end:
                    carried = (tag, token_end)
            elif kind == _PARTICLE:
                particle = particle or token.form
            elif kind == _PUNCTUATION:  # punctuation inside a word ends its core
                break
            elif tags and kind == _OTHER:
                tags.append(tag)  # an odd tag inside a noun (서정/NNG 연/MM): an unknown name
                token_end = token.end
                if token_end > core_end:
                    core_end = token_end if token_end < end else end
            else:
                predicate = True
                break
            index += 1
            at = tokens[index].start if index < count else _PAST_END
        text = body[start:core_end]
        word = Word(
            start,
            core_end,
            text,
            tuple(tags),
            particle,
            predicate,
            end,
            False,
            body[start:end],
            bool(tags) and _is_proper(text, tags),
        )
        if predicate:
            word = _misread_head(body, word)
        words.append(word)
    return words


# What a Kiwi tag means for the word it is in (plain ints: compared once per token).
_NOUN, _PARTICLE, _PUNCTUATION, _PREDICATE, _OTHER = range(1, 6)
_KINDS: dict[str, int] = {}


def _kind(tag: str) -> int:
    """Classify a tag (``VV-R`` and ``VA-I`` carry suffixes), remembering the answer.

    Particles, endings and the copula end a word's noun part; so do verbs,
    adjectives and their suffixes, which also make the word a predicate.
    """
    if tag in _NOMINAL:
        kind = _NOUN
    elif tag.startswith(_PARTICLE_PREFIXES):
        kind = _PARTICLE
    elif tag.startswith("S"):
        kind = _PUNCTUATION
    elif tag.startswith(("V", "XSV", "XSA")):
        kind = _PREDICATE
    else:
        kind = _OTHER
    _KINDS[tag] = kind
    return kind
