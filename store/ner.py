"""Find typed named entities in a clean body and link their aliases.

Evidence, strongest first:

1. the gazetteer (known names and aliases, registered with Kiwi as user words so
   ``LG AI연구원`` and ``엑사원`` stay whole);
2. titles after names: ``배경훈 원장``, ``이문태 미국 일리노이대 교수`` (a person,
   then the organisations and places between the name and the title);
3. head nouns ending a name (``…대학교``, ``…챌린지``, ``…캠퍼스``);
4. context: quotes after a product word (``AI 모델 '엑사원 3.0'``), an
   organisation's possessive (``메타의 라마``), ``한글(Latin)`` pairs;
5. Kiwi's proper-noun tag on its own (typed ORG, the commonest kind in this news).

Then, within the article, later short forms are linked to what they shorten:
``배 원장`` to the 배 named earlier with that title, ``과기정통부`` to the name it
abbreviated in parentheses, ``리서치센터`` to ``SNU-LG AI 리서치센터``. Each
entity takes the type its strongest evidence gave.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from store.gazetteer import Gazetteer, GazetteerEntry, name_key
from store.lexicon import (
    HEAD_WORDS,
    ORG_AFTER,
    ORG_BEFORE,
    ORG_VERBS,
    PERSON_CONTEXT,
    PRODUCT_AFTER,
    PRODUCT_CONTEXT,
    PRODUCT_VERBS,
    SURNAMES,
    head_type,
    is_government_body,
    is_title,
    looks_like_korean_name,
    title_of,
)
from store.model import EntityType, Mention
from store.phrases import Phrase, Token, Word, find_phrases

__all__ = ["extract_mentions"]

# How much a piece of evidence says about a name's type.
GAZETTEER, TITLE, HEAD, CONTEXT, DEFAULT = 5, 4, 3, 2, 1

# A version or model code after a name: 3.0, 2, V2, S25, 4o.
_VERSION = re.compile(r"^(?:ver\.?)?[A-Za-z]{0,2}\d+(?:\.\d+)*[A-Za-z]{0,2}$")
# A name ending in its version: 가우스2, GPT4.
_FUSED_VERSION = re.compile(r"[가-힣A-Za-z]\d+(?:\.\d+)*$")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&.\-]{1,9}$")
_TRAILING_VERSION = re.compile(r"(?<=[가-힣A-Za-z])\s*(?:\d+(?:\.\d+)*[A-Za-z]?)$")
_TRAILING_YEAR = re.compile(r"\s+(?:19|20)\d\d$")
_TRAILING_JOSA = re.compile(r"(?:에서|에게|으로|은|는|이|가|을|를|의|에|와|과|도|로)$")
_NOT_A_NAME = re.compile(
    r"^(?:[\d.,%]+|[A-Za-z]\d*|\d+[A-Za-z]*|시리즈.*)$|관계자$|계열사$|측$|\w용$"
)
_MAX_QUOTED_CHARS = 30
# The context words as tuples, for one C-level ``endswith``/``startswith`` each.
_PRODUCT_CONTEXT_ENDS = tuple(PRODUCT_CONTEXT)
_ORG_BEFORE_ENDS = tuple(ORG_BEFORE)
_PRODUCT_VERBS = tuple(PRODUCT_VERBS)
_ORG_VERBS = tuple(ORG_VERBS)


@dataclass(slots=True)
class _Candidate:
    """A span that names something, before linking."""

    start: int
    end: int
    text: str
    type: EntityType
    evidence: int
    canonical: str | None = None
    title: str | None = None  # for people: the title that followed the name


def extract_mentions(
    article_id: str, body: str, tokens: Sequence[Token], gazetteer: Gazetteer
) -> list[Mention]:
    """Every entity mention in ``body``, linked to canonical names, in body order."""
    phrases = find_phrases(body, tokens)
    finder = _Finder(body, gazetteer)
    for phrase in phrases:
        finder.read_phrase(phrase)
    finder.read_odd_quotes()
    finder.link_parentheses(phrases)
    finder.link_short_forms(phrases)
    return finder.mentions(article_id)


class _Finder:
    """The candidates of one article, without overlaps, and the aliases learnt in it."""

    def __init__(self, body: str, gazetteer: Gazetteer) -> None:
        self.body = body
        self.gazetteer = gazetteer
        self.candidates: list[_Candidate] = []  # never overlapping, sorted by start
        self._starts: list[int] = []

    # -- adding ---------------------------------------------------------------------

    def add(
        self, start: int, end: int, kind: EntityType, evidence: int, title: str | None = None
    ) -> _Candidate | None:
        """Add a span unless it is not a name or overlaps a longer one already found."""
        text = self.body[start:end]
        if not text.strip() or self._not_a_name(text):
            return None
        entry = self.gazetteer.lookup(text)
        candidate = _Candidate(start, end, text, kind, evidence, title=title)
        if entry is not None:
            candidate.type, candidate.evidence, candidate.canonical = (
                entry.type,
                GAZETTEER,
                entry.name,
            )
        first, last = self._overlapping(start, end)
        if any(c.end - c.start >= end - start for c in self.candidates[first:last]):
            return None
        self.candidates[first:last] = [candidate]
        self._starts[first:last] = [start]
        return candidate

    def _overlapping(self, start: int, end: int) -> tuple[int, int]:
        """The slice of candidates overlapping ``[start, end)`` (they are sorted, disjoint)."""
        last = bisect.bisect_left(self._starts, end)
        first = last
        while first > 0 and self.candidates[first - 1].end > start:
            first -= 1
        return first, last

    def _not_a_name(self, text: str) -> bool:
        key = name_key(text)
        if self.gazetteer.lookup(text):
            return False
        return len(key) < 2 or self.gazetteer.is_suppressed(text) or bool(_NOT_A_NAME.search(key))

    def covered(self, start: int, end: int) -> bool:
        first, last = self._overlapping(start, end)
        return first < last

    def _ending_at(self, end: int) -> _Candidate | None:
        index = bisect.bisect_left(self._starts, end) - 1
        candidate = self.candidates[index] if index >= 0 else None
        return candidate if candidate is not None and candidate.end == end else None

    def _at(self, start: int, end: int) -> _Candidate | None:
        index = bisect.bisect_left(self._starts, start)
        if index < len(self.candidates) and self.candidates[index].start == start:
            candidate = self.candidates[index]
            return candidate if candidate.end == end else None
        return None

    def _is_place(self, text: str) -> bool:
        return name_key(_TRAILING_YEAR.sub("", text)) in self.gazetteer.places

    def _is_generic(self, text: str) -> bool:
        return self.gazetteer.is_suppressed(text)

    # -- reading a phrase ------------------------------------------------------------

    def read_phrase(self, phrase: Phrase) -> None:
        """Find the names in one noun phrase, left to right."""
        words = phrase.words
        if phrase.quoted and self._reads_as_one_name(words):
            self._add_run(words, phrase)
            return
        position = 0
        while position < len(words):
            if self._names_nothing(words, position):
                position += 1
                continue
            matched = self._gazetteer_at(words, position)
            if matched:
                entry, last, end = matched
                head = self._head_after(words, last + 1) if end == words[last].end else None
                if head is not None and entry.type == "ORG":
                    self._add_run(words[position : head + 1], phrase)  # LG 글로벌 AI 챌린지
                    position = head + 1
                else:
                    self.add(words[position].start, end, entry.type, GAZETTEER)
                    position = last + 1
                continue
            title_index = self._title_after(words, position)
            if title_index is not None:
                self._read_person(words, position, title_index)
                position = title_index + 1
                continue
            run_end = self._name_run(words, position)
            if run_end is not None:
                self._read_run(words[position : run_end + 1], phrase)
                position = run_end + 1
                continue
            position += 1

    def _names_nothing(self, words: list[Word], position: int) -> bool:
        """True when no rule of `read_phrase` can start at ``words[position]``: most words.

        Each test is the first one of a rule, so the rules need not be run to
        say no: a gazetteer name starts like it (`_gazetteer_at`); a proper noun
        may name a person (`_title_after`) or start a name (`_name_run`), and so
        may a word that looks like a Korean name before a title, one with a
        head noun (``서울대``) or a ministry. A test holds this to the rules.
        """
        word = words[position]
        text = word.text
        if word.proper or self.gazetteer.may_start(text[:2]):
            return False
        if head_type(text) or is_government_body(text):
            return False
        return not (
            len(text) >= 3
            and position + 1 < len(words)
            and looks_like_korean_name(text)
            and is_title(words[position + 1].text)
        )

    def _reads_as_one_name(self, words: list[Word]) -> bool:
        """A short quoted phrase with a proper noun or a head noun in it is one name."""
        text = self.body[words[0].start : words[-1].end]
        if len(words) > 5 or len(text) > _MAX_QUOTED_CHARS or any(is_title(w.text) for w in words):
            return False
        proper = any(w.proper and not self._is_generic(w.text) for w in words)
        return proper or (bool(head_type(_TRAILING_YEAR.sub("", text))) and len(words) > 1)

    def _gazetteer_at(
        self, words: list[Word], position: int
    ) -> tuple[GazetteerEntry, int, int] | None:
        """The longest gazetteer name starting at ``words[position]``.

        A name may end inside a word when a title follows it (``LG AI연구원장``:
        the institute, then 장).
        """
        best: tuple[GazetteerEntry, int, int] | None = None
        if not self.gazetteer.may_start(words[position].text[:2]):
            return None  # no known name starts like this word (the common case)
        begin = words[position].start
        for last in range(position, min(len(words), position + 5)):
            word = words[last]
            if not self.gazetteer.may_start(self.body[begin : word.start]):
                break
            entry = self.gazetteer.lookup(self.body[begin : word.end])
            if entry:
                best = (entry, last, word.end)
                continue
            for tail in _title_tails(word.text):
                cut = len(word.text) - len(tail)
                entry = self.gazetteer.lookup(self.body[begin : word.start + cut]) if cut else None
                if entry:
                    best = (entry, last, word.start + cut)
                    break
        return best

    def _head_after(self, words: list[Word], position: int) -> int | None:
        """The index of a head noun closing a name within the next three words."""
        for index in range(position, min(len(words), position + 3)):
            word = words[index]
            if is_title(word.text) or self.gazetteer.lookup(word.text):
                return None
            if head_type(word.text) and not self._is_place(word.text):
                return index if _stem_is_generic(word) or not word.proper else None
        return None

    # -- people ------------------------------------------------------------------------

    def _title_after(self, words: list[Word], position: int) -> int | None:
        """Where a title closes a person's phrase that starts at ``position``.

        ``배경훈 원장``, ``이문태 미국 일리노이대 교수``, ``론 카돈 CEO``: a name,
        then up to three organisation or place words, then a title.
        """
        first = words[position]
        titled_next = position + 1 < len(words) and is_title(words[position + 1].text)
        name_like = _is_korean_name(first) or (
            titled_next and len(first.text) >= 3 and looks_like_korean_name(first.text)
        )
        if not (name_like or first.proper) or is_title(first.text):
            return None
        if self._is_place(first.text) or head_type(first.text) or self.gazetteer.lookup(first.text):
            return None
        for index in range(position + 1, min(len(words), position + 5)):
            word = words[index]
            if _ends_in_org_title(word.text) or (is_title(word.text) and word.text != "연구원"):
                return index
            if word.text == "연구원" and index == position + 1 and _is_korean_name(first):
                return index  # 문태오 연구원: a researcher, not an institute
            if not (word.proper or head_type(word.text) or self._gazetteer_at(words, index)):
                return None
        return None

    def _read_person(self, words: list[Word], start: int, title_index: int) -> None:
        """A name (one word, or several for foreign names) and the affiliation before a title."""
        name_end = start
        if not looks_like_korean_name(words[start].text):
            # Foreign names run over proper words up to the title: 론 카돈 CEO.
            while (
                name_end + 1 < title_index
                and words[name_end + 1].proper
                and not head_type(words[name_end + 1].text)
                and not _ACRONYM.match(words[name_end + 1].text)
                and not self._is_place(words[name_end + 1].text)
            ):
                name_end += 1
            if all(_ACRONYM.match(w.text) for w in words[start : name_end + 1]):
                self._read_affiliation(words[start:title_index])  # "KT 부사장": no name
                return
        title_word = words[title_index].text
        self.add(
            words[start].start,
            words[name_end].end,
            "PERSON",
            TITLE,
            title=title_of(title_word) or title_word,
        )
        if _ends_in_org_title(title_word):
            self._read_org_in_title(words, name_end + 1, title_index)
        elif name_end + 1 < title_index:
            self._read_affiliation(words[name_end + 1 : title_index])

    def _read_org_in_title(self, words: list[Word], start: int, title_index: int) -> None:
        """``서울대 AI연구원장``: the organisation is the words up to the title's 장."""
        title_word = words[title_index]
        if start < title_index and (matched := self._gazetteer_at(words, start)):
            self.add(words[start].start, matched[2], matched[0].type, GAZETTEER)
            return
        begin = words[start].start if start < title_index else title_word.start
        self.add(begin, title_word.end - 1, "ORG", HEAD)

    def _read_affiliation(self, words: list[Word]) -> None:
        """Words between a name and its title: organisations and places.

        Each word names one, except that a head word without a name of its own
        joins the word before it (``서울대 AI대학원``).
        """
        groups: list[list[Word]] = []
        for word in words:
            if groups and _joins_previous(word, groups[-1][-1]):
                groups[-1].append(word)
            else:
                groups.append([word])
        for group in groups:
            start, end = group[0].start, group[-1].end
            text = self.body[start:end]
            if matched := self._gazetteer_at(group, 0):
                self.add(start, matched[2], matched[0].type, GAZETTEER)
            elif self._is_place(text):
                self.add(start, end, "PLACE", HEAD)
            elif any(w.proper for w in group) or head_type(text):
                self.add(start, end, _head_type(text) or "ORG", HEAD if head_type(text) else TITLE)

    # -- other names --------------------------------------------------------------------

    def _name_run(self, words: list[Word], position: int) -> int | None:
        """The index of the last word of a name starting at ``position``, if one does."""
        first = words[position]
        starts_name = (
            first.proper
            or (head_type(first.text) and _has_proper_stem(first))
            or is_government_body(first.text)
        )
        if not starts_name or (
            self._is_generic(first.text) and self._head_after(words, position + 1) is None
        ):
            return None
        last = position
        while last + 1 < len(words):
            following = words[last + 1]
            if words[last].continues:  # one Kiwi dictionary entry over two words: 유발 하라리
                last += 1
                continue
            if is_title(following.text) or self._gazetteer_at(words, last + 1):
                break
            if _joins_previous(following, words[last]) or _VERSION.match(following.text):
                last += 1
                continue
            head = self._head_after(words, last + 1)
            if head is None:
                break
            last = head
        return last

    def _read_run(self, words: list[Word], phrase: Phrase) -> None:
        """Split a run of name words where one name ends and the next starts, and type each."""
        groups: list[list[Word]] = [[words[0]]]
        for word in words[1:]:
            previous = groups[-1][-1]
            starts_new = not previous.continues and (
                (not _joins_previous(word, previous) and head_type(previous.text) is not None)
                or (self._is_place(previous.text) and word.proper and not _joins_previous(word))
                or self._is_place(word.text)
                or _is_korean_name(word)
                or _is_korean_name(previous)
            )
            if starts_new:
                groups.append([word])
            else:
                groups[-1].append(word)
        for group in groups:
            self._add_run(group, phrase)

    def _add_run(self, words: list[Word], phrase: Phrase) -> None:
        start, end = words[0].start, words[-1].end
        text = self.body[start:end]
        if self._is_generic(text):
            return
        kind, evidence = self._classify(text, words, phrase)
        self.add(start, end, kind, evidence)

    def _classify(self, text: str, words: list[Word], phrase: Phrase) -> tuple[EntityType, int]:
        """The type a run's own words or its context give it, and how sure that is."""
        if self._is_place(text):
            return "PLACE", HEAD
        kind = _head_type(text)
        if kind:
            return kind, HEAD
        first, last = words[0].text, words[-1].text
        if len(words) > 1 and _YEAR.match(last) and (words[0].proper or _ACRONYM.match(first)):
            return "EVENT", HEAD  # CVPR 2023, CES 2025, 지스타 2024: a name with its year
        if (len(words) > 1 and _VERSION.match(last)) or _FUSED_VERSION.search(last):
            return "PRODUCT", HEAD  # 엑사원 3.0, 삼성 가우스2
        if self._product_context(phrase):
            return "PRODUCT", CONTEXT
        before = _word_before(words[0], phrase)
        if before in PERSON_CONTEXT:
            return "PERSON", CONTEXT  # 석학 유발 하라리
        if re.match(r"^챗|.*GPT|[A-Za-z]+-\d", text):
            return "PRODUCT", CONTEXT
        kind = _kind_from_neighbours(before, words, phrase)
        if kind:
            return kind, CONTEXT
        if len(words) == 1 and _is_korean_name(words[0]) and len(text) == 3:
            return "PERSON", DEFAULT + 1  # a bare three-syllable name: a person, weakly
        return "ORG", DEFAULT

    def _product_context(self, phrase: Phrase) -> bool:
        """``AI 모델 '엑사원'``, ``메타의 라마``: the words before say it is a product."""
        if (
            phrase.quoted
            and phrase.before is not None
            and phrase.before.text.endswith(_PRODUCT_CONTEXT_ENDS)
        ):
            return True
        previous = phrase.previous
        if previous is not None and previous.words[-1].particle == "의":
            owner = self._ending_at(previous.end)
            between = self.body[previous.end : phrase.start].strip()
            return owner is not None and owner.type == "ORG" and between == "의"
        return False

    # -- quoted names Kiwi cannot read ------------------------------------------------------

    def read_odd_quotes(self) -> None:
        """Quoted one-word names with a mark inside (``'믿:음'``), which Kiwi splits."""
        for match in re.finditer(r"(?<=[‘'“\"])([^‘’'\"“”\s]{2,20})(?=[’'”\"])", self.body):
            start, end = match.span(1)
            if self.covered(start, end) or not re.search(r"\w[:&+.]\w", match.group(1)):
                continue
            before = self.body[max(0, start - 12) : start - 1].split()
            product = bool(before) and before[-1].endswith(_PRODUCT_CONTEXT_ENDS)
            self.add(start, end, "PRODUCT" if product else "ORG", CONTEXT)

    # -- linking ------------------------------------------------------------------------------

    def link_parentheses(self, phrases: list[Phrase]) -> None:
        """``마이크로소프트(MS)``, ``(이하 리서치센터)``: the inner name is an alias of the outer.

        A name-like Latin gloss (``레니게이드(RNGD)``) also shows that the word
        before it is a name, even one Kiwi took for a common noun.
        """
        for phrase in phrases:
            previous = phrase.previous
            if not phrase.in_parens or previous is None:
                continue
            if self.body[previous.end : phrase.start].strip(" '\"‘’“”") != "(":
                continue
            words = phrase.words[1:] if phrase.words[0].text == "이하" else phrase.words
            if not words:
                continue
            start, end = words[0].start, words[-1].end
            inner = self.body[start:end]
            if self._is_generic(inner) or inner.isdigit():
                continue
            outer = self._ending_at(previous.end)
            if outer is None and all(w.proper for w in words):
                outer = self._outer_of_gloss(previous)
            if outer is None:
                continue
            candidate = self.add(start, end, outer.type, outer.evidence) or self._at(start, end)
            if candidate is not None and candidate is not outer:
                candidate.canonical = self.canonical(outer)
                candidate.type = outer.type

    def _outer_of_gloss(self, phrase: Phrase) -> _Candidate | None:
        """The name a Latin gloss explains: the last word before it, or its quoted phrase."""
        words = phrase.words if phrase.quoted or len(phrase.words) == 1 else phrase.words[-1:]
        text = self.body[words[0].start : words[-1].end]
        if self._is_generic(text) or is_title(text) or len(name_key(text)) < 2:
            return None
        kind, evidence = self._classify(text, words, phrase)
        return self.add(words[0].start, words[-1].end, kind, max(evidence, CONTEXT))

    def link_short_forms(self, phrases: list[Phrase]) -> None:
        """Later mentions of names already found: whole, shortened, or a surname and title."""
        index = _NameIndex(self.candidates)
        for phrase in phrases:
            words = phrase.words
            if len(words) > 1:
                self._surnames_with_titles(words)
            for first, word in enumerate(words):
                if not index.may_start(word.text):
                    continue  # no name found so far starts like this word
                if self.covered(word.start, word.end):
                    continue  # a name already holds this word: so it would any span from it
                for last in range(len(words) - 1, first - 1, -1):
                    start, end = words[first].start, words[last].end
                    if self.covered(start, end):
                        continue
                    text = self.body[start:end]
                    target = self._shortened(text, words[first : last + 1], index)
                    if target is not None:
                        added = self.add(start, end, target.type, target.evidence)
                        if added is not None:
                            added.canonical = self.canonical(target)
                            index.add(added)
                        break
        self._trim_particles()
        linked = {name_key(c.text): c for c in self.candidates if c.canonical}
        for candidate in self.candidates:  # 연세대 is 연세대학교
            key = name_key(candidate.text)
            if key.endswith("대학교"):
                candidate.canonical = candidate.canonical or candidate.text
                linked.setdefault(key[: -len("학교")], candidate)
        for candidate in self.candidates:  # the same words, linked once, are linked everywhere
            if candidate.canonical is None and name_key(candidate.text) in linked:
                target = linked[name_key(candidate.text)]
                candidate.canonical, candidate.type = target.canonical, target.type
        for candidate in self.candidates:  # names found on their own that shorten another
            if candidate.canonical is None and candidate.type != "PERSON":
                target = self._shortened(candidate.text, None, index, exclude=candidate)
                if target is not None and target is not candidate:
                    candidate.canonical = self.canonical(target)
                    candidate.type = target.type

    def _trim_particles(self) -> None:
        """``카나나에``: a particle Kiwi left on a name it did not know, cut when the bare
        name is found elsewhere in the article."""
        keys = {name_key(c.text) for c in self.candidates}
        for candidate in self.candidates:
            match = _TRAILING_JOSA.search(candidate.text)
            if match and name_key(candidate.text[: match.start()]) in keys:
                candidate.end -= len(match.group(0))
                candidate.text = candidate.text[: match.start()]

    def _shortened(
        self,
        text: str,
        words: list[Word] | None,
        index: _NameIndex,
        exclude: _Candidate | None = None,
    ) -> _Candidate | None:
        """The name ``text`` repeats whole, or ends after a space (``리서치센터``), if any."""
        key = name_key(text)
        if len(key) < 2 or self._is_generic(text) or (is_title(text) and not head_type(text)):
            return None
        if text in HEAD_WORDS:
            return None  # a bare 연구원 or 센터 refers back, but is not a name
        whole = index.whole.get(key)
        if words is not None and len(words) == 1 and not (words[0].proper or head_type(text)):
            return whole
        if whole is not None and exclude is None:
            return whole
        tail = index.tails.get(key)
        if tail is not None and tail is not exclude and len(tail.text) > len(text):
            return tail
        return None

    def _surnames_with_titles(self, words: list[Word]) -> None:
        """``배 원장``: the person surnamed 배 named earlier, preferably with that title."""
        for surname, title_word in itertools.pairwise(words):
            if surname.text not in SURNAMES or not is_title(title_word.text):
                continue
            if self.covered(surname.start, title_word.end):
                continue
            people = [
                c
                for c in self.candidates
                if c.type == "PERSON"
                and c.start < surname.start
                and looks_like_korean_name(c.text)
                and c.text.startswith(surname.text)
            ]
            if not people:
                continue
            title = title_of(title_word.text)
            same_title = [p for p in people if p.title and title and p.title.endswith(title)]
            target = (same_title or people)[-1]
            added = self.add(surname.start, title_word.end, "PERSON", TITLE, title=title)
            if added is not None:
                added.canonical = self.canonical(target)

    def canonical(self, candidate: _Candidate) -> str:
        if candidate.canonical:
            return candidate.canonical
        if candidate.type == "PRODUCT":
            return _TRAILING_VERSION.sub("", candidate.text) or candidate.text
        return candidate.text

    # -- output -----------------------------------------------------------------------------------

    def mentions(self, article_id: str) -> list[Mention]:
        """Mentions in body order; each entity's mentions share its best-supported type."""
        ordered = self.candidates
        names: dict[str, str] = {}  # name key -> the first spelling seen
        votes: dict[str, dict[EntityType, int]] = {}
        for candidate in ordered:
            key = name_key(self.canonical(candidate))
            names.setdefault(key, self.canonical(candidate))
            tally = votes.setdefault(key, {})
            tally[candidate.type] = tally.get(candidate.type, 0) + _weight(candidate.evidence)
        types = {key: max(tally, key=tally.__getitem__) for key, tally in votes.items()}
        mentions = []
        for candidate in ordered:
            key = name_key(self.canonical(candidate))
            if self.gazetteer.is_suppressed(names[key]):
                continue
            mentions.append(
                Mention(
                    article_id,
                    candidate.start,
                    candidate.end,
                    candidate.text,
                    names[key],
                    types[key],
                )
            )
        return mentions


