"""Bytes to clean Unicode: BOMs, legacy encodings (cp1252/latin-1), mojibake, binary files."""

from __future__ import annotations

import codecs
import re
import unicodedata

import charset_normalizer
import ftfy

from ..errors import DecodeError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Encodings that charset-normalizer may pick for short Western text; cp1252 is then tried too.
_FRENCH_CHARS = set("àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ«»’‘“”–—…€°\u00a0\u202f")  # with French spaces
_MIN_FRENCH_SHARE = 0.9  # share of non-ASCII characters that must be French for cp1252 to win
_MAX_CONTROL_SHARE = 0.01  # more control characters than this means binary content
# Browsers read these labels as windows-1252 (WHATWG Encoding), whose ’ œ € French pages use.
_WEB_LABEL_ALIASES = {"iso8859-1": "cp1252", "ascii": "cp1252"}

# UTF-8 read as cp1252/latin-1 turns a lead byte into one of Â..ß (2-byte) or à..ï (3-byte) followed
# by "continuation" characters (0x80-0xBF as cp1252 shows them). Only text with such a sequence, an
# HTML entity, a C1 control or U+FFFD goes to ftfy.
_CONTINUATION = "[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
_MAYBE_BROKEN = re.compile(
    rf"[\u00c2-\u00df]{_CONTINUATION}|[\u00e0-\u00ef]{_CONTINUATION}{{2}}|[\u0080-\u009f\ufffd]|&#?\w{{2,8}};"
)

_FTFY_CONFIG = ftfy.TextFixerConfig(
    uncurl_quotes=False,  # French typography is content, not noise
    fix_character_width=False,
    fix_latin_ligatures=False,
    normalization="NFC",
)


def decode_bytes(data: bytes, where: str) -> str:
    """Decode bytes of unknown encoding, or raise DecodeError naming ``where``; see also repair_text."""
    bomless = _bomless_utf16(data)
    if bomless:
        text = _try_decode(data, bomless)
        if text is None:
            raise DecodeError(where, f"invalid {bomless.upper()} text (it has no byte-order mark)")
    elif b"\x00" in data[:8192] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise DecodeError(where, "binary content (NUL bytes), not text")
    else:
        text = _decode(data, where)
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise DecodeError(where, "binary content (control characters), not text")
    return text


def decode_declared(data: bytes, charset: str | None, where: str) -> str:
    """Decode bytes whose header declares ``charset`` (an HTTP Content-Type), or raise DecodeError.

    Valid UTF-8 is read as UTF-8 whatever the header says: servers often declare latin-1 for UTF-8
    pages, and legacy text is almost never valid UTF-8. Otherwise the declared charset is used when
    it decodes without error, and decode_bytes detects the encoding when it does not."""
    if charset and _try_decode(data, "utf-8") is None:
        text = _decode_declared(data, charset)
        if text is not None:
            return text
    return decode_bytes(data, where)


def repair_text(text: str) -> str:
    """Fix mojibake, drop control characters (a NUL in a JSON string), replace lone surrogates and
    normalise to NFC; used for every text, whatever its origin."""
    text = replace_surrogates(text.translate(_CONTROLS))
    if not _MAYBE_BROKEN.search(text):  # ftfy costs ~200 µs an article; most text needs nothing
        return unicodedata.normalize("NFC", text)
    return ftfy.fix_text(text, config=_FTFY_CONFIG)


def replace_surrogates(text: str) -> str:
    """A lone surrogate (a JSON string's "\\ud800", which json.loads keeps) made U+FFFD, as a bad
    byte is when decoding: it is no character, and it cannot be encoded (hashing the article or
    writing it to SQLite raised UnicodeEncodeError and ended the run)."""
    return _SURROGATES.sub("\ufffd", text)


_SURROGATES = re.compile("[\ud800-\udfff]")


