"""Performance benchmark for lgai-reader: ingest, warm start, memory, search, entities, notes.

Run from the checkout. It measures the checkout as a user gets it: it builds
the checkout's wheel as ``pip install .`` does (the entity rules compiled with
mypyc where a C compiler is found, see ``hatch_build.py``), unpacks it into its
temporary folder, and every measurement imports that copy::

    .venv/bin/python tests/benchmark.py                  # the full run (~14 min on 2 cores)
    .venv/bin/python tests/benchmark.py --quick          # a small run for CI (~40 s)
    .venv/bin/python tests/benchmark.py --json out.json  # also write every number
    LGAI_READER_PURE=1 .venv/bin/python tests/benchmark.py  # the rules as plain Python

Synthetic corpora are generated from the bundled seeds into a temporary
folder, reproducibly from ``--seed``. Every number is a median of several
runs, and every ratio is taken against a reference measured in the same run,
interleaved with it, because the machines this runs on are shared and noisy.
Startup and memory are measured in fresh child processes (wall time from spawn
to exit, ``ru_maxrss`` from ``wait4``); latencies are measured in this process.

The exit status is 1 when a full run misses a target (0 for ``--quick``, whose
corpus is too small for the targets to mean anything) and 2 on an error. The
script is not a test (pytest does not collect it) and needs nothing beyond the
standard library and what ``pip install '.[test]'`` installs (the wheel's build
tools among it).
"""

from __future__ import annotations

import argparse
import compileall
import functools
import hashlib
import json
import math
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

TERMINAL_SIZE = (120, 40)  # wide enough for the list and the reader side by side
SLOW_START = 60.0  # seconds: a warm start this slow is measured once, not repeated
USER = "bench"
T = TypeVar("T")


# -- what to run ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """Corpus sizes and repeat counts: the full run, or the quick one that keeps CI honest."""

    small: int  # articles for cold-ingest throughput and notes
    large: int  # articles for the 10k measurements
    cold_repeats: int
    seed_cold_repeats: int
    warm_repeats: int
    large_warm_repeats: int
    search_repeats: int
    entity_repeats: int
    notes_per_article: int
    note_writes: int
    export_repeats: int

    @classmethod
    def full(cls) -> Plan:
        return cls(1_000, 10_000, 5, 3, 7, 3, 20, 5, 10, 300, 3)

    @classmethod
    def quick(cls) -> Plan:
        return cls(40, 40, 2, 1, 2, 1, 5, 5, 10, 40, 1)  # 2 cold runs: both orders


# -- synthetic corpora ---------------------------------------------------------------------

SURNAMES = (
    "김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진나"
    "엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제탁국어은편용예경봉"
)
GIVEN = "민서지현수준영진우성호재동혜은하윤연태경상미정희주원석훈철규승아다예소유채나라건도환"
COMPANY_HEADS = (
    "한빛",
    "새론",
    "누리",
    "미래",
    "가온",
    "다온",
    "온누리",
    "한결",
    "푸른",
    "세움",
    "하늘",
    "별빛",
    "아라",
    "청림",
    "대한",
    "동방",
    "서진",
    "태평",
    "금강",
    "보람",
)
COMPANY_TAILS = (
    "전자",
    "바이오",
    "소프트",
    "테크",
    "로보틱스",
    "헬스케어",
    "모빌리티",
    "반도체",
    "에너지",
    "네트웍스",
    "랩스",
    "데이터",
    "클라우드",
    "AI",
)
PRODUCT_HEADS = ("하이퍼", "딥", "스마트", "뉴로", "코어", "퀀텀", "메타", "옴니", "비전", "라온")
PRODUCT_TAILS = ("GPT", "브레인", "마인드", "클로바", "스피크", "큐브", "링크", "웨이브")
UNIVERSITIES = (
    "카이스트",
    "포스텍",
    "연세대",
    "고려대",
    "성균관대",
    "한양대",
    "서강대",
    "UNIST",
    "부산대",
)
TITLES = ("원장", "대표", "교수", "부사장", "상무", "연구위원", "센터장", "본부장", "팀장")
PLACES = ("서울", "판교", "대전", "부산", "광주", "세종", "뉴욕", "실리콘밸리", "도쿄", "베를린")
QUOTES = (
    "AI 경쟁력이 곧 기업 경쟁력",
    "전문가 AI로 산업 현장의 난제를 풀겠다",
    "연구 성과를 오픈소스로 공개해 생태계를 넓히겠다",
    "데이터와 인재 확보가 가장 중요하다",
    "글로벌 빅테크와 성능으로 겨루겠다",
    "제조 현장에 바로 쓰이는 모델을 만들겠다",
)
LEADS = (
    "{day}일 {place}에서 열린 간담회에서 ",
    "업계에 따르면 ",
    "{person} {title}에 따르면 ",
    "지난 {month}월 ",
    "{place}에서 {day}일 발표된 자료에 따르면 ",
    "이에 대해 ",
)
# Names in the seeds that an article may swap for another of the same kind.
SEED_PEOPLE = (
    "배경훈",
    "구광모",
    "이문태",
    "서정연",
    "이경무",
    "최해천",
    "송준호",
    "김승환",
    "최유리",
    "조우현",
    "정채희",
    "이해인",
    "김지호",
    "김동원",
)
MENUS = (
    "뉴스홈 경제 정치 연예 스포츠",
    "Search",
    "전체메뉴 로그인 회원가입 구독신청",
    "홈 | 태그 | 미디어로그 | 위치로그 | 방명록",
    "AI산업",
    "연합뉴스 최신기사 정치 북한 경제 마켓+ 산업 사회 전국 세계 문화 건강 연예 스포츠",
)
WIDGETS = (
    "글자크기 설정 파란원을 좌우로 움직이시면 글자크기가 변경 됩니다.",
    "번역beta Translated by kaka i",
    "공유하기 페이스북 트위터 카카오톡 URL복사",
    "기사 스크랩 프린트 글자크기",
)
CAPTIONS = (
    "{org} 로고. /사진={org} 제공",
    "(사진={org})",
    "[연합뉴스 자료사진]",
    "{person} {org} {title}이 발표하고 있다. /사진={outlet}",
)


def josa(word: str, after_consonant: str, after_vowel: str) -> str:
    """The particle that agrees with ``word``'s last syllable (은/는, 이/가, 을/를, 과/와)."""
    code = ord(word[-1]) - 0xAC00
    if 0 <= code <= 11171:
        return after_consonant if code % 28 else after_vowel
    return after_consonant


@dataclass(frozen=True)
class SeedText:
    """What the seeds give the generator: body paragraphs and their sentences."""

    paragraphs: tuple[str, ...]
    sentences: tuple[str, ...]


def read_seed_text(folder: Path = SEEDS) -> SeedText:
    """Body-like lines of the seed articles: long, mostly Hangul, no byline or copyright.

    A heuristic on purpose, not the product's cleaner: the generator must not
    change when the cleaner does.
    """
    paragraphs = []
    for path in sorted(folder.glob("*.txt")):
        for raw in path.read_text(encoding="utf-8").splitlines():
            text = raw.strip()
            hangul = sum("가" <= char <= "힣" for char in text)
            metadata = "@" in text or "ⓒ" in text
            if len(text) >= 80 and hangul >= len(text) * 0.45 and not metadata:
                paragraphs.append(text)
    sentences = [
        sentence
        for paragraph in paragraphs
        for sentence in re.split(r"(?<=[.?!])\s+", paragraph)
        if len(sentence) >= 20
    ]
    return SeedText(tuple(paragraphs), tuple(sentences))