class _NameIndex:
    """Candidates by name, and by the names their trailing words make (for short forms)."""

    def __init__(self, candidates: list[_Candidate]) -> None:
        self.whole: dict[str, _Candidate] = {}
        self.tails: dict[str, _Candidate] = {}
        self.starts: set[str] = set()
        for candidate in candidates:
            self.add(candidate)

    def add(self, candidate: _Candidate) -> None:
        key = name_key(candidate.text)
        self.whole.setdefault(key, candidate)
        self.starts.add(key[:2])
        if candidate.type != "PERSON":
            for separator in re.finditer(r"[ -]", candidate.text):
                tail = name_key(candidate.text[separator.end() :])
                self.tails.setdefault(tail, candidate)
                self.starts.add(tail[:2])

    def may_start(self, word: str) -> bool:
        """True when some known name (or name ending) begins like ``word``."""
        return name_key(word)[:2] in self.starts


def _weight(evidence: int) -> int:
    """Votes for a type: a default guess counts for little next to any real evidence."""
    return 0 if evidence == DEFAULT else 10**evidence


def _kind_from_neighbours(before: str, words: list[Word], phrase: Phrase) -> EntityType | None:
    """The type the words around a name suggest, or None.

    ``AI 스타트업 휴메인`` (a company word before it), ``카카오톡 이용자`` (a
    product word after it), ``카나나를 출시했다`` (the object of a product verb),
    ``크래프톤은 … 인수했다`` (the subject of a company verb).
    """
    if before.endswith(_ORG_BEFORE_ENDS):
        return "ORG"
    if before not in ("AI", "인공지능") and before.endswith(_PRODUCT_CONTEXT_ENDS):
        return "PRODUCT"  # 챗봇 제미나이, AI 모델 엑사원
    last = words[-1]
    index = next(i for i, word in enumerate(phrase.words) if word is last)
    following = [w.text for w in phrase.words[index + 1 : index + 2]]
    if index == len(phrase.words) - 1:
        following = [w.text or w.raw for w in phrase.after[:1]]
    if following and following[0] in PRODUCT_AFTER:
        return "PRODUCT"
    if following and following[0] in ORG_AFTER:
        return "ORG"
    if index != len(phrase.words) - 1:
        return None
    verbs = [w.raw for w in phrase.after]
    if last.particle in ("을", "를") and any(v.startswith(_PRODUCT_VERBS) for v in verbs[:2]):
        return "PRODUCT"
    if last.particle in ("이", "가", "은", "는") and any(v.startswith(_ORG_VERBS) for v in verbs):
        return "ORG"
    return None


