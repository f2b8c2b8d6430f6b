"""Recognise the metadata a scrape carries in its text: dates, bylines, outlets.

The patterns follow how Korean outlets print them (``입력 2021-06-03 06:54``,
``2022. 4. 27. 10:02``, ``[미디어펜=조우현 기자]``, ``(서울=연합뉴스) 홍길동 기자 =``,
``홍길동 기자 gildong@example.com``, ``Copyright © 조선일보``), not any one site.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache

from store.model import Reporter
from store.paths import bundled_data_dir

__all__ = [
    "DATE",
    "EMAIL",
    "Byline",
    "find_date",
    "is_metadata_line",
    "match_byline_prefix",
    "outlet_from_copyright",
    "outlet_from_email",
    "outlet_from_metadata_line",
    "reporters_in",
    "split_at_datelines",
    "split_title_suffix",
]

_YEAR = r"(?P<y>(?:19|20)\d\d)"
DATE = re.compile(
    _YEAR
    + r"\s*[-./년]\s*(?P<m>\d{1,2})\s*[-./월]\s*(?P<d>\d{1,2})(?!\d)\s*[.일]?"
    + r"(?:\s*\(?[월화수목금토일]\)?)?"
    + r"(?:\s*\(?\s*(?P<ampm>오전|오후|AM|PM|am|pm)?\s*(?P<H>\d{1,2})\s*[:시]\s*(?P<M>\d{2})"
    + r"(?:\s*:\s*(?P<S>\d{2}))?\)?)?"
)
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_NAME = r"[가-힣]{2,4}"
_NAMES = rf"(?P<names>{_NAME}(?:\s*[·,ㆍ]\s*{_NAME})*)"
_REPORTER_TITLE = r"(?:선임|수석|전문|객원|인턴|수습)?(?:기자|특파원|통신원|논설위원)"
_REPORTER = re.compile(rf"(?<![가-힣]){_NAMES}\s*{_REPORTER_TITLE}(?![가-힣])")

# Byline prefixes that open the first paragraph of a story.
_BYLINE_PREFIXES = (
    # [아시아경제 최유리 기자]  [미디어펜=조우현 기자]  [매일경제 홍길동·김철수 기자]
    re.compile(rf"^\[\s*(?P<outlet>[^\]=]{{1,20}}?)\s*[= ]\s*{_NAMES}\s*{_REPORTER_TITLE}\s*\]\s*"),
    # (서울=연합뉴스) 홍길동 기자 =   【서울=뉴시스】홍길동 기자 =   (서울=뉴스1) 홍길동 기자 =
    re.compile(
        rf"^[(\[【]\s*(?!사진|그래픽|자료|영상|제공)[가-힣A-Za-z ]{{1,10}}\s*=\s*"
        rf"(?P<outlet>[^)\]】]{{1,15}}?)\s*[)\]】]\s*"
        rf"(?:{_NAMES}\s*{_REPORTER_TITLE}\s*)?[=:]?\s*"
    ),
)
# Words that label a metadata line rather than say anything.
_LABELS = re.compile(
    r"기사\s*입력|최종\s*수정|입력|수정|등록|승인|송고|발행|게재|업데이트|작성|일시|"
    r"Updated?|Published|Posted|Date|글[·ㆍ]?사진|사진|기자\s*페이지|구독|[:|·/\[\]()<>=]"
)
_COPYRIGHT_MARK = re.compile(r"ⓒ|©|\([cC]\)|Copyright|저작권자", re.IGNORECASE)
_URL = re.compile(r"\(?\s*(?:https?://|www\.)[^\s)]*\s*\)?")
_TITLE_SUFFIX = re.compile(r"\s+[-|–—:]\s+(?P<outlet>[^-|–—:]{2,20})$")


@dataclass(frozen=True, slots=True)
class Byline:
    """A byline prefix found at the start of a paragraph."""

    text: str
    outlet: str | None
    reporters: tuple[Reporter, ...]


def find_date(text: str) -> str | None:
    """Return the first date in ``text`` as ISO 8601 (``2022-04-27T10:02`` or ``2022-04-27``)."""
    match = DATE.search(text)
    if not match:
        return None
    year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    iso = f"{year:04d}-{month:02d}-{day:02d}"
    if match["H"] is None:
        return iso
    hour, minute = int(match["H"]), int(match["M"])
    if match["ampm"] in ("오후", "PM", "pm") and hour < 12:
        hour += 12
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return iso
    iso += f"T{hour:02d}:{minute:02d}"
    if match["S"] is not None:
        iso += f":{int(match['S']):02d}"
    return iso


def reporters_in(text: str) -> list[Reporter]:
    """Reporters named in a byline-like ``text``; an e-mail in it goes to the last name."""
    names: list[str] = []
    for match in _REPORTER.finditer(text):
        names.extend(re.split(r"\s*[·,ㆍ]\s*", match["names"]))
    emails = EMAIL.findall(text)
    reporters = [Reporter(name) for name in names]
    if reporters and emails:
        reporters[-1] = Reporter(reporters[-1].name, emails[0])
    return reporters


def match_byline_prefix(paragraph: str) -> Byline | None:
    """The byline a paragraph opens with (``[아시아경제 최유리 기자] ...``), if any."""
    for pattern in _BYLINE_PREFIXES:
        match = pattern.match(paragraph)
        if match:
            names = match.groupdict().get("names")
            reporters = tuple(Reporter(n) for n in re.split(r"\s*[·,ㆍ]\s*", names or "") if n)
            outlet = (match["outlet"] or "").strip() or None
            return Byline(match.group(0), outlet, reporters)
    return None


def is_metadata_line(line: str) -> bool:
    """True for a line that only carries a date, a byline, an e-mail or an outlet name.

    What is left once dates, reporters, e-mails and labels are taken out must be
    short (an outlet name at most), so a sentence that mentions a date is not
    metadata.
    """
    if len(line) > 150:
        return False
    has_date = DATE.search(line) is not None
    has_reporter = _REPORTER.search(line) is not None
    has_email = EMAIL.search(line) is not None
    if not (has_date or has_reporter or has_email):
        return False
    residue = _REPORTER.sub(" ", EMAIL.sub(" ", DATE.sub(" ", line)))
    residue = _LABELS.sub(" ", residue)
    residue = re.sub(r"\s+", " ", residue).strip()
    return len(residue) <= 20 and not re.search(r"[다요]\.$", line)


_DATELINE_LABEL = re.compile(r"기사\s*입력|최종\s*수정|입력|수정|등록|승인|송고|업데이트|발행")
_GAP = re.compile(r"[\s|·/():,]*")


def split_at_datelines(text: str) -> list[tuple[str, bool]]:
    """Cut a run-on passage around the datelines and bylines inside it.

    A scrape without line breaks runs headline, dateline, byline and story
    together (``헤드라인 입력 2024.05.22 (21:14) 김도윤 기자 본문…``). Returns the
    pieces in order, each flagged True when it is metadata. A bare date inside a
    sentence is not a dateline: a cluster needs a label with its date, a date
    with a time, a reporter or an e-mail address.
    """
    tokens = sorted(
        [(m.start(), m.end(), "date" + ("+time" if m["H"] else "")) for m in DATE.finditer(text)]
        + [(m.start(), m.end(), "reporter") for m in _REPORTER.finditer(text)]
        + [(m.start(), m.end(), "email") for m in EMAIL.finditer(text)]
        + [(m.start(), m.end(), "label") for m in _DATELINE_LABEL.finditer(text)]
    )
    clusters: list[tuple[int, int, set[str]]] = []
    for start, end, kind in tokens:
        if clusters and start >= clusters[-1][1] and _GAP.fullmatch(text[clusters[-1][1] : start]):
            clusters[-1] = (clusters[-1][0], max(end, clusters[-1][1]), clusters[-1][2] | {kind})
        elif not clusters or start >= clusters[-1][1]:
            clusters.append((start, end, {kind}))
    pieces: list[tuple[str, bool]] = []
    position = 0
    for start, end, kinds in clusters:
        is_dateline = bool(kinds & {"reporter", "email", "date+time"} or {"label", "date"} <= kinds)
        if not is_dateline:
            continue
        if text[position:start].strip():
            pieces.append((text[position:start].strip(), False))
        pieces.append((text[start:end].strip(" |·/,"), True))
        position = end
    if text[position:].strip():
        pieces.append((text[position:].strip(), False))
    return pieces


def outlet_from_metadata_line(line: str) -> str | None:
    """The outlet name left in a metadata line (``AI타임스 2022. 4. 27. 10:02``)."""
    residue = _REPORTER.sub(" ", EMAIL.sub(" ", DATE.sub(" ", line)))
    residue = _LABELS.sub(" ", residue)
    residue = re.sub(r"\s+", " ", residue).strip()
    if 2 <= len(residue) <= 20 and not re.search(r"\d", residue):
        return residue
    return None


def outlet_from_copyright(line: str) -> str | None:
    """The outlet named in a copyright line (``Copyright © 조선일보. 무단전재 …``)."""
    mark = _COPYRIGHT_MARK.search(line)
    if not mark:
        return None
    rest = line[mark.end() :]
    rest = re.sub(r"^[\s©ⓒ()cC:]*", "", rest)
    url = _URL.search(rest)
    if url and url.start() > 0:
        before = rest[: url.start()].split()
        return _clean_outlet(before[-1]) if before else None
    head = re.split(r"[,.<>]|무단|All rights|배포|재배포", rest, maxsplit=1)[0].split()
    return _clean_outlet(head[-1]) if head else None


@cache
def _outlets_by_domain() -> dict[str, str]:
    """The bundled table of outlet web domains, for pages that only name a domain."""
    table: dict[str, str] = json.loads(
        (bundled_data_dir() / "outlets.json").read_text(encoding="utf-8")
    )
    return table


def outlet_from_email(email: str) -> str | None:
    """The outlet behind a reporter's e-mail domain, when the bundled table knows it."""
    domain = email.rsplit("@", 1)[-1].lower()
    table = _outlets_by_domain()
    parts = domain.split(".")
    for start in range(len(parts) - 1):
        outlet = table.get(".".join(parts[start:]))
        if outlet:
            return outlet
    return None


def split_title_suffix(line: str) -> tuple[str, str | None]:
    """Split ``헤드라인 - 아시아경제`` into the headline and the outlet suffix."""
    match = _TITLE_SUFFIX.search(line)
    if match and len(line) - len(match.group(0)) >= 8:
        return line[: match.start()].strip(), match["outlet"].strip()
    return line.strip(), None


def _clean_outlet(token: str) -> str | None:
    token = token.strip(" '\"‘’“”.,")
    return token if 2 <= len(token) <= 20 else None