@dataclass(frozen=True)
class NamePools:
    """Invented people, companies and products, with Zipf-like popularity."""

    people: tuple[str, ...]
    companies: tuple[str, ...]
    products: tuple[str, ...]

    @classmethod
    def make(cls, seed: int) -> NamePools:
        rng = random.Random(f"names-{seed}")
        people: dict[str, None] = {}
        while len(people) < 600:
            people[rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)] = None
        companies = [head + tail for head in COMPANY_HEADS for tail in COMPANY_TAILS]
        products = [head + tail for head in PRODUCT_HEADS for tail in PRODUCT_TAILS]
        rng.shuffle(companies)
        rng.shuffle(products)
        return cls(tuple(people), tuple(companies[:150]), tuple(products[:50]))

    @staticmethod
    def pick(rng: random.Random, names: Sequence[str]) -> str:
        """A name, the first ones far more often than the last (a few famous, many rare)."""
        return names[(int(rng.paretovariate(0.6)) - 1) % len(names)]


@dataclass
class CorpusStats:
    """What was written: counts, sizes, noise, and which invented people appear where."""

    articles: int = 0
    raw_bytes: int = 0
    noise: Counter[str] = field(default_factory=Counter)
    people: Counter[str] = field(default_factory=Counter)  # name -> articles using it


class ArticleWriter:
    """Writes one scraped-looking article per index, each from its own random stream.

    Article ``i`` depends only on ``(seed, i)``, so the 1,000-article corpus is
    the first 1,000 articles of the 10,000-article one.
    """

    def __init__(
        self, seed: int, text: SeedText, names: NamePools, outlets: dict[str, str]
    ) -> None:
        self.seed = seed
        self.text = text
        self.names = names
        self.outlets = sorted(outlets.items())

    def rng(self, index: int, part: str) -> random.Random:
        return random.Random(f"{self.seed}-{index}-{part}")

    def story(self, index: int) -> tuple[str, list[str], set[str]]:
        """Title and body paragraphs (3-8k characters) of story ``index``, and the people in it."""
        rng = self.rng(index, "story")
        swaps = {
            name: NamePools.pick(rng, self.names.people)
            for name in SEED_PEOPLE
            if rng.random() < 0.6
        }
        if rng.random() < 0.2:
            swaps["LG AI연구원"] = NamePools.pick(rng, self.names.companies)
        if rng.random() < 0.2:
            swaps["엑사원"] = NamePools.pick(rng, self.names.products)
        swaps["서울대"] = rng.choice(UNIVERSITIES) if rng.random() < 0.5 else "서울대"
        swaps["잭슨랩"] = NamePools.pick(rng, self.names.companies)
        pattern = re.compile("|".join(map(re.escape, sorted(swaps, key=len, reverse=True))))
        target = rng.randint(3_000, 8_000)
        paragraphs: list[str] = []
        people = {swaps[name] for name in SEED_PEOPLE if name in swaps}
        while sum(map(len, paragraphs)) < target:
            roll = rng.random()
            if roll < 0.45:
                paragraph = rng.choice(self.text.paragraphs)
            elif roll < 0.85:
                paragraph = " ".join(rng.sample(self.text.sentences, rng.randint(2, 5)))
            else:
                paragraph, person = self.entity_paragraph(rng)
                people.add(person)
            paragraph = self.vary(rng, paragraph)
            paragraphs.append(pattern.sub(lambda m: swaps[m.group()], paragraph))
        words = pattern.sub(lambda m: swaps[m.group()], rng.choice(self.text.sentences)).split()
        title = " ".join(words[: rng.randint(5, 9)]).strip("“”\"'.,")
        present = {name for name in people if any(name in paragraph for paragraph in paragraphs)}
        return title, paragraphs, present

    def vary(self, rng: random.Random, paragraph: str) -> str:
        """The paragraph with new numbers and, here and there, a lead-in clause.

        Real stories rarely share a sentence; recombined seed sentences would,
        and then neither republished-story grouping (which ignores sentences
        found in many articles) nor a rare-word search would see real work.
        """

        def number(match: re.Match[str]) -> str:
            digits = match.group()
            if rng.random() < 0.3:
                return digits
            if len(digits) == 4 and digits.startswith(("19", "20")):
                return str(rng.randint(2015, 2025))
            return str(
                rng.randint(
                    10 ** (len(digits) - 1) if len(digits) > 1 else 1, 10 ** len(digits) - 1
                )
            )

        sentences = re.split(r"(?<=[.?!])\s+", re.sub(r"\d+", number, paragraph))
        for position, sentence in enumerate(sentences):
            if rng.random() < 0.4 and sentence[:1].isalpha():
                lead = rng.choice(LEADS).format(
                    day=rng.randint(1, 28),
                    month=rng.randint(1, 12),
                    place=rng.choice(PLACES),
                    person=NamePools.pick(rng, self.names.people),
                    title=rng.choice(TITLES),
                )
                sentences[position] = lead + sentence
        return " ".join(sentences)

    def entity_paragraph(self, rng: random.Random) -> tuple[str, str]:
        """Sentences naming invented people, companies and products, so the index grows."""
        person = NamePools.pick(rng, self.names.people)
        org = NamePools.pick(rng, self.names.companies)
        other = NamePools.pick(rng, self.names.companies)
        product = NamePools.pick(rng, self.names.products)
        title = rng.choice(TITLES)
        sentences = [
            f'{person} {org} {title}{josa(title, "은", "는")} "{rng.choice(QUOTES)}"라고 말했다.',
            f"{org}{josa(org, '은', '는')} {rng.randint(1, 28)}일 {rng.choice(PLACES)}에서 "
            f"'{product}'{josa(product, '을', '를')} 공개했다.",
            f"{org}{josa(org, '과', '와')} {other}{josa(other, '은', '는')} {product} 기반 "
            "공동 연구를 진행하기로 했다.",
            f"이번 협력에는 {NamePools.pick(rng, self.names.people)} {rng.choice(UNIVERSITIES)} "
            "교수 연구팀도 참여한다.",
        ]
        return " ".join(rng.sample(sentences, rng.randint(2, 4))), person

    def page(self, index: int, stats: CorpusStats) -> str:
        """The whole scraped page of article ``index``: story plus the noise around it."""
        rng = self.rng(index, "page")
        source = index
        if index > 0 and rng.random() < 0.03:  # the same story, republished by another outlet
            source = rng.randrange(max(0, index - 50), index)
            stats.noise["republished"] += 1
        title, paragraphs, people = self.story(source)
        stats.people.update(people)
        domain, outlet = rng.choice(self.outlets)
        reporter = NamePools.pick(rng, self.names.people)
        email = f"{rng.choice('abcdefghjk')}{rng.randint(10, 999)}@{domain}"
        date = (
            f"{rng.randint(2020, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} "
            f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"
        )
        if rng.random() < 0.002:
            stats.noise["empty page"] += 1
            return f"{rng.choice(MENUS)}\n\n© {outlet} All rights reserved.\n"
        body = self.noisy_body(rng, paragraphs, outlet, reporter, stats)
        lines = []
        if rng.random() < 0.5:
            lines += [rng.choice(MENUS), ""]
        lines += [f"{title} - {outlet}" if rng.random() < 0.3 else title, ""]
        if rng.random() < 0.25:
            lines += [title, ""]
            stats.noise["repeated headline"] += 1
        lines += [
            rng.choice(
                (
                    f"입력 {date}",
                    f"{date} | {reporter} 기자 | {email}",
                    f"등록 {date} 수정 {date}",
                    f"송고시간{date}",
                )
            ),
            "",
        ]
        lines += body
        lines += ["", self.footer(rng, title, outlet, reporter, email, stats)]
        return "\n".join(lines) + "\n"

    def noisy_body(
        self,
        rng: random.Random,
        paragraphs: list[str],
        outlet: str,
        reporter: str,
        stats: CorpusStats,
    ) -> list[str]:
        """Paragraphs with a byline prefix, captions and widgets between them, maybe twice."""
        paragraphs = list(paragraphs)
        if rng.random() < 0.5:
            prefix = rng.choice(
                (
                    f"[{outlet} {reporter} 기자] ",
                    f"({rng.choice(PLACES)}={outlet}) {reporter} 기자 = ",
                )
            )
            paragraphs[0] = prefix + paragraphs[0]
        if rng.random() < 0.08:
            paragraphs += paragraphs
            stats.noise["body twice"] += 1
        if rng.random() < 0.15:
            paragraphs.append(paragraphs[0][:120])
            stats.noise["lede repeated"] += 1
        lines: list[str] = []
        separator = [""] if rng.random() < 0.7 else []
        for paragraph in paragraphs:
            roll = rng.random()
            if roll < 0.08:
                caption = rng.choice(CAPTIONS).format(
                    org=NamePools.pick(rng, self.names.companies),
                    outlet=outlet,
                    person=NamePools.pick(rng, self.names.people),
                    title=rng.choice(TITLES),
                )
                lines += [caption, *separator]
                stats.noise["caption"] += 1
            elif roll < 0.11:
                lines += [rng.choice(WIDGETS), *separator]
                stats.noise["widget"] += 1
            lines += [paragraph, *separator]
        return lines

    def footer(
        self,
        rng: random.Random,
        title: str,
        outlet: str,
        reporter: str,
        email: str,
        stats: CorpusStats,
    ) -> str:
        """Byline, copyright, related articles and, for reposts, a blog's footer."""
        lines = []
        if rng.random() < 0.6:
            lines.append(f"{reporter} 기자 {email}")
        if rng.random() < 0.8:
            lines.append(
                rng.choice(
                    (
                        f"ⓒ {outlet} 무단전재 배포금지",
                        f"Copyright © {outlet}. 무단전재 및 재배포 금지.",
                        f"© {outlet} All rights reserved.",
                        f"<저작권자 © {outlet} 무단전재 및 재배포 금지>",
                    )
                )
            )
        if rng.random() < 0.3:
            lines += ["관련기사", "종합 인기기사"]
        if rng.random() < 0.1:
            lines += [
                "",
                "Adblock test (Why?)",
                "",
                f"소스 뉴스 및 더 읽기 ( {title} - {outlet} )",
                f"https://ift.tt/{rng.randrange(16**7):07x}",
                "비즈니스",
                "",
                "Bagikan Berita Ini",
                "",
                f'0 Response to "{title} - {outlet}"',
                "",
                "Post a Comment",
                "",
                "Powered by Blogger.",
            ]
            stats.noise["blog footer"] += 1
        if rng.random() < 0.2:
            lines += ["", "이 기사에 대해 어떻게 생각하시나요?"]
        return "\n".join(lines)

    def encode(self, index: int, text: str, stats: CorpusStats) -> bytes:
        """The page's bytes: mostly UTF-8, some CP949, BOMs and UTF-16; some CRLF."""
        rng = self.rng(index, "bytes")
        if rng.random() < 0.1:
            text = text.replace("\n", "\r\n")
            stats.noise["CRLF"] += 1
        roll = rng.random()
        encoding = (
            "cp949"
            if roll < 0.05
            else "utf-8-sig"
            if roll < 0.07
            else "utf-16"
            if roll < 0.08
            else "utf-8"
        )
        stats.noise[encoding] += 1
        return text.encode(encoding, errors="replace")


