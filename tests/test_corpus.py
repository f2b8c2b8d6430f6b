"""Loading a corpus folder: bad files, empty pages, republished stories, the analysis cache."""

from __future__ import annotations

import marshal
import os
import shutil
import struct
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

import store.listing
from store import Article, CorpusError, LoadProgress, load_corpus
from store.cache import AnalysisCache
from store.listing import first_page, last_listing
from tests.conftest import FIXTURES, SEEDS

ARTICLES = FIXTURES / "articles"


def _corpus_with(tmp_path: Path, files: dict[str, bytes]) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def test_the_bundled_corpus_loads_by_default() -> None:
    corpus = load_corpus()
    assert [a.id for a in corpus] == sorted(p.stem for p in SEEDS.glob("*.txt"))
    assert corpus.skipped == ()
    assert not any(a.empty or a.duplicate_of for a in corpus)


def test_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="corpus folder not found"):
        load_corpus(tmp_path / "nowhere")


def test_bad_files_are_skipped_with_a_reason_and_the_rest_loads(tmp_path: Path) -> None:
    seed = next(SEEDS.glob("002_*.txt")).read_bytes()
    folder = _corpus_with(
        tmp_path,
        {
            "good.txt": seed,
            "picture.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
            "garbled.txt": "기사 본문".encode() + b"\xff\xff\xfe\xfe\xff",
            "empty.txt": b"",
            "blank.txt": b"  \r\n\t\n",
            "nav-only.txt": (
                "뉴스홈 경제 정치 연예 스포츠\n\n헤드라인만 있는 페이지\n\n"
                "ⓒ 어느신문 무단전재 및 재배포 금지\n"
            ).encode(),
            "notes.md": b"not an article",
        },
    )
    corpus = load_corpus(folder)
    assert sorted(a.id for a in corpus) == ["blank", "empty", "good", "nav-only"]
    reasons = {s.path.name: s.reason for s in corpus.skipped}
    assert set(reasons) == {"picture.txt", "garbled.txt"}
    assert "binary" in reasons["picture.txt"]
    assert "neither UTF-8 nor CP949" in reasons["garbled.txt"]
    assert all("\n" not in str(s) and s.path.name in str(s) for s in corpus.skipped)
    empties = {a.id for a in corpus if a.empty}
    assert empties == {"blank", "empty", "nav-only"}
    assert corpus.get("nav-only").title == "헤드라인만 있는 페이지"
    assert not corpus.get("good").empty


def test_a_scrape_without_line_breaks_becomes_paragraphs(tmp_path: Path) -> None:
    seeds = load_corpus()
    story = " ".join(
        p for id in ("002", "003") for p in seeds.get(id).paragraphs if p.endswith(".")
    )
    line = "한 줄짜리 기사 제목 입력 2024.05.22 10:00 홍길동 기자 " + story
    assert len(line) > 3000 and "\n" not in line
    corpus = load_corpus(_corpus_with(tmp_path, {"runon.txt": line.encode()}))
    article = corpus.get("runon")
    assert article.title == "한 줄짜리 기사 제목"
    assert article.date == "2024-05-22T10:00"
    assert [r.name for r in article.reporters] == ["홍길동"]
    assert len(article.paragraphs) >= 5
    assert max(len(p) for p in article.paragraphs) <= 700
    assert " ".join(article.paragraphs) == story


def test_control_characters_never_reach_the_stored_body(tmp_path: Path) -> None:
    hostile = (
        "제목\n\n"
        "본문 \x1b]52;c;ZWNobyBoaQ==\x07첫 문장이다. \x1b[2J화면을 지우려 했다. "
        "\u202e거꾸로\u202c 쓴 글과 zero\u200bwidth, C1\x9b31m 문자도 있다.\n"
    ).encode()
    article = load_corpus(_corpus_with(tmp_path, {"hostile.txt": hostile})).get("hostile")
    body = article.body
    assert body == "본문 첫 문장이다. 화면을 지우려 했다. 거꾸로 쓴 글과 zerowidth, C1 문자도 있다."
    assert not any((ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) <= 0x9F for c in body)


