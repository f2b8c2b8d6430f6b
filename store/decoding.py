"""Turn the bytes of a scraped file into text, or say in one line why not.

Korean pages come as UTF-8 (with or without a BOM), as UTF-16 with a BOM from
some Windows tools, or as CP949/EUC-KR. CP949 is a superset of EUC-KR, so one
decoder covers both; it is tried only after strict UTF-8 fails, because valid
UTF-8 Hangul is almost never valid CP949 by accident.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

__all__ = ["DecodeError", "DecodedText", "decode_article_bytes"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Bytes that text files do not carry: NUL and the C0 controls other than bell,
# backspace, tab, newline, vertical tab, form feed, carriage return and escape
# (terminal captures and hostile scrapes carry those; ingestion removes them).
_BINARY_BYTES = bytes([*range(0x00, 0x07), *range(0x0E, 0x1B), *range(0x1C, 0x20)])
_SNIFF = 8192


class DecodeError(ValueError):
    """The file is not text this reader can decode; the message is one line."""


@dataclass(frozen=True, slots=True)
class DecodedText:
    """Decoded text and the encoding it was read with."""

    text: str
    encoding: str


def decode_article_bytes(data: bytes) -> DecodedText:
    """Decode ``data``, trying BOMs, then UTF-8, then CP949.

    Raises:
        DecodeError: for binary data or bytes valid in none of the encodings.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return DecodedText(data.decode(encoding), encoding)
            except UnicodeDecodeError as error:
                raise DecodeError(
                    f"starts with a {encoding} byte-order mark but is not valid {encoding} "
                    f"(byte {error.start})"
                ) from None
    if _looks_binary(data):
        raise DecodeError("binary file (control bytes such as NUL), not text")
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as utf8_error:
        for encoding in ("euc-kr", "cp949"):  # name the narrower one when it fits
            try:
                return DecodedText(data.decode(encoding), encoding)
            except UnicodeDecodeError:
                continue
        raise DecodeError(
            f"neither UTF-8 nor CP949/EUC-KR (invalid byte 0x{data[utf8_error.start]:02x} "
            f"at offset {utf8_error.start})"
        ) from None


def _looks_binary(data: bytes) -> bool:
    """True when the first bytes hold NUL or many control bytes no text file has.

    Stray controls in a scrape are tolerated (ingestion neutralises them); any
    NUL, or more than 5% of the sniffed bytes, means binary.
    """
    head = data[:_SNIFF]
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _BINARY_BYTES))  # C speed: every new file
    return controls > max(4, len(head) // 20)