def generate_corpus(folder: Path, count: int, seed: int) -> CorpusStats:
    """Write ``count`` synthetic articles into ``folder`` (reproducible from ``seed``)."""
    folder.mkdir(parents=True, exist_ok=True)
    outlets = json.loads((SEEDS / "outlets.json").read_text(encoding="utf-8"))
    writer = ArticleWriter(seed, read_seed_text(), NamePools.make(seed), outlets)
    stats = CorpusStats()
    for index in range(count):
        data = writer.encode(index, writer.page(index, stats), stats)
        digest = hashlib.sha256(data).hexdigest()[:16]
        (folder / f"{index:05d}_{digest}.txt").write_bytes(data)
        stats.articles += 1
        stats.raw_bytes += len(data)
    return stats


# -- child processes -----------------------------------------------------------------------


class BenchmarkError(RuntimeError):
    """A measurement could not be taken (a child failed, a cache was cold when it must be warm)."""


@dataclass(frozen=True)
class ChildRun:
    """One child process: wall time from spawn to exit, peak RSS, and what it reported."""

    wall: float
    max_rss_mb: float
    report: dict[str, Any]


def child_env(home: Path, code: Path) -> dict[str, str]:
    """Children import ``code`` (the built package) and never touch the real home, cache or data.

    ``PYTHONSAFEPATH`` keeps the current folder (the checkout) off their path.
    """
    env = dict(os.environ)
    env["PYTHONPATH"] = str(code)
    env["PYTHONSAFEPATH"] = "1"
    env["HOME"] = str(home)
    env["XDG_CACHE_HOME"] = str(home / "cache")
    env["XDG_DATA_HOME"] = str(home / "data")
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as an installed app, which has .pyc files
    for name in ("LGAI_READER_CORPUS", "LGAI_READER_DATA", "LGAI_READER_USER", "TEXTUAL"):
        env.pop(name, None)
    return env


def run_child(
    command: Sequence[str], work: Path, env: dict[str, str], *, stamp: bool = True
) -> ChildRun:
    """Run ``python <command> <spawned> <report.json>`` and measure it from the outside.

    The child gets its spawn time (``time.monotonic``, system-wide on Linux) so
    it can stamp events relative to it; ``wait4`` gives this child's own peak RSS.
    With ``stamp=False`` the command runs as given (it reports nothing).
    """
    report = Path(tempfile.mkstemp(suffix=".json", dir=work)[1])
    log = report.with_suffix(".log")
    spawned = time.monotonic()
    extra = [repr(spawned), str(report)] if stamp else []
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, *command, *extra],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        _, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - spawned
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        what = "an app start (python -c)" if command[0] == "-c" else " ".join(command[:3])
        raise BenchmarkError(f"{what} exited {process.returncode}:\n{tail}")
    text = report.read_text(encoding="utf-8")
    return ChildRun(wall, usage.ru_maxrss / 1024, json.loads(text) if text else {})


