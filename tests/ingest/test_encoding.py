import codecs
import os

import pytest

from veille.errors import DecodeError
from veille.ingest.encoding import decode_bytes, decode_declared, repair_text

FRENCH = "Le président français a reçu son homologue à l’Élysée, où ils ont évoqué la crise. « Très bonne » réunion."


@pytest.mark.parametrize(
    "data",
    [
        FRENCH.encode("utf-8"),
        codecs.BOM_UTF8 + FRENCH.encode("utf-8"),
        FRENCH.encode("utf-16"),  # with its byte-order mark
        FRENCH.encode("cp1252"),
        FRENCH.replace("’", "'").replace("«", '"').replace("»", '"').encode("latin-1"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-bom", "cp1252", "latin-1"],
)
def test_french_text_is_decoded_whatever_its_encoding(data):
    text = decode_bytes(data, "x.txt")
    assert "président français a reçu" in text and "Élysée" in text


@pytest.mark.parametrize("encoding, declared", [("utf-8", "utf-8"), ("cp1252", "windows-1252"), ("cp1252", "iso-8859-1"),
                                               ("cp1252", "utf-8"), ("utf-8", "iso-8859-1"), ("cp1252", "inconnu"),
                                               ("cp1252", "base64")])
def test_a_declared_charset_is_used_only_when_it_fits(encoding, declared):
    assert decode_declared(FRENCH.encode(encoding), declared, "page") == FRENCH


def test_short_cp1252_text_is_not_read_as_central_european():
    # charset-normalizer alone guesses cp1250 here ("élčve ŕ Noël").
    assert decode_bytes("Un élève à Noël.".encode("cp1252"), "x.txt") == "Un élève à Noël."


def test_mojibake_is_repaired():
    broken = FRENCH.encode("utf-8").decode("cp1252")
    assert repair_text(decode_bytes(broken.encode("utf-8"), "x.txt")) == FRENCH


def test_typographic_quotes_are_kept():
    assert "« Très bonne »" in decode_bytes(FRENCH.encode(), "x.txt")


@pytest.mark.parametrize("data", [b"\x00\x01\x02binary\x00" * 50, os.urandom(4096), bytes(range(256)) * 20])
def test_binary_content_is_refused_with_the_file_name(data):
    with pytest.raises(DecodeError) as err:
        decode_bytes(data, "photo.txt")
    assert str(err.value).startswith("photo.txt: ")
    assert "binary" in str(err.value) or "encoding" in str(err.value)


def test_utf8_with_a_stray_cp1252_byte_is_read_as_french_not_as_mojibake():
    from veille.ingest.encoding import decode_bytes

    text = "Les deux ministres ont échangé sur le règlement du différend, a précisé le ministère. "
    data = text.encode("utf-8") * 3 + "L’accord".encode("cp1252") + " sera signé à Genève.".encode("utf-8")
    decoded = decode_bytes(data, "mixed.txt")
    assert decoded.endswith("L’accord sera signé à Genève.") and "ont échangé sur le règlement" in decoded
    assert "Ã" not in decoded


def test_control_characters_inside_a_text_are_dropped():
    from veille.ingest.encoding import repair_text

    assert repair_text("Le\x00 ministre\x07 a parlé.\x0cIl est parti.\tFin\r\n") == (
        "Le ministre a parlé.\nIl est parti.\tFin\r\n")


UTF8_PART = "Les deux ministres ont échangé sur le règlement du différend à Genève, a précisé le ministère. "


@pytest.mark.parametrize("stray, read_as", [
    ("• 3½ % ou 2× plus ™".encode("cp1252"), "• 3½ % ou 2× plus ™"),  # signs that are not French letters
    ("Prix : 30 € ; 40 £ ; 50 ¥".encode("cp1252"), "Prix : 30 € ; 40 £ ; 50 ¥"),
    (b"\x81\x8d\x8f\x90\x9d", "\ufffd" * 5),  # bytes cp1252 leaves undefined
    ("Ο πρόεδρος".encode("cp1253"), None),  # another code page: garbled, the UTF-8 part still right
], ids=["signs", "currencies", "undefined", "greek"])
def test_utf8_with_strays_of_any_kind_keeps_its_utf8_parts_right(stray, read_as):
    """A statistical guess read these as cp1250 ('clĂ©'), Shift JIS ('indiquﾃｩ'), cp1257 ('ÃĐchangÃĐ')
    or refused them ('cannot detect the text encoding (binary file?)')."""
    text = decode_bytes(UTF8_PART.encode("utf-8") * 2 + stray + UTF8_PART.encode("utf-8"), "mixed.txt")
    assert text.count("ont échangé sur le règlement du différend à Genève") == 3 and "Ã" not in text
    if read_as is not None:
        assert read_as in text


def test_cp1252_french_with_no_break_spaces_is_not_read_as_central_european():
    data = "Le CAFÉ\xa0» est ouvert à Noël, dit-on à l’hôtel.".encode("cp1252")  # "É\xa0" is valid UTF-8 ("ɠ")
    assert decode_bytes(data, "x.txt") == "Le CAFÉ\xa0» est ouvert à Noël, dit-on à l’hôtel."


def test_lone_surrogates_are_replaced_as_bad_bytes_are():
    """json.loads keeps "\\ud800"; it is no character, and encoding it to hash or store the article raised."""
    assert repair_text("a\ud800b\udfff") == "a\ufffdb\ufffd"
    assert repair_text("\U0001f600") == "\U0001f600"  # a real pair, decoded, is one character
