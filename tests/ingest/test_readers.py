import gzip
import io
import json
from pathlib import Path

import pytest

from veille.errors import InputError, RecordError
from veille.ingest.pages import extract_pages
from veille.ingest.readers import read_html, read_jsonl, read_text, read_warc, reader_for, sniff_reader
from veille.settings import Settings

SETTINGS = Settings()


def _read(reader, data: bytes, settings=SETTINGS):
    return list(extract_pages(reader(io.BytesIO(data), "src", settings)))


def test_text_file_with_a_metadata_line():
    [record] = _read(read_text, " date 2016-09 International\n\nLe président a parlé lundi.".encode())
    assert record.published == "2016-09" and record.published_source == "metadata-line"
    assert record.text.strip().startswith("International")


def test_text_file_larger_than_the_limit_is_refused_clearly():
    with pytest.raises(InputError, match="larger than the 100-byte limit"):
        _read(read_text, b"a" * 101, Settings(max_file_bytes=100))


def test_jsonl_reads_its_fields_and_ignores_gold_fields():
    line = ('{"id": 7, "url": "https://www.journal.fr/a/2016/11/20/x", "title": "Titre", "text": "Texte",'
            ' "published": "2016-11-20T10:00:00Z", "event": "gold-event", "story": "gold"}\n')
    [record] = _read(read_jsonl, line.encode())
    assert (record.external_id, record.title, record.text, record.published) == ("7", "Titre", "Texte", "2016-11-20")
    assert record.outlet == "journal.fr"  # derived from the url when not given
    assert record.locator == "line 1" and record.where == "src:line 1"


def test_a_bad_jsonl_line_is_reported_and_the_others_still_read():
    data = b'{"id": "a", "text": "un"}\n{"id": "b", "text": \n\n[1, 2]\n{"id": "c"}\n{"text": "x", "published": "2016-13-45"}\n{"id": "d", "text": "deux"}\n'
    results = _read(read_jsonl, data)
    assert [r.external_id for r in results if not isinstance(r, InputError)] == ["a", "d"]
    errors = [str(r) for r in results if isinstance(r, RecordError)]
    assert errors[0].startswith("src:line 2: invalid JSON")
    assert errors[1] == "src:line 4: expected a JSON object, got list"
    assert errors[2] == "src:line 5: no 'text' string field"
    assert errors[3].startswith("src:line 6: field 'published': unreadable date")


def test_jsonl_line_in_cp1252_is_decoded():
    [record] = _read(read_jsonl, '{"text": "Le ministre a reçu l’émissaire"}\n'.encode("cp1252"))
    assert record.text == "Le ministre a reçu l’émissaire"


HTML = """<html><head><title>Le titre - Journal</title>
<link rel="canonical" href="https://www.journal-exemple.fr/monde/2019/12/09/sommet">
<meta property="article:published_time" content="2019-12-09T18:00:00+01:00"></head>
<body><nav>Accueil | Monde</nav><article><h1>Un sommet a eu lieu lundi</h1>
<p>Les quatre dirigeants se sont retrouvés lundi soir pour un sommet consacré au conflit, selon la présidence.</p>
<p>Ils sont convenus de se revoir dans quatre mois.</p><script>alert("x")</script></article></body></html>""".encode()


def test_html_page_gives_text_title_url_and_date():
    [record] = _read(read_html, HTML)
    assert record.published == "2019-12-09" and record.published_source == "html"
    assert record.url == "https://www.journal-exemple.fr/monde/2019/12/09/sommet"
    assert record.outlet == "journal-exemple.fr"
    assert "se sont retrouvés lundi soir" in record.text
    assert "alert" not in record.text and "Accueil" not in record.text


def test_html_with_huge_inline_data_and_scripts_keeps_only_its_text():
    image = b"data:image/png;base64," + b"iVBORw0KGgo" * 400_000  # ~4.4 MB inside one attribute
    script = b"<script>var x = '" + b"a" * 1_000_000 + b"';</script>"
    page = HTML.replace(b"<article>", b'<article><img src="' + image + b'">' + script)
    [record] = _read(read_html, page)
    assert "se sont retrouvés lundi soir" in record.text and "iVBOR" not in record.text and "var x" not in record.text


def test_html_without_article_text_is_an_error():
    [problem] = _read(read_html, b"<html><head><title>Vide</title></head><body></body></html>")
    assert isinstance(problem, RecordError) and "no article text" in problem.reason


@pytest.mark.parametrize("head, reader", [(b'  {"text": 1}', read_jsonl), (b"<!DOCTYPE html><html>", read_html),
                                          (b"Le texte", read_text), (b"WARC/1.1\r\nWARC-Type: warcinfo", read_warc),
                                          (gzip.compress(b"WARC/1.0\r\nWARC-Type: response"), read_warc),
                                          (gzip.compress(b"Le texte"), read_text)])
def test_stdin_format_is_sniffed(head, reader):
    assert sniff_reader(head) is reader


@pytest.mark.parametrize("name, reader", [("crawl.warc", read_warc), ("Crawl.2024.WARC.GZ", read_warc),
                                          ("le.monde.html", read_html), ("notes.gz", None), ("txt", None)])
def test_the_reader_follows_the_file_suffix(name, reader):
    assert reader_for(Path(name)) is reader