def script_child(name: str, *args: Path) -> list[str]:
    """A child that runs one of this file's ``child_*`` functions (for long measurements)."""
    return [__file__, "--child", name, *map(str, args)]


# App starts run as ``python -c``: a few lines, so that compiling this file is not timed.
# Arguments: width height [corpus cache data] spawned report.
_MARK = """
import json, sys, time
width, height = int(sys.argv[1]), int(sys.argv[2])
spawned, report_path = float(sys.argv[-2]), sys.argv[-1]
marks = {}
extra = {}
def mark(name):
    marks.setdefault(name, time.monotonic() - spawned)
def report():
    with open(report_path, "w") as out:
        json.dump({**marks, **extra, "kiwipiepy": "kiwipiepy" in sys.modules}, out)
"""

BARE_APP = (
    _MARK
    + """
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("lgai-reader")

app = Bare()

async def first_paint(pilot):
    app.call_after_refresh(lambda: (mark("first_paint"), mark("articles_painted"), app.exit()))

app.run(headless=True, size=(width, height), auto_pilot=first_paint)
mark("run_returned")
report()
"""
)

READER_APP = (
    _MARK
    + """
import asyncio
from pathlib import Path
from tui.cli import open_app  # what `lgai-reader` with no command runs

corpus, cache, data = map(Path, sys.argv[3:6])
app = open_app(corpus_dir=corpus, data_dir=data, user="bench", cache_dir=cache)

async def wait_for(test, what):
    deadline = time.monotonic() + 1800
    while time.monotonic() < deadline:
        screen = app.screen_stack[0] if app.screen_stack else None
        if getattr(screen, "load_error", None):
            raise RuntimeError(screen.load_error)
        if screen is not None and test(screen):
            return screen
        await asyncio.sleep(0.002)
    raise TimeoutError(what + " within 30 minutes")

def listed(screen):
    return screen.is_mounted and screen.query_one("#articles").count > 0

async def articles_painted(pilot):
    app.call_after_refresh(mark, "first_paint")
    # The list's rows: from the last start's list, or the first articles read.
    await wait_for(listed, "no article was listed")
    app.call_after_refresh(mark, "articles_painted")  # the handler has run; drawn next refresh
    screen = await wait_for(lambda s: s.corpus is not None, "the corpus did not load")
    extra["articles"] = len(screen.corpus)
    app.call_after_refresh(lambda: (mark("corpus_painted"), app.exit()))

app.run(headless=True, size=(width, height), auto_pilot=articles_painted)
mark("run_returned")
report()
if "articles_painted" not in marks:
    sys.exit("the app exited before its articles were painted")
"""
)


def child_cold_ingest(corpus: Path, cache: Path, data: Path, spawned: str, report: Path) -> None:
    """Cold ingest: ``load_corpus`` into an empty cache with the default (Kiwi) finder.

    The model is loaded and warmed up before timing (see :func:`warm_up`).
    """
    from store.corpus import default_finder, load_corpus
    from store.kiwi_finder import KiwiMentionFinder

    finder = default_finder(corpus, data)
    if not isinstance(finder, KiwiMentionFinder):
        raise BenchmarkError(f"the default finder is no longer Kiwi: {finder!r}")
    warm_up(finder.kiwi())
    started, cpu = time.perf_counter(), time.process_time()
    loaded = load_corpus(corpus, cache_dir=cache, data_dir=data, finder=finder)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    mentions = sum(len(article.mentions) for article in loaded)
    write_report(
        report,
        rules=sys.modules["store.ner"].__file__,
        seconds=elapsed,
        cpu=cpu,
        chars=sum(len(a.body) for a in loaded),
        articles=len(loaded),
        skipped=len(loaded.skipped),
        mentions=mentions,
        entities=len(loaded.entities),
        groups=len(loaded.groups),
    )


def child_kiwi_reference(
    corpus: Path, cache: Path, data: Path, spawned: str, report: Path, *, finder_first: bool = False
) -> None:
    """Reference: Kiwi(num_workers=-1) tokenizing the same clean bodies, model loaded first.

    Then, in the same process and on the same articles, the entity finder
    (the same tokenize with the gazetteer's user words, plus the rules), to
    time what extraction adds to Kiwi's own tokenize. ``finder_first`` swaps
    the two, so that alternate runs cancel what running second does to a
    measurement (another model loaded into memory just freed).
    """
    from store.corpus import default_finder, load_corpus
    from store.kiwi_finder import KiwiMentionFinder, forget_models

    articles = load_corpus(corpus, cache_dir=cache, data_dir=data).articles
    bodies = [article.body for article in articles]
    measured: dict[str, Any] = {"chars": sum(map(len, bodies)), "finder_first": finder_first}

    def tokenize_alone() -> None:
        from kiwipiepy import Kiwi

        kiwi = Kiwi(num_workers=-1)
        warm_up(kiwi)
        started, cpu = time.perf_counter(), time.process_time()
        measured["tokens"] = sum(len(result) for result in kiwi.tokenize(bodies))
        measured["seconds"] = time.perf_counter() - started
        measured["cpu"] = time.process_time() - cpu
        del kiwi  # one model in memory at a time

    def find() -> None:
        finder = default_finder(corpus, data)
        if not isinstance(finder, KiwiMentionFinder):
            raise BenchmarkError(f"the default finder is no longer Kiwi: {finder!r}")
        warm_up(finder.kiwi())
        started, cpu = time.perf_counter(), time.process_time()
        measured["mentions"] = sum(len(mentions) for _, mentions in finder.find(articles))
        measured["find_seconds"] = time.perf_counter() - started
        measured["find_cpu"] = time.process_time() - cpu
        forget_models()

    for step in (find, tokenize_alone) if finder_first else (tokenize_alone, find):
        step()
    write_report(report, **measured)


def warm_up(kiwi: Any) -> None:
    """Tokenize one seed article: Kiwi finishes loading its model lazily on first use (~2-3 s).

    Both the ingest and the reference do this, so neither pays the model load.
    """
    kiwi.tokenize(sorted(SEEDS.glob("*.txt"))[0].read_text(encoding="utf-8"))


def write_report(path: Path, **values: Any) -> None:
    path.write_text(json.dumps(values), encoding="utf-8")


CHILDREN: dict[str, Callable[..., None]] = {
    "cold-ingest": child_cold_ingest,
    "kiwi-reference": child_kiwi_reference,
    "kiwi-reference-finder-first": functools.partial(child_kiwi_reference, finder_first=True),
}


# -- results -------------------------------------------------------------------------------


@dataclass
class Row:
    """One line of the table. ``target`` applies to ``value`` or, if ``on_ratio``, the ratio."""

    metric: str
    value: float | bool | None
    unit: str
    reference: float | bool | None = None
    target: tuple[str, float] | None = None  # (operator, bound)
    on_ratio: bool = False
    note: str = ""
    error: bool = False  # the measurement itself failed

    @property
    def ratio(self) -> float | None:
        if isinstance(self.value, bool) or isinstance(self.reference, bool):
            return None
        if self.value is None or not self.reference:
            return None
        return self.value / self.reference

    @property
    def passed(self) -> bool | None:
        if self.error:
            return False
        if self.target is None:
            return None
        operator, bound = self.target
        checked = self.ratio if self.on_ratio else self.value
        if checked is None:
            return None
        return {"<=": checked <= bound, ">=": checked >= bound, "==": checked == bound}[operator]

    def target_text(self) -> str:
        if self.target is None:
            return "—"
        operator, bound = self.target
        if self.unit == "bool":
            return "never" if bound == 0 else "yes"
        shown = f"{bound:g}x" if self.on_ratio else format_value(bound, self.unit)
        return f"ratio {operator} {shown}" if self.on_ratio else f"{operator} {shown}"

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "ratio": self.ratio, "passed": self.passed}