# C0 controls but tab, line feed and carriage return (form feeds and vertical tabs become line feeds).
_CONTROLS = {code: None for code in [*range(9), *range(14, 32), 127]} | {11: "\n", 12: "\n"}


def _decode(data: bytes, where: str) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as err:
                raise DecodeError(where, f"invalid {encoding} text after its byte-order mark ({err.reason})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # UTF-8 with stray cp1252 bytes (pieces pasted together), and plain cp1252 (every non-ASCII
    # byte is then a stray): each byte that is not UTF-8 read as cp1252. French text comes out
    # right either way; a statistical guess would turn the UTF-8 parts into mojibake.
    mixed = data.decode("utf-8", errors=_CP1252_STRAYS)
    if _french_share(mixed) >= _MIN_FRENCH_SHARE or _western_utf8(data):
        return mixed
    best = charset_normalizer.from_bytes(data).best()
    cp1252 = _try_decode(data, "cp1252")
    if best is None:
        if cp1252 is not None and _french_share(cp1252) >= _MIN_FRENCH_SHARE:
            return cp1252
        raise DecodeError(where, "cannot detect the text encoding (binary file?)")
    guessed = str(best)
    if cp1252 is not None and best.encoding not in ("cp1252", "latin_1", "iso8859_15"):
        if _french_share(cp1252) >= _MIN_FRENCH_SHARE > _french_share(guessed):
            return cp1252
    return guessed


# A valid UTF-8 sequence of two or more bytes, and the characters such sequences give in Western
# text: Latin-1 letters and signs, Latin Extended-A (œ, Š), general punctuation (’ « – …), € and ™.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_WESTERN = re.compile("[\u00a0-\u017f\u0192\u02c6\u02dc\u2010-\u205f\u20ac\u2122]")


def _western_utf8(data: bytes) -> bool:
    """Whether bytes that are not all UTF-8 hold UTF-8 sequences, and only ones that give Western
    characters: a UTF-8 text with stray bytes of another encoding (its UTF-8 parts are then read as
    UTF-8, whatever the strays are). Legacy text almost never holds such a sequence by chance, and
    when it does the sequence gives a character of another script ("É" + no-break space: "ɠ")."""
    found = False
    for match in _UTF8_SEQUENCE.finditer(data):
        try:
            char = match.group().decode("utf-8")
        except UnicodeDecodeError:  # an overlong or surrogate form: not UTF-8 after all
            return False
        if not _WESTERN.fullmatch(char):
            return False
        found = True
    return found


def _cp1252_strays(err: UnicodeDecodeError) -> tuple[str, int]:
    return err.object[err.start:err.end].decode("cp1252", errors="replace"), err.end


_CP1252_STRAYS = "veille-cp1252-strays"
codecs.register_error(_CP1252_STRAYS, _cp1252_strays)


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark: Western text then has a NUL in nearly every other byte (the
    high byte of Latin characters), and almost none in the others; binary content does not."""
    sample = data[:8192]
    if len(sample) < 8 or data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    even, odd = sample[0::2], sample[1::2]
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul >= 0.7 and even_nul <= 0.02:
        return "utf-16-le"
    if even_nul >= 0.7 and odd_nul <= 0.02:
        return "utf-16-be"
    return None


def _try_decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _decode_declared(data: bytes, charset: str) -> str | None:
    try:
        name = codecs.lookup(charset).name
        return data.decode(_WEB_LABEL_ALIASES.get(name, name))
    except (LookupError, UnicodeDecodeError):  # an unknown label, or one that does not fit the bytes
        return None


def _french_share(text: str) -> float:
    non_ascii = [char for char in text if ord(char) > 127]
    if not non_ascii:
        return 1.0
    return sum(char in _FRENCH_CHARS for char in non_ascii) / len(non_ascii)


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    sample = text[:100_000]
    controls = sum(
        1 for char in sample if unicodedata.category(char) == "Cc" and char not in "\n\r\t\f\v"
    )
    return controls / len(sample)
