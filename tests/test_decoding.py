"""Decoding scraped files: the encodings Korean pages come in, and what is not text."""

from __future__ import annotations

import codecs

import pytest

from store.decoding import DecodeError, decode_article_bytes

TEXT = "배경훈 LG AI연구원장은 “엑사원”을 공개했다.\n둘째 줄"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("euc-kr"), "euc-kr"),
        (TEXT.encode("utf-16"), "utf-16"),
        (TEXT.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
    ],
)
def test_korean_encodings_decode(data: bytes, encoding: str) -> None:
    decoded = decode_article_bytes(data)
    assert decoded.encoding == encoding
    assert decoded.text.replace("\r\n", "\n") == TEXT


def test_cp949_only_syllables_decode_as_cp949() -> None:
    text = "똠방각하 뷁"  # outside EUC-KR's 2,350 syllables, inside CP949
    decoded = decode_article_bytes(text.encode("cp949"))
    assert decoded.encoding == "cp949"
    assert decoded.text == text


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        b"%PDF-1.7\n" + b"\x00\x01\x02\x03" * 100,
        bytes(range(1, 9)) * 200,
    ],
    ids=["png", "pdf-with-nul", "control-bytes"],
)
def test_binary_files_are_refused_with_a_reason(data: bytes) -> None:
    with pytest.raises(DecodeError, match="binary"):
        decode_article_bytes(data)


def test_bytes_valid_in_no_encoding_are_refused_with_the_offset() -> None:
    with pytest.raises(DecodeError, match=r"neither UTF-8 nor CP949/EUC-KR .*offset 3"):
        decode_article_bytes(b"abc\xff\xff\xff\xff")