def format_value(value: float | bool | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "bool":
        return "yes" if value else "no"
    formats = {
        "chars/s": f"{value / 1000:,.1f}k chars/s",
        "s": f"{value:.2f} s",
        "ms": f"{value:.1f} ms",
        "MB": f"{value:,.0f} MB",
        "µs/char": f"{value:.1f} µs/char",
        "x": f"{value:.2f}x",
    }
    return formats.get(unit, f"{value:g} {unit}")


def cells(text: str) -> int:
    """Terminal width of ``text`` (Hangul takes two cells), to align the table."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def table(rows: Sequence[Row]) -> str:
    """The one table: metric, value, reference, ratio, target, pass/fail."""
    header = ("metric", "value", "reference", "ratio", "target", "result")
    lines = [header]
    for row in rows:
        ratio = f"{row.ratio:.2f}" if row.ratio is not None else "—"
        result = "ERROR" if row.error else {True: "pass", False: "FAIL", None: "info"}[row.passed]
        lines.append(
            (
                row.metric,
                format_value(row.value, row.unit),
                format_value(row.reference, row.unit),
                ratio,
                row.target_text(),
                result,
            )
        )
    widths = [max(cells(line[column]) for line in lines) for column in range(len(header))]

    def render(line: Sequence[str]) -> str:
        pairs = zip(line, widths, strict=True)
        padded = [text + " " * (width - cells(text)) for text, width in pairs]
        return "  ".join(padded).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([render(lines[0]), rule, *map(render, lines[1:])])


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile: the smallest sample with ``fraction`` of samples at or below it."""
    ordered = sorted(values)
    return ordered[min(max(math.ceil(fraction * len(ordered)) - 1, 0), len(ordered) - 1)]


def timed(action: Callable[[], object]) -> float:
    """Seconds ``action`` takes."""
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


# -- the measurements ----------------------------------------------------------------------


class CacheOnlyFinder:
    """The default finder's cache key, but refusing to analyse: a warm load must stay warm."""

    def __init__(self, key: str) -> None:
        self._key = key

    @property
    def key(self) -> str:
        return self._key

    def find(self, articles: Iterable[Any]) -> Iterator[tuple[Any, tuple[Any, ...]]]:
        missed = [article.id for article in articles]
        if missed:  # the corpus asks even when every article came from the cache
            raise BenchmarkError(f"cache miss for {len(missed)} articles: the cache is not warm")
        yield from ()


@dataclass(frozen=True)
class BuiltPackage:
    """The checkout's wheel, unpacked: what every measurement imports."""

    path: Path
    wheel: Path
    compiled: tuple[str, ...]  # the modules mypyc compiled (none: plain Python)


def build_package(work: Path) -> BuiltPackage:
    """Build the checkout's wheel as ``pip install .`` would, unpack it and compile its ``.pyc``.

    Built without isolation, with the build tools of the test extras; the
    wheel carries the compiled rules when the build hook could compile them.
    """
    wheels, tree = work / "wheel", work / "package"
    pip = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
    build = subprocess.run(
        [*pip, "-w", str(wheels), str(ROOT)],
        capture_output=True,
        text=True,
    )
    if build.returncode != 0:
        raise BenchmarkError(
            f"building the wheel failed (pip install '.[test]' brings its tools):\n{build.stderr}"
        )
    wheel = next(wheels.glob("lgai_reader-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(tree)
    compileall.compile_dir(tree, quiet=1)
    compiled = sorted(
        f"{path.parent.name}.{path.name.split('.')[0]}" for path in tree.glob("*/*.so")
    )
    return BuiltPackage(tree, wheel, tuple(compiled))


def load_warm(corpus: Path, cache: Path, data: Path) -> Any:
    """The corpus from a filled cache, in this process, without Kiwi."""
    from store.corpus import default_finder, load_corpus

    key = default_finder(corpus, data).key
    return load_corpus(corpus, cache_dir=cache, data_dir=data, finder=CacheOnlyFinder(key))


@dataclass
class Bench:
    """The temporary folder, the plan, and the samples gathered so far (for ``--json``)."""

    work: Path
    plan: Plan
    seed: int
    package: BuiltPackage
    samples: dict[str, Any] = field(default_factory=dict)
    corpora: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.home = self.work / "home"
        (self.home / "cache").mkdir(parents=True, exist_ok=True)
        (self.home / "data").mkdir(parents=True, exist_ok=True)
        self.env = child_env(self.home, self.package.path)
        self.data = self.work / "data"  # empty: no user gazetteer, same analyser key everywhere
        self.data.mkdir(exist_ok=True)

    def fresh_dir(self, name: str) -> Path:
        path = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=self.work))
        return path

    def log(self, message: str) -> None:
        print(f"[{datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)

    def cold_ingests(
        self, corpus: Path, repeats: int, reference: bool
    ) -> tuple[Path, list[ChildRun], list[ChildRun]]:
        """Cold ingests into fresh caches, each followed by the Kiwi reference on the same text.

        Returns the first run's cache (kept as a warm cache), the ingest runs and
        the reference runs.
        """
        ingests: list[ChildRun] = []
        references: list[ChildRun] = []
        warm_cache = self.fresh_dir("cache")
        for attempt in range(repeats):
            cache = warm_cache if attempt == 0 else self.fresh_dir("cache")
            ingest = script_child("cold-ingest", corpus, cache, self.data)
            run = run_child(ingest, self.work, self.env)
            ingests.append(run)
            self.log(
                f"  cold ingest {corpus.name}: {run.report['seconds']:.1f} s, "
                f"{run.report['chars'] / run.report['seconds']:,.0f} chars/s, "
                f"{run.max_rss_mb:,.0f} MB"
            )
            if cache != warm_cache:
                shutil.rmtree(cache, ignore_errors=True)
            if reference:
                order = "kiwi-reference-finder-first" if attempt % 2 else "kiwi-reference"
                ref = run_child(
                    script_child(order, corpus, warm_cache, self.data),
                    self.work,
                    self.env,
                )
                references.append(ref)
                speed = ref.report["chars"] / ref.report["seconds"]
                self.log(f"  Kiwi reference: {speed:,.0f} chars/s")
        return warm_cache, ingests, references

    def app_starts(
        self, corpus: Path, cache: Path, repeats: int
    ) -> tuple[list[ChildRun], list[ChildRun]]:
        """Warm starts of the reader, each paired with a bare Textual app (first pair discarded)."""
        size = [str(TERMINAL_SIZE[0]), str(TERMINAL_SIZE[1])]
        reader = ["-c", READER_APP, *size, str(corpus), str(cache), str(self.data)]
        bare = ["-c", BARE_APP, *size]
        first = run_child(reader, self.work, self.env)  # compiles .pyc files, fills page cache
        first_bare = run_child(bare, self.work, self.env)
        if first.wall > SLOW_START:  # minutes per start: warming up is noise, so keep it
            self.log(f"  warm start took {first.wall:.0f} s: one run only")
            return [first], [first_bare]
        readers, bares = [], []
        for _ in range(repeats):
            readers.append(run_child(reader, self.work, self.env))
            bares.append(run_child(bare, self.work, self.env))
        return readers, bares


def measure_cold_ingest(
    bench: Bench, small: Path, large: Path
) -> tuple[list[Row], dict[str, Path]]:
    """Throughput against Kiwi alone (small corpus), and peak RSS on the seeds and the large one."""
    plan = bench.plan
    bench.log("cold ingest: seeds")
    seeds_cache, seed_runs, _ = bench.cold_ingests(SEEDS, plan.seed_cold_repeats, reference=False)
    bench.log(f"cold ingest: {plan.small:,} articles (with Kiwi reference)")
    small_cache, runs, references = bench.cold_ingests(small, plan.cold_repeats, reference=True)
    if large == small:
        large_cache, large_runs = small_cache, runs
    else:
        bench.log(f"cold ingest: {plan.large:,} articles (one run)")
        large_cache, large_runs, _ = bench.cold_ingests(large, 1, reference=False)
    strays = {run.report["rules"] for run in runs} - {*map(str, bench.package.path.rglob("ner.*"))}
    if strays:
        raise BenchmarkError(f"the ingest ran rules from outside the built package: {strays}")
    throughput = [run.report["chars"] / run.report["seconds"] for run in runs]
    kiwi = [run.report["chars"] / run.report["seconds"] for run in references]
    pair_ratios = [ours / theirs for ours, theirs in zip(throughput, kiwi, strict=True)]
    # CPU time (all threads) per character: less sensitive than wall time to other load.
    cpu = [run.report["cpu"] / run.report["chars"] * 1e6 for run in runs]
    kiwi_cpu = [run.report["cpu"] / run.report["chars"] * 1e6 for run in references]
    large_report = large_runs[0].report
    bench.samples["cold_ingest"] = {
        "small_chars_per_s": throughput,
        "kiwi_chars_per_s": kiwi,
        "pair_ratios": pair_ratios,
        "small_cpu_us_per_char": cpu,
        "kiwi_cpu_us_per_char": kiwi_cpu,
        "small_chars": runs[0].report["chars"],
        "extraction": [
            {key: run.report[key] for key in ("finder_first", "cpu", "find_cpu")}
            for run in references
        ],
        "small_seconds": [r.report["seconds"] for r in runs],
        "seeds_rss_mb": [r.max_rss_mb for r in seed_runs],
        "large": {**large_report, "rss_mb": large_runs[0].max_rss_mb},
    }
    rows = [
        Row(
            f"cold ingest @{plan.small:,} (clean-body chars/s; Kiwi loaded before timing)",
            median(throughput),
            "chars/s",
            median(kiwi),
            (">=", 0.8),
            on_ratio=True,
            note="reference: Kiwi(num_workers=-1).tokenize of the same clean bodies",
        ),
        Row(
            f"entity extraction @{plan.small:,}: CPU time, tokenize + rules (ref: tokenize alone)",
            median([run.report["find_cpu"] for run in references]),
            "s",
            median([run.report["cpu"] for run in references]),
            ("<=", 1.25),
            on_ratio=True,
            note="all threads' CPU time: the work extraction adds, whatever the number of cores;"
            " runs alternate which of the two goes first",
        ),
        Row(
            f"entity extraction @{plan.small:,}: wall time, tokenize + rules (ref: tokenize alone)",
            median([run.report["find_seconds"] for run in references]),
            "s",
            median([run.report["seconds"] for run in references]),
            note="same process, same clean bodies; the rules run while Kiwi tokenizes the next,"
            " so on a machine whose cores Kiwi fills they add their whole time",
        ),
        Row(
            f"cold ingest @{plan.small:,}: each pair's ratio "
            f"({' '.join(f'{ratio:.2f}' for ratio in pair_ratios)}), median",
            median(pair_ratios),
            "x",
            note="each ingest against the reference run right after it, to show the spread;"
            " the judged ratio is the ratio of the medians above",
        ),
        Row(
            f"cold ingest @{plan.small:,}: CPU time per char (all threads; ref: Kiwi's)",
            median(cpu),
            "µs/char",
            median(kiwi_cpu),
        ),
        Row(
            f"cold ingest @{plan.large:,}: seconds (1 run; "
            f"{large_report['chars'] / large_report['seconds']:,.0f} chars/s; "
            f"{large_report['groups']} republished groups)",
            large_report["seconds"],
            "s",
        ),
        Row("cold ingest peak RSS, seeds", median([r.max_rss_mb for r in seed_runs]), "MB"),
        Row(f"cold ingest peak RSS @{plan.large:,}", large_runs[0].max_rss_mb, "MB"),
    ]
    return rows, {"seeds": seeds_cache, "small": small_cache, "large": large_cache}


def measure_warm_start(bench: Bench, large: Path, caches: dict[str, Path]) -> list[Row]:
    """Process start to the list painted and to exit, against a bare Textual app; RSS; Kiwi."""
    plan = bench.plan
    rows: list[Row] = []
    for label, corpus, cache, repeats, rss_bound in (
        ("seeds", SEEDS, caches["seeds"], plan.warm_repeats, 150.0),
        (f"@{plan.large:,}", large, caches["large"], plan.large_warm_repeats, 400.0),
    ):
        bench.log(f"warm start: {label} ({repeats} pairs)")
        readers, bares = bench.app_starts(corpus, cache, repeats)
        bench.samples[f"warm_start_{label}"] = {
            "reader": [{"wall": r.wall, "rss_mb": r.max_rss_mb, **r.report} for r in readers],
            "bare": [{"wall": b.wall, "rss_mb": b.max_rss_mb, **b.report} for b in bares],
        }
        bare_painted = median([b.report["articles_painted"] for b in bares])
        kiwi_imported = any(r.report["kiwipiepy"] for r in readers)
        runs = " (1 run)" if len(readers) == 1 else ""
        rows += [
            Row(
                f"warm start {label}: spawn → article list painted{runs}",
                median([r.report["articles_painted"] for r in readers]),
                "s",
                bare_painted,
                ("<=", 1.5),
                on_ratio=True,
                note="the list as the last start left it, drawn while the files are checked;"
                " the bare app's reference is its first frame",
            ),
            Row(
                f"warm start {label}: spawn → files checked, whole corpus painted",
                median([r.report["corpus_painted"] for r in readers]),
                "s",
                bare_painted,
            ),
            Row(
                f"warm start {label}: spawn → exit",
                median([r.wall for r in readers]),
                "s",
                median([b.wall for b in bares]),
            ),
            Row(
                f"warm start {label}: spawn → first frame",
                median([r.report["first_paint"] for r in readers]),
                "s",
                median([b.report["first_paint"] for b in bares]),
            ),
            Row(
                f"warm start {label}: kiwipiepy imported",
                kiwi_imported,
                "bool",
                any(b.report["kiwipiepy"] for b in bares),
                ("==", 0),
            ),
            Row(
                f"warm start {label}: peak RSS",
                median([r.max_rss_mb for r in readers]),
                "MB",
                median([b.max_rss_mb for b in bares]),
                ("<=", rss_bound),
            ),
        ]
    return rows


def import_search_index() -> Any:
    """``SearchIndex`` wherever it lives now (it may move from ``tui`` to ``store``)."""
    try:
        from store.search import SearchIndex  # type: ignore[import-not-found]
    except ImportError:
        from store.search import SearchIndex
    return SearchIndex


def measure_search(bench: Bench, corpus: Any, rare_name: str) -> list[Row]:
    """Latency of ``SearchIndex.search`` per query, against one full scan of the same text.

    The app builds the word list after the first search; the rows with targets
    are the searches after that, as a reader typing gets them.
    """
    plan = bench.plan
    search_index = import_search_index()
    started = time.perf_counter()
    index = search_index(corpus.articles)
    build = time.perf_counter() - started
    text = "\x00".join(f"{a.title}\x00{a.body}".lower() for a in corpus.articles)
    absent = "양자얽힘통신망"
    scan = median([timed(lambda: absent in text) for _ in range(5)]) * 1000
    queries = {
        "common word": "인공지능",
        "rare name": rare_name,
        "with particle": "연구원은",
        "two-word phrase": "초거대 AI",
        "no match": absent,
    }
    rare_before = median([timed(partial(index.search, rare_name)) for _ in range(5)]) * 1000
    started = time.perf_counter()
    index.index_words()
    words = time.perf_counter() - started
    rows = [
        Row(f"search index build @{len(corpus):,}", build, "s"),
        Row("search word list build (in the background, after the first search)", words, "s"),
        Row(
            f"search '{rare_name}' before the word list (a scan of all the text) p50",
            rare_before,
            "ms",
        ),
    ]
    for label, query in queries.items():
        latencies = [timed(partial(index.search, query)) * 1000 for _ in range(plan.search_repeats)]
        result = index.search(query)
        bench.samples.setdefault("search_ms", {})[query] = latencies
        rows.append(
            Row(
                f"search '{query}' ({label}, {result.articles:,} articles) p50; "
                f"max {max(latencies):.1f} ms",
                median(latencies),
                "ms",
                scan,
                ("<=", 50.0),
                note="reference: one `in` scan of the lower-cased titles and bodies",
            )
        )
    return rows


def measure_entity_sidebar(bench: Bench, corpus: Any) -> list[Row]:
    """Mentions of the most frequent entity: lookup plus a line of context for each.

    ``MentionList.render_row`` (tui/widgets/entity_sidebar.py) draws a mention
    with ``context_window`` on the article body; it is a widget method, so this
    times the same pure steps: the index lookup, the article lookup and
    ``context_window`` for every mention, and separately what choosing an
    entity costs before the first frame (lookup, the article count in the
    title, and the context of the rows that fit on screen).
    """
    from tui.context import context_window

    plan = bench.plan
    started = time.perf_counter()
    index = corpus.entities
    build = time.perf_counter() - started
    top = index.entities()[0]
    by_id = {article.id: article for article in corpus.articles}
    width = 38  # the sidebar's mention list is about 40 cells wide

    def all_mentions() -> None:
        for mention in index.get(top.name).mentions:
            article = by_id[mention.article]
            context_window(article.body, mention.start, mention.end, width - 2)

    def choose() -> None:
        # As EntitySidebar.choose_entity: the title's counts, then only the rows on screen
        # (MentionList builds rows on demand from the lazy mention sequence).
        entity = index.get(top.name)
        mentions = entity.mentions
        _ = len(mentions), len(entity.articles)
        for row in range(min(len(mentions), TERMINAL_SIZE[1] // 2)):
            mention = mentions[row]
            context_window(by_id[mention.article].body, mention.start, mention.end, width - 2)

    every = [timed(all_mentions) * 1000 for _ in range(plan.entity_repeats)]
    chosen = [timed(choose) * 1000 for _ in range(plan.entity_repeats)]
    bench.samples["entity_ms"] = {
        "entity": top.name,
        "mentions": top.count,
        "all": every,
        "choose": chosen,
        "index_build_s": build,
    }
    return [
        Row(f"entity index build @{len(corpus):,} ({len(index):,} entities)", build, "s"),
        Row(
            f"entity '{top.name}': lookup + context for all {top.count:,} mentions",
            median(every),
            "ms",
            note="what a list building every row up front would cost; the app builds visible rows",
        ),
        Row(
            "entity sidebar: choose it (lookup, article count, visible rows)",
            median(chosen),
            "ms",
            None,
            ("<=", 20.0),
        ),
    ]


def note_spans(corpus: Any, count: int, rng: random.Random) -> Iterator[tuple[Any, int, int]]:
    """``count`` (article, start, end) spans, spread evenly over the articles with a body."""
    articles = [article for article in corpus.articles if len(article.body) > 200]
    for number in range(count):
        article = articles[number % len(articles)]
        start = rng.randrange(0, len(article.body) - 100)
        yield article, start, start + rng.randint(10, 80)


def write_notes(notebook: Any, spans: Iterator[tuple[Any, int, int]]) -> list[float]:
    """Add a note for each span; the seconds each ``add_note`` took."""
    latencies = []
    for number, (article, start, end) in enumerate(spans):
        started = time.perf_counter()
        notebook.add_note(
            article.id,
            article.body,
            article.content_hash,
            start,
            end,
            note=f"메모 {number}: 확인할 것\n두 번째 줄",
            tags=["검토", f"t{number % 7}"],
        )
        latencies.append(time.perf_counter() - started)
    return latencies


def measure_notes(bench: Bench, small: Path, corpus: Any) -> list[Row]:
    """Note writes with 10 notes per article already stored, and exporting all of them."""
    from store import ArticleSummary, NoteBook, export_markdown, place

    plan = bench.plan
    rng = random.Random(f"notes-{bench.seed}")
    total = plan.notes_per_article * plan.small
    data = bench.fresh_dir("notes")
    notebook = NoteBook(data, USER)
    bench.log(f"notes: pre-filling {total:,} notes over {plan.small:,} articles")
    prefill = write_notes(notebook, note_spans(corpus, total, rng))
    writes = write_notes(notebook, note_spans(corpus, plan.note_writes, rng))
    empty = write_notes(
        NoteBook(bench.fresh_dir("empty-notes"), USER), note_spans(corpus, plan.note_writes, rng)
    )
    read_started = time.perf_counter()
    notes = notebook.notes()
    read = time.perf_counter() - read_started
    by_id = {article.id: article for article in corpus.articles}
    grouped: dict[str, list[Any]] = {}
    for note in notes:
        grouped.setdefault(note.article, []).append(note)
    placed = [
        n
        for aid, group in grouped.items()
        for n in place(group, by_id[aid].body, by_id[aid].content_hash)
    ]
    summaries = {
        a.id: ArticleSummary(
            a.id, a.title, a.outlet, a.date, (), tuple(dict.fromkeys(m.entity for m in a.mentions))
        )
        for a in corpus.articles
        if a.id in grouped
    }
    now = datetime.now(UTC)
    exports = [
        timed(lambda: export_markdown(placed, summaries, USER, {"tag": None}, now))
        for _ in range(plan.export_repeats)
    ]
    cli = run_child(
        [
            "-m",
            "tui.cli",
            "--corpus",
            str(small),
            "--data",
            str(data),
            "--user",
            USER,
            "export",
            "-o",
            str(bench.work / "export.md"),
        ],
        bench.work,
        bench.env,
        stamp=False,
    )
    bench.samples["notes"] = {
        "prefill_ms": [x * 1000 for x in prefill],
        "writes_ms": [x * 1000 for x in writes],
        "empty_writes_ms": [x * 1000 for x in empty],
        "read_s": read,
        "export_s": exports,
        "cli_export_s": cli.wall,
    }
    count = len(notes)
    return [
        Row(
            f"note write p50 (after {total:,} notes; ref: empty notebook)",
            median(writes) * 1000,
            "ms",
            median(empty) * 1000,
        ),
        Row(
            "note write p95",
            percentile(writes, 0.95) * 1000,
            "ms",
            percentile(empty, 0.95) * 1000,
            ("<=", 15.0),
        ),
        Row(f"read all {count:,} notes (NoteBook.notes)", read, "s"),
        Row(f"export_markdown of {count:,} notes", median(exports), "s", None, ("<=", 2.0)),
        Row(f"`lgai-reader export` of {count:,} notes, whole command", cli.wall, "s"),
    ]


def rare_person(stats: CorpusStats) -> str:
    """The invented person in the fewest articles (a rare name to search for)."""
    return min(stats.people.items(), key=lambda item: (item[1], item[0]))[0]


# -- main ----------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a small run for CI (40 articles)")
    parser.add_argument("--seed", type=int, default=20240607, help="seed of the synthetic corpora")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the numbers here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--small", type=int, help="override the small corpus size")
    parser.add_argument("--large", type=int, help="override the large corpus size")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def run(args: argparse.Namespace, work: Path, package: BuiltPackage) -> tuple[list[Row], Bench]:
    """Every measurement, in an order that fills each cache before it is read."""
    plan = Plan.quick() if args.quick else Plan.full()
    if args.small or args.large:
        small = args.small or plan.small
        large = args.large or max(plan.large, small)
        plan = Plan(**{**asdict(plan), "small": small, "large": large})
    bench = Bench(work, plan, args.seed, package)
    compiled = ", ".join(package.compiled) or "nothing"
    bench.log(f"measuring {package.wheel.name}: compiled {compiled}")
    bench.log(f"generating {plan.large:,} articles (seed {args.seed}) in {work}")
    large = work / "corpus-large"
    large_stats = generate_corpus(large, plan.large, args.seed)
    small = large
    if plan.small != plan.large:
        small = work / "corpus-small"
        small.mkdir()
        for path in sorted(large.iterdir())[: plan.small]:
            shutil.copyfile(path, small / path.name)
    bench.corpora = {
        "large": {
            "articles": large_stats.articles,
            "raw_bytes": large_stats.raw_bytes,
            "noise": dict(large_stats.noise),
        },
        "small_articles": plan.small,
    }
    rows = [
        Row(
            "entity rules compiled (mypyc)",
            bool(package.compiled),
            "bool",
            note=", ".join(package.compiled) or "plain Python: no C compiler, or LGAI_READER_PURE",
        )
    ]
    cold = guarded(bench, rows, "cold ingest", lambda: measure_cold_ingest(bench, small, large))
    if cold is None:
        return rows, bench  # nothing below has a warm cache to read
    rows += cold[0]
    caches = cold[1]
    rows += (
        guarded(bench, rows, "warm start", lambda: measure_warm_start(bench, large, caches)) or []
    )
    rows += (
        guarded(
            bench,
            rows,
            "search and entities",
            lambda: measure_large_corpus(bench, large, caches["large"], large_stats),
        )
        or []
    )
    rows += guarded(bench, rows, "notes", lambda: measure_notes_warm(bench, small, caches)) or []
    return rows, bench


def measure_large_corpus(bench: Bench, large: Path, cache: Path, stats: CorpusStats) -> list[Row]:
    """Load the large corpus in this process (warm), then time search and the entity sidebar."""
    bench.log("search and entity sidebar")
    started = time.perf_counter()
    corpus = load_warm(large, cache, bench.data)
    rows = [
        Row(
            f"warm load_corpus @{len(corpus):,} in-process (no app)",
            time.perf_counter() - started,
            "s",
        )
    ]
    rows += measure_search(bench, corpus, rare_person(stats))
    rows += measure_entity_sidebar(bench, corpus)
    return rows


def measure_notes_warm(bench: Bench, small: Path, caches: dict[str, Path]) -> list[Row]:
    """Notes over the small corpus; its cache becomes the default one the CLI export reads."""
    default_cache = bench.home / "cache" / "lgai-reader"
    shutil.copytree(caches["small"], default_cache, dirs_exist_ok=True)
    return measure_notes(bench, small, load_warm(small, caches["small"], bench.data))


def guarded(bench: Bench, rows: list[Row], title: str, measure: Callable[[], T]) -> T | None:
    """``measure()``, or None with an ERROR row: one broken measurement must not lose the rest."""
    try:
        return measure()
    except Exception as error:
        bench.log(f"{title} failed:\n{traceback.format_exc()}")
        message = single_line(f"{type(error).__name__}: {error}")[:120]
        rows.append(Row(f"{title}: {message}", None, "", error=True))
        return None


def single_line(text: str) -> str:
    return " ".join(text.split())


def checkout() -> dict[str, Any]:
    """Which code was measured: the commit, and how many files differ from it (read-only git)."""

    def git(*args: str) -> str:
        try:
            done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        except OSError:
            return ""
        return done.stdout.strip()

    changed = [line for line in git("status", "--porcelain").splitlines() if line]
    return {"commit": git("rev-parse", "HEAD") or None, "changed_files": len(changed)}


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        name, *paths = args.child
        CHILDREN[name](*map(Path, paths[:3]), paths[3], Path(paths[4]))
        return 0
    work = Path(tempfile.mkdtemp(prefix="lgai-bench-"))
    started = time.monotonic()
    try:
        package = build_package(work)
        sys.path.insert(0, str(package.path))  # this process measures the same copy
        rows, bench = run(args, work, package)
    except BenchmarkError as error:
        print(f"benchmark: {error}", file=sys.stderr)
        return 2
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    command = " ".join([Path(sys.executable).name, *sys.argv])
    print(
        f"\n{command}  (seed {args.seed}, {os.cpu_count()} cores, "
        f"{time.monotonic() - started:.0f} s)\n"
    )
    print(table(rows))
    if args.json:
        document = {
            "command": command,
            "mode": "quick" if args.quick else "full",
            "seed": args.seed,
            "plan": asdict(bench.plan),
            "machine": {
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "platform": platform.platform(),
            },
            "checkout": checkout(),
            "package": {"wheel": package.wheel.name, "compiled": list(package.compiled)},
            "corpora": bench.corpora,
            "rows": [row.to_json() for row in rows],
            "samples": bench.samples,
        }
        args.json.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    if args.quick:
        return 0  # the quick run guards the script, not the targets (its corpus is tiny)
    return 0 if all(row.passed is not False for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