def _word_before(word: Word, phrase: Phrase) -> str:
    """The word just before ``word`` in its phrase, or before the phrase."""
    index = next(i for i, candidate in enumerate(phrase.words) if candidate is word)
    if index > 0:
        return phrase.words[index - 1].text
    return phrase.before.text if phrase.before is not None else ""


def _title_tails(word: str) -> list[str]:
    """Titles a word may end in, longest first (``AI연구원장``: 원장, then 장)."""
    tails = []
    title = title_of(word)
    if title:
        tails.append(title)
    if word.endswith("장") and title != "장":
        tails.append("장")
    return tails


def _is_korean_name(word: Word) -> bool:
    """A Korean personal name as Kiwi reads one: a proper noun first, surname-led."""
    return looks_like_korean_name(word.text) and word.tags[:1] == ("NNP",)


def _head_type(text: str) -> EntityType | None:
    kind = head_type(_TRAILING_YEAR.sub("", text))
    return kind  # type: ignore[return-value]


_ORG_TITLE = re.compile(r"(?:연구원|연구소|센터|대학원|추진단|사업단|재단)장$")


def _ends_in_org_title(word: str) -> bool:
    """``AI연구원장``, ``연구소장``: an organisation's head noun fused with 장."""
    return len(word) > 3 and bool(_ORG_TITLE.search(word))


def _joins_previous(word: Word, previous: Word | None = None) -> bool:
    """A head word without a name of its own joins the name before it (서울대 AI대학원).

    After a word that has a head noun itself, only a head with no name before
    it joins (``LG사이언스파크 AI추진단``); ``유전체의학연구소 잭슨랩`` is two.
    """
    kind = head_type(word.text)
    if not kind:
        return False
    if previous is not None and head_type(previous.text):
        return _stem_is_generic(word)
    return not _has_proper_stem(word) or kind == "PLACE"


def _stem_is_generic(word: Word) -> bool:
    """True when what comes before a word's head noun names nothing (``AI추진단``, ``추진단``)."""
    head = next((h for h in sorted(HEAD_WORDS, key=len, reverse=True) if word.text.endswith(h)), "")
    return word.text[: len(word.text) - len(head)] in ("", "AI", "글로벌", "공동")


def _has_proper_stem(word: Word) -> bool:
    """True when a word names something before its head noun (일리노이대, 잭슨랩)."""
    return word.tags[:1] == ("NNP",) or (
        word.tags[:1] == ("SL",) and len(word.tags) > 1 and not word.text.startswith("AI")
    )