def test_encodings_and_line_endings_in_one_corpus(tmp_path: Path) -> None:
    text = (
        "엑사원 공개\n\nLG AI연구원이 새 모델을 공개했다.\n\n배경훈 원장은 기대가 크다고 말했다.\n"
    )
    folder = _corpus_with(
        tmp_path,
        {
            "bom-crlf.txt": b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode(),
            "euckr-cr.txt": text.replace("\n", "\r").encode("euc-kr"),
            "utf8-lf.txt": text.encode(),
        },
    )
    corpus = load_corpus(folder)
    bodies = {a.body for a in corpus}
    assert bodies == {"LG AI연구원이 새 모델을 공개했다.\n\n배경훈 원장은 기대가 크다고 말했다."}
    assert {a.encoding for a in corpus} == {"utf-8-sig", "euc-kr", "utf-8"}


def test_a_story_republished_by_another_outlet_is_grouped(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder, ignore=shutil.ignore_patterns("*.json"))
    for name in ("zdnet_euckr.txt", "newsis_republish.txt", "mk_cr.txt"):
        shutil.copy(ARTICLES / name, folder / name)
    corpus = load_corpus(folder)
    assert corpus.get("newsis_republish").duplicate_of == "zdnet_euckr"
    assert corpus.get("zdnet_euckr").also_in == ("newsis_republish",)
    assert corpus.get("zdnet_euckr").duplicate_of is None
    assert [g.first for g in corpus.groups] == ["zdnet_euckr"]
    assert corpus.get("mk_cr").duplicate_of is None


def test_a_body_several_files_share_is_analysed_once_and_each_gets_its_mentions(
    tmp_path: Path,
) -> None:
    from store.corpus import default_finder

    story = "LG AI연구원이 엑사원을 공개했다.\n\n배경훈 원장은 기대가 크다고 말했다.\n"
    folder = _corpus_with(
        tmp_path,
        {
            "a.txt": ("엑사원 공개\n\n" + story).encode(),
            "b.txt": ("엑사원 공개\n\n" + story).encode("cp949"),  # other bytes, same body
            "c.txt": "다른 기사\n\n삼성전자가 가우스를 냈다.\n".encode(),
            "d.txt": ("엑사원 공개\r\n\r\n" + story.replace("\n", "\r\n")).encode(),
        },
    )
    kiwi = default_finder(folder)
    asked: list[str] = []

    class Recording:
        key = kiwi.key

        def find(self, articles: Iterable[Article]) -> Iterator[tuple[Article, Any]]:
            def recorded() -> Iterator[Article]:
                for article in articles:
                    asked.append(article.id)
                    yield article

            return kiwi.find(recorded())

    corpus = load_corpus(folder, cache_dir=tmp_path / "cache", finder=Recording())
    assert asked == ["a", "c"]
    first = [(m.start, m.end, m.surface, m.entity, m.type) for m in corpus.get("a").mentions]
    assert {m[3] for m in first} >= {"LG AI연구원", "엑사원", "배경훈"}
    for copy in ("b", "d"):
        mentions = list(corpus.get(copy).mentions)
        assert [(m.start, m.end, m.surface, m.entity, m.type) for m in mentions] == first
        assert {m.article for m in mentions} == {copy}
    assert [m.entity for m in corpus.get("c").mentions] == ["삼성전자", "가우스"]


def _progress(folder: Path) -> list[LoadProgress]:
    steps: list[LoadProgress] = []
    load_corpus(folder, on_progress=steps.append)
    return steps