def test_a_jsonl_line_nested_a_thousand_deep_is_one_failed_line_and_the_others_are_read():
    deep = ("[" * 1000 + "]" * 1000 + "\n").encode()
    good = b'{"id": "ok", "text": "Un texte assez long pour etre lu."}\n'
    found = list(read_jsonl(io.BytesIO(good + deep + good), "deep.jsonl", Settings()))
    assert [type(item).__name__ for item in found] == ["Record", "RecordError", "Record"]
    assert isinstance(found[1], RecordError) and str(found[1]) == (
        "deep.jsonl:line 2: JSON nested too deeply (an article is one object of strings)")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_jsonl_in_utf16_or_utf32_is_read_line_by_line(encoding):
    rows = [{"id": "a", "text": "Le ministre a reçu son homologue à Vienne."}, {"id": "b", "text": "Deuxième dépêche, à Genève."}]
    data = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode(encoding)
    found = list(read_jsonl(io.BytesIO(data), "wide.jsonl", Settings()))
    assert [(r.external_id, r.text, r.locator) for r in found] == [
        ("a", rows[0]["text"], "line 1"), ("b", rows[1]["text"], "line 2")]


def test_jsonl_lines_shorter_than_four_bytes_are_still_split_right():
    found = list(read_jsonl(io.BytesIO(b'1\n{"text": "Un texte assez long pour etre lu."}\n'), "short.jsonl", Settings()))
    assert isinstance(found[0], RecordError) and found[1].text.startswith("Un texte")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_jsonl_in_utf16_or_utf32_without_a_byte_order_mark_is_read_line_by_line(encoding):
    """Each line once failed as 'binary content (NUL bytes)', with one more failed line for the
    bytes after the last line feed: three misleading lines for two records."""
    rows = [{"id": "a", "text": "Le ministre a reçu son homologue à Vienne."}, {"id": "b", "text": "Deuxième dépêche, à Genève."}]
    data = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode(encoding)
    found = list(read_jsonl(io.BytesIO(data), "wide.jsonl", Settings()))
    assert [(r.external_id, r.text, r.locator) for r in found] == [
        ("a", rows[0]["text"], "line 1"), ("b", rows[1]["text"], "line 2")]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_a_text_in_utf16_without_a_byte_order_mark_is_read_not_called_binary(encoding):
    text = "Le président a reçu l’émissaire à Genève. « Très bonne » réunion, a-t-il dit."
    [record] = list(read_text(io.BytesIO(text.encode(encoding)), "wide.txt", Settings()))
    assert record.text == text


def test_control_characters_in_a_jsonl_lines_names_and_url_are_dropped_not_stored():
    """A NUL or an escape sequence in `id`, `url` or `outlet` was stored as it was (and printed to
    terminals and into CSV cells); the text and title already lost theirs."""
    line = json.dumps({"id": "a\u0000b\u001b[31m", "url": "https://ex\u0000ample.org/a\u0000\n/b", "outlet": "Le\u0000 Monde\n du soir",
                       "title": "Ti\u0000tre", "text": "Le ministre\u0000 a reçu son homologue à Vienne."}) + "\n"
    [record] = list(read_jsonl(io.BytesIO(line.encode()), "nul.jsonl", Settings()))
    assert (record.external_id, record.url, record.outlet, record.title, record.text) == (
        "ab[31m", "https://example.org/a/b", "Le Monde du soir", "Titre", "Le ministre a reçu son homologue à Vienne.")


def test_jsonl_values_python_or_sqlite_cannot_take_are_one_line_each_not_the_end_of_the_run():
    """A lone surrogate ("\\ud800", which json.loads keeps) raised UnicodeEncodeError when the article
    was hashed; an unclosed IPv6 bracket in the url raised ValueError when its outlet was read; an id
    of 5,000 digits raised ValueError in json.loads (Python's 4,300-digit guard): each ended the run."""
    text = "Le ministre a reçu son homologue à Vienne mardi pour un entretien."
    lines = [
        '{"id": "s\\ud800", "title": "T\\udfff", "url": "https://ex.org/\\ud800", "text": "\\ud800 ' + text + '"}',
        json.dumps({"id": "v6", "url": "http://[::1", "text": text}),
        '{"id": ' + "9" * 5000 + ', "text": "' + text + '"}',
        json.dumps({"id": "after", "text": text}),
    ]
    results = _read(read_jsonl, "\n".join(lines).encode() + b"\n")
    surrogate, v6, digits, after = results
    assert (surrogate.external_id, surrogate.title, surrogate.url) == ("s\ufffd", "T\ufffd", "https://ex.org/\ufffd")
    assert surrogate.text == "\ufffd " + text
    assert str(v6) == "src:line 2: field 'url': not a valid URL"
    assert str(digits) == "src:line 3: invalid JSON (a number of more than 4,300 digits)"
    assert after.external_id == "after"


@pytest.mark.parametrize("published", ["0001-01-01", "9999-12-31", "9999-12-31T23:59:59+14:00", "1799-12"])
def test_jsonl_publication_dates_outside_the_years_of_news_are_refused(published):
    """9999-12-31 and 0001-01-01 are what systems without a date write; the clustering's windows of
    days around 9999-12-31 overflowed ('analysis failed in stage store: OverflowError')."""
    line = json.dumps({"text": "Le ministre a reçu son homologue.", "published": published}) + "\n"
    [error] = _read(read_jsonl, line.encode())
    assert "field 'published': year " in str(error) and "is no publication date (veille reads 1800 to 2199)" in str(error)


def test_a_huge_max_file_bytes_reads_a_small_file(tmp_path):
    """read(max_file_bytes + 1) allocates that much memory at once: MemoryError on a 30-byte file."""
    import sys

    from veille.ingest.sources import read_file

    path = tmp_path / "a.txt"
    path.write_text("Le ministre a reçu son homologue.")
    [record] = list(read_file(path, Settings(max_file_bytes=sys.maxsize - 1)))
    assert record.text == "Le ministre a reçu son homologue."