def test_a_warm_start_reads_the_cache_and_a_changed_file_is_analysed_again(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    cold = _progress(folder)
    assert cold[0].stage and cold[0].article is None  # says Kiwi is loading, first
    cold = cold[1:]
    assert [s.done for s in cold] == [1, 2, 3, 4, 5] and all(s.total == 5 for s in cold)
    assert not any(s.from_cache for s in cold)
    assert _progress(folder) == []  # all in one snapshot: ready at once, nothing per file
    changed = next(folder.glob("003_*.txt"))
    text = changed.read_text(encoding="utf-8")
    changed.write_text(
        text.replace("초대 원장으로 취임했다", "초대 원장으로 선임됐다"), encoding="utf-8"
    )
    steps = {s.article.id: s.from_cache for s in _progress(folder) if s.article}
    assert len(steps) == 5
    assert steps.pop(changed.stem) is False
    assert all(steps.values())
    assert "초대 원장으로 선임됐다" in load_corpus(folder).get("003").body


def test_corrupt_cache_entries_are_ignored_and_rebuilt(hermetic_dirs: Path, tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    expected = load_corpus(folder)
    entries = sorted((hermetic_dirs / "cache" / "lgai-reader" / "analysis").glob("*/*.json"))
    assert len(entries) == 5
    entries[0].write_bytes(entries[0].read_bytes()[:100])  # cut short by a crash
    entries[1].write_text('{"content_hash": "wrong", "analysis": {}}', encoding="utf-8")
    entries[2].write_text('{"content_hash": "x", "analysis": {"paragraphs": 3}}', encoding="utf-8")
    shutil.rmtree(hermetic_dirs / "cache" / "lgai-reader" / "corpus")  # read the entries
    steps = [s for s in _progress(folder) if s.article]
    assert sum(not s.from_cache for s in steps) == 3
    assert load_corpus(folder).articles == expected.articles
    assert _progress(folder) == []  # the snapshot is back


def _snapshots(home: Path) -> list[Path]:
    return sorted((home / "cache" / "lgai-reader" / "corpus").glob("*.marshal"))


def test_a_warm_start_reads_one_snapshot_instead_of_every_file(
    hermetic_dirs: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    cold = load_corpus(folder)
    assert len(_snapshots(hermetic_dirs)) == 1
    # The per-article entries are not needed for a warm start: the snapshot is enough.
    shutil.move(hermetic_dirs / "cache" / "lgai-reader" / "analysis", tmp_path / "aside")
    warm = load_corpus(folder)
    assert [a.id for a in warm] == [a.id for a in cold]
    fields = ("id", "path", "content_hash", "title", "outlet", "date", "reporters", "encoding")
    for before, after in zip(cold, warm, strict=True):
        for name in (*fields, "duplicate_of", "also_in"):
            assert getattr(after, name) == getattr(before, name), name
        assert after.paragraphs == before.paragraphs
        assert list(after.mentions) == list(before.mentions)
    assert warm.entities.get("배경훈").count == cold.entities.get("배경훈").count
    # What cleaning cut is read when looked at; without its cache entry, cleaned again.
    assert list(warm.get("001").removed) == list(cold.get("001").removed)


def test_the_per_article_cache_gives_back_each_mention_as_found(
    hermetic_dirs: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    cold = load_corpus(folder)
    for snapshot in _snapshots(hermetic_dirs):
        snapshot.unlink()  # the next start reads each article's cache entry
    warm = load_corpus(folder)
    assert sum(len(article.mentions) for article in cold) > 100
    for before, after in zip(cold, warm, strict=True):
        assert list(after.mentions) == list(before.mentions)


def test_bodies_are_read_when_shown_and_survive_a_snapshot_lost_meanwhile(
    hermetic_dirs: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    cold = load_corpus(folder)
    warm = load_corpus(folder)
    assert [len(a.paragraphs) for a in warm] == [len(a.paragraphs) for a in cold]
    assert warm.get("001").body == cold.get("001").body  # read from the snapshot
    # The snapshot is cut short after the start: bodies come from the analysis
    # cache, and without it from the files cleaned again.
    snapshot = _snapshots(hermetic_dirs)[0]
    snapshot.write_bytes(snapshot.read_bytes()[:100])
    assert warm.get("002").body == cold.get("002").body
    shutil.move(hermetic_dirs / "cache" / "lgai-reader" / "analysis", tmp_path / "aside")
    for article in ("003", "004"):
        assert warm.get(article).paragraphs == cold.get(article).paragraphs
        assert list(warm.get(article).mentions) == list(cold.get(article).mentions)
    # A file changed meanwhile: its old body is nowhere, so nothing rather than the wrong text.
    changed = next(folder.glob("000_*.txt"))
    changed.write_text(changed.read_text(encoding="utf-8") + "\n추가 문단.", encoding="utf-8")
    assert warm.get("000").body == ""
    mentions = list(warm.get("000").mentions)  # still listed, with nothing to show
    assert mentions and all(m.surface == "" for m in mentions)


def test_a_changed_file_or_a_corrupt_snapshot_falls_back_to_the_files(
    hermetic_dirs: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    load_corpus(folder)
    snapshot = _snapshots(hermetic_dirs)[0]
    snapshot.write_bytes(snapshot.read_bytes()[: len(snapshot.read_bytes()) // 2])
    assert load_corpus(folder).get("002").outlet == "미디어펜"
    changed = next(folder.glob("004_*.txt"))
    changed.write_text(changed.read_text(encoding="utf-8").replace("서울대", "고려대"), "utf-8")
    reloaded = load_corpus(folder)
    assert "고려대" in reloaded.get("004").body
    assert len(_snapshots(hermetic_dirs)) == 1  # the old one was replaced


def test_leftover_temporary_files_are_cleaned_up_before_the_next_write(
    hermetic_dirs: Path, tmp_path: Path
) -> None:
    cache = AnalysisCache(hermetic_dirs / "cache" / "lgai-reader")
    folder = _corpus_with(tmp_path, {"a.txt": "첫 기사\n\n본문이다.\n".encode()})
    load_corpus(folder)
    shard = next(cache.root.iterdir())
    stale = shard / ".abc.json.12345.tmp"
    fresh = shard / ".def.json.67890.tmp"
    stale.write_text("partial")
    fresh.write_text("being written")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    load_corpus(folder)
    assert stale.exists()  # a warm start writes nothing, so it lists no cache folder
    (folder / "b.txt").write_bytes("둘째 기사\n\n새 본문이다.\n".encode())
    load_corpus(folder)
    assert not stale.exists()
    assert fresh.exists()  # another process may still be writing it


def test_a_cache_entry_is_written_into_a_folder_made_for_it_even_when_removed_meanwhile(
    tmp_path: Path,
) -> None:
    cache = AnalysisCache(tmp_path / "cache")
    cache.put("ab" + "0" * 62, "key", {"n": 1})
    assert cache.get("ab" + "0" * 62, "key") == {"n": 1}
    shutil.rmtree(cache.root)  # someone clears the cache while an ingest runs
    cache.put("ab" + "1" * 62, "key", {"n": 2})
    assert cache.get("ab" + "1" * 62, "key") == {"n": 2}


def test_a_short_page_keeps_its_short_title_and_one_line_body(tmp_path: Path) -> None:
    folder = _corpus_with(
        tmp_path,
        {
            "short.txt": "평범한 제목\n\n본문이다.\n".encode(),
            "title-only.txt": "뉴스홈 경제 정치 연예 스포츠\n\n평범한 제목\n".encode(),
        },
    )
    corpus = load_corpus(folder)
    assert corpus.get("short").title == "평범한 제목"
    assert corpus.get("short").paragraphs == ("본문이다.",)
    assert corpus.get("title-only").title == "평범한 제목"
    assert corpus.get("title-only").empty


def test_a_scrape_full_of_terminal_escapes_is_read_not_skipped(tmp_path: Path) -> None:
    osc = "\x1b]52;c;ZXZpbA==\x07"
    text = f"제목{osc}\n\n" + "".join(f"{n}번째 문장이다.{osc}\x1b[2J " for n in range(10)) + "\n"
    corpus = load_corpus(_corpus_with(tmp_path, {"escapes.txt": text.encode()}))
    assert corpus.skipped == ()
    article = corpus.get("escapes")
    assert article.title == "제목"
    assert "\x1b" not in article.body and "\x07" not in article.body
    assert article.body.startswith("0번째 문장이다. 1번째 문장이다.")


def _rewrite_header(snapshot: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Rewrite a snapshot's header through ``change``, keeping its sizes consistent."""
    data = snapshot.read_bytes()
    (size,) = struct.unpack("<Q", data[:8])
    header = marshal.loads(data[8 : 8 + size])
    change(header)
    new = marshal.dumps(header)
    snapshot.write_bytes(struct.pack("<Q", len(new)) + new + data[8 + size :])


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda header: header["articles"].pop(), id="a column missing"),
        pytest.param(lambda header: header["articles"][-1].pop(), id="a column cut short"),
        pytest.param(lambda header: header["articles"][-1].__setitem__(0, 7), id="wrong type"),
        pytest.param(lambda header: header.__setitem__("index", [(1, 2)]), id="odd index"),
        pytest.param(
            lambda header: header.__setitem__("index", [("엑사원", "MODEL", (), b"")]),
            id="unknown entity type",
        ),
        pytest.param(lambda header: header.__setitem__("groups", None), id="groups missing"),
    ],
)
def test_a_snapshot_header_of_the_wrong_shape_falls_back_to_the_files(
    hermetic_dirs: Path, tmp_path: Path, change: Callable[[dict[str, Any]], None]
) -> None:
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    cold = load_corpus(folder)
    _rewrite_header(_snapshots(hermetic_dirs)[0], change)
    warm = load_corpus(folder)
    assert [a.title for a in warm] == [a.title for a in cold]
    assert warm.entities.get("배경훈").count == cold.entities.get("배경훈").count


def test_files_sharing_a_name_or_named_with_controls_all_load_under_printable_ids(
    hermetic_dirs: Path, tmp_path: Path
) -> None:
    def page(word: str) -> bytes:
        return f"{word} 기사 제목\n\n엑사원을 공개했다고 {word} 기사가 썼다.\n".encode()

    folder = _corpus_with(
        tmp_path,
        {
            "a.txt": page("첫째"),
            "a.text": page("둘째"),
            "a.TXT": page("셋째"),
            os.fsdecode(b"bad\xffname.txt"): page("넷째"),
            "red\x1b[31m\x07.txt": page("다섯째"),
            "bin\x1b]0;x\x07.txt": b"\x00\x01binary\x00",
        },
    )
    expected = {
        "a": "첫째 기사 제목",
        "a.text": "둘째 기사 제목",
        "a.TXT": "셋째 기사 제목",
        "bad\\xffname": "넷째 기사 제목",
        "red\\x1b[31m\\x07": "다섯째 기사 제목",
    }
    cold = load_corpus(folder)
    warm = load_corpus(folder)  # from the snapshot
    assert len(_snapshots(hermetic_dirs)) == 1
    for corpus in (cold, warm):
        assert {article.id: article.title for article in corpus} == expected
        assert corpus.get("red").path.name == "red\x1b[31m\x07.txt"  # the file is still found
        assert [str(s) for s in corpus.skipped] == [
            "bin\\x1b]0;x\\x07.txt: binary file (control bytes such as NUL), not text"
        ]


def test_the_last_list_is_read_back_without_looking_at_the_folder(
    hermetic_dirs: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    for name in ("zdnet_euckr.txt", "newsis_republish.txt"):  # one story, two outlets
        shutil.copy(ARTICLES / name, folder / name)
    (folder / "title_only.txt").write_text("제목만 남은 기사\n", encoding="utf-8")
    assert last_listing(folder) is None  # never loaded
    corpus = load_corpus(folder)
    expected = [
        (a.id, a.title, a.outlet, a.date, a.empty, a.duplicate_of, a.also_in) for a in corpus
    ]
    # Every kind of row is there: an empty article, a republished copy and its first.
    assert any(row[4] for row in expected)
    assert any(row[5] for row in expected) and any(row[6] for row in expected)
    shutil.rmtree(folder)  # the folder is not looked at: it may even be gone
    listing = last_listing(folder)
    assert listing is not None
    # Newest first: by day, then by id; the undated last.
    newest_first = sorted(sorted(expected), key=lambda row: (row[3] or "")[:10], reverse=True)
    assert list(zip(*listing, strict=True)) == newest_first
    assert listing.dates[-1] is None and listing.dates[0] is not None


def test_the_first_page_is_the_top_of_the_list_with_its_copies(
    hermetic_dirs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store.listing, "FIRST_PAGE", 3)
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    for name in ("zdnet_euckr.txt", "newsis_republish.txt"):  # one story, two outlets
        shutil.copy(ARTICLES / name, folder / name)
    corpus = load_corpus(folder)
    page, whole = first_page(folder), last_listing(folder)
    assert page is not None and whole is not None
    copies = {a.id for a in corpus if a.duplicate_of}
    assert len(copies) == 1
    assert page.stories == len(corpus) - 1
    top = [article_id for article_id in whole.ids if article_id not in copies][:3]
    shown = page.listing
    page_stories = [i for i, first in zip(shown.ids, shown.duplicate_of, strict=True) if not first]
    assert page_stories == top
    # The republished story is among them, with its copy beside it for the 'also in' outlet.
    (first,) = (a for a in corpus if a.also_in)
    assert first.id in top and set(first.also_in) <= set(page.listing.ids)


def test_a_list_shorter_than_its_page_holds_every_story_and_copy(
    hermetic_dirs: Path, tmp_path: Path
) -> None:
    """More articles than stories (a copy beside its first) is no reason to distrust the page."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("zdnet_euckr.txt", "newsis_republish.txt", "yonhap_cp949.txt"):
        shutil.copy(ARTICLES / name, folder / name)
    corpus = load_corpus(folder)
    page = first_page(folder)
    assert page is not None
    assert page.stories == 2
    assert sorted(page.listing.ids) == [a.id for a in corpus]


def test_a_folder_that_cannot_be_resolved_has_no_last_list(
    hermetic_dirs: Path, tmp_path: Path
) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(loop)  # resolving it raises RuntimeError
    assert last_listing(loop) is None
    with pytest.raises(CorpusError, match="corpus folder not found"):
        load_corpus(loop)


def test_a_snapshot_from_before_the_last_list_existed_gets_one_on_the_next_start(
    hermetic_dirs: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    corpus = load_corpus(folder)
    (listing,) = (hermetic_dirs / "cache" / "lgai-reader" / "corpus").glob("*.listing")
    listing.unlink()
    assert last_listing(folder) is None
    warm = load_corpus(folder)  # from the snapshot, which is still valid
    assert len(_snapshots(hermetic_dirs)) == 1
    stored = last_listing(folder)
    assert stored is not None
    assert sorted(zip(stored.ids, stored.titles, strict=True)) == [(a.id, a.title) for a in corpus]
    assert sorted(zip(stored.ids, stored.empty, strict=True)) == [(a.id, a.empty) for a in warm]


def _rewrite_listing(listing: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Apply ``change`` to both of the file's documents (the first page, then everything)."""
    with listing.open("rb") as file:
        documents = [marshal.load(file), marshal.load(file)]
    for document in documents:
        change(document)
    listing.write_bytes(b"".join(map(marshal.dumps, documents)))


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda path: path.write_bytes(path.read_bytes()[:50]), id="cut short"),
        pytest.param(lambda path: path.write_bytes(b"\x00" * 40), id="not marshal"),
        pytest.param(
            lambda path: _rewrite_listing(path, lambda d: d.__setitem__("version", 1)),
            id="older version",
        ),
        pytest.param(
            lambda path: _rewrite_listing(path, lambda d: d["columns"].pop()), id="a column missing"
        ),
        pytest.param(
            lambda path: _rewrite_listing(path, lambda d: d["columns"][1].__setitem__(0, 7)),
            id="a title not text",
        ),
        pytest.param(
            lambda path: _rewrite_listing(path, lambda d: d["columns"][-1].__setitem__(0, (7,))),
            id="an 'also in' not text",
        ),
        pytest.param(
            lambda path: _rewrite_listing(path, lambda d: d["columns"][0].pop()),
            id="a column cut short",
        ),
    ],
)
def test_a_spoilt_last_list_is_no_list_and_the_corpus_still_loads(
    hermetic_dirs: Path, tmp_path: Path, spoil: Callable[[Path], None]
) -> None:
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    cold = load_corpus(folder)
    (listing,) = (hermetic_dirs / "cache" / "lgai-reader" / "corpus").glob("*.listing")
    spoil(listing)
    assert first_page(folder) is None and last_listing(folder) is None
    assert [a.title for a in load_corpus(folder)] == [a.title for a in cold]
    assert last_listing(folder) is not None  # written again by the load
