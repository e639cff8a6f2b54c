"""Web archives built here with warcio's writer, holding French pages written for these tests."""

from __future__ import annotations

import gzip
import importlib
import io
import json

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from veille.errors import InputError, RecordError
from veille.ingest.records import Skipped
from veille.ingest.sources import iter_records
from veille.ingest.pages import extract_pages
from veille.ingest.warc import read_warc
from veille.models import Record
from veille.settings import Settings

SETTINGS = Settings()
SITE = "https://www.quotidien-exemple.fr"


def page(title: str, published: str = "2023-03-07") -> str:
    return f"""<html><head><title>{title} - Le Quotidien</title>
<meta property="article:published_time" content="{published}T08:00:00+01:00"></head>
<body><nav>Accueil | Régions | Économie</nav><article><h1>{title}</h1>
<p>Les dockers du port ont cessé le travail mardi à l’aube pour protester contre la réforme, selon les
syndicats réunis sur les quais, où des piquets de grève étaient encore visibles en fin de matinée.</p>
<p>La direction a dénoncé un mouvement « disproportionné » et appelé à reprendre le dialogue dès jeudi.</p>
</article></body></html>"""


class Archive:
    """A WARC being written in memory by warcio; ``offsets`` are where its records start."""

    def __init__(self, gzip: bool):
        self.out = io.BytesIO()
        self.writer = WARCWriter(self.out, gzip=gzip)
        self.offsets: list[int] = []

    def add(self, record) -> Archive:
        self.offsets.append(self.out.tell())
        self.writer.write_record(record)
        return self

    def response(self, path: str, body: bytes | str, content_type="text/html; charset=utf-8", status="200 OK",
                 headers=()) -> Archive:
        http = StatusAndHeaders(status, [("Content-Type", content_type), *headers], protocol="HTTP/1.1")
        body = body.encode() if isinstance(body, str) else body
        return self.add(self.writer.create_warc_record(SITE + path, "response", payload=io.BytesIO(body),
                                                       http_headers=http))

    def request(self, path: str) -> Archive:
        http = StatusAndHeaders(f"GET {path} HTTP/1.1", [("Host", "www.quotidien-exemple.fr")], is_http_request=True)
        return self.add(self.writer.create_warc_record(SITE + path, "request", payload=io.BytesIO(b""),
                                                       http_headers=http))

    def warcinfo(self) -> Archive:
        return self.add(self.writer.create_warcinfo_record("test.warc", {"software": "veille tests"}))

    def resource(self, path: str, body: str) -> Archive:
        return self.add(self.writer.create_warc_record(SITE + path, "resource", payload=io.BytesIO(body.encode()),
                                                       warc_content_type="text/html"))

    @property
    def data(self) -> bytes:
        return self.out.getvalue()


@pytest.fixture(params=[False, True], ids=["warc", "warc.gz"])
def archive(request) -> Archive:
    return Archive(gzip=request.param)


def read(data: bytes, settings: Settings = SETTINGS) -> list:
    return list(extract_pages(read_warc(io.BytesIO(data), "a.warc", settings)))


def records(items: list) -> list[Record]:
    return [item for item in items if isinstance(item, Record)]


def test_an_html_response_becomes_an_article(archive):
    [record] = read(archive.response("/economie/2023/03/07/greve", page("Grève au port")).data)
    assert record.url == SITE + "/economie/2023/03/07/greve" and record.outlet == "quotidien-exemple.fr"
    assert record.title.startswith("Grève au port")
    assert record.published == "2023-03-07" and record.published_source == "html"
    assert "ont cessé le travail mardi à l’aube" in record.text and "Accueil" not in record.text
    assert record.where == f"a.warc:record 1 ({SITE}/economie/2023/03/07/greve)"


def test_an_html_resource_and_a_compressed_chunked_response_are_articles(archive):
    body = gzip.compress(page("Pluie sur Lyon").encode())
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
    archive.resource("/meteo/lyon", page("Neige sur Lille"))
    archive.response("/meteo/pluie", chunked, headers=[("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")])
    titles = [record.title for record in records(read(archive.data))]
    assert [title.split(" -")[0] for title in titles] == ["Neige sur Lille", "Pluie sur Lyon"]


def test_records_that_are_not_articles_are_counted_in_one_summary(archive):
    archive.warcinfo().request("/a").response("/a", page("Grève au port"))
    archive.response("/logo.jpg", b"\xff\xd8\xff\xe0", content_type="image/jpeg")
    archive.response("/photo.jpg", b"\xff\xd8\xff\xe0", content_type="image/jpeg")
    archive.response("/disparu", page("Introuvable"), status="404 Not Found")
    items = read(archive.data)
    assert len(records(items)) == 1
    assert items[-1] == Skipped("a.warc", "not articles: 5 records (2 image/jpeg, 1 warcinfo, 1 request, 1 status 404)")


@pytest.mark.parametrize("body, declared", [(page("Grève à Brest").encode("cp1252"), "utf-8"),
                                            (page("Grève à Brest").encode("utf-8"), "iso-8859-1")],
                         ids=["cp1252-declared-utf-8", "utf-8-declared-latin-1"])
def test_a_wrong_declared_charset_still_gives_french_accents(archive, body, declared):
    [record] = read(archive.response("/brest", body, content_type=f"text/html; charset={declared}").data)
    assert record.title.startswith("Grève à Brest")
    assert "à l’aube" in record.text and "« disproportionné »" in record.text


def test_a_page_over_the_size_limit_is_reported_and_the_next_is_read(archive):
    archive.response("/long", page("Long") + "<p>remplissage</p>" * 2000).response("/court", page("Court"))
    [error, record] = read(archive.data, Settings(max_file_bytes=10_000))
    assert isinstance(error, RecordError)
    assert str(error) == (f"a.warc:record 1 ({SITE}/long): HTML page larger than the 10,000-byte limit for one "
                          "article (raise max_file_bytes)")
    assert record.url == SITE + "/court"


def test_a_page_without_article_text_is_named_by_its_record(archive):
    [error] = read(archive.response("/vide", "<html><body></body></html>").data)
    assert str(error) == f"a.warc:record 1 ({SITE}/vide): no article text found in the HTML page"


def _three_pages(gz: bool) -> Archive:
    archive = Archive(gzip=gz)
    for n, city in enumerate(["Brest", "Nantes", "Rennes"]):
        archive.response(f"/{n}", page(f"Grève à {city}"))
    return archive


def _overwrite(data: bytes, at: int, junk: bytes) -> bytes:
    return data[:at] + junk + data[at + len(junk):]


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_a_corrupt_record_is_reported_and_reading_resumes_at_the_next(gz):
    archive = _three_pages(gz)
    start, end = archive.offsets[1], archive.offsets[2]
    if gz:  # zeros amid the second member's deflate data
        damaged = _overwrite(archive.data, (start + end) // 2, b"\x00" * 40)
    else:  # over the second record's "WARC/1.0" line
        damaged = _overwrite(archive.data, start, b"GARBAGE!")
    first, error, third = read(damaged)
    assert [first.url, third.url] == [SITE + "/0", SITE + "/2"]
    assert isinstance(error, InputError) and error.where == "a.warc:record 2"
    assert error.reason.startswith(f"corrupt record at byte {start} (")
    assert error.reason.endswith(f"; resumed at byte {end}")


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_bytes_between_records_are_reported_and_every_record_is_read(gz):
    archive = _three_pages(gz)
    start = archive.offsets[1]
    junk = b"des octets perdus\r\n"
    first, error, *others = read(archive.data[:start] + junk + archive.data[start:])
    assert [record.url for record in (first, *others)] == [SITE + "/0", SITE + "/1", SITE + "/2"]
    invalid = "bad gzip data: incorrect header check" if gz else "invalid WARC header"
    assert error.reason == f"corrupt record at byte {start} ({invalid}); resumed at byte {start + len(junk)}"


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_a_truncated_archive_gives_the_records_before_the_cut(gz):
    archive = _three_pages(gz)
    cut = archive.data[: archive.offsets[2] + 300]
    *articles, error = read(cut)
    assert [record.url for record in articles] == [SITE + "/0", SITE + "/1"]
    assert str(error) == f"a.warc:record 3: truncated at byte {len(cut)}"


def test_a_whole_file_gzip_is_refused_with_the_fix():
    [error] = read(gzip.compress(_three_pages(False).data))
    assert "several records in one gzip member; `warcio recompress` fixes the file" in str(error)


@pytest.mark.parametrize("name", ["vide.warc", "vide.warc.gz"])
def test_an_empty_archive_is_skipped(tmp_path, name):
    (tmp_path / name).write_bytes(b"")
    assert list(iter_records([str(tmp_path / name)], SETTINGS)) == [Skipped(str(tmp_path / name), "empty archive")]


def test_archives_in_a_folder_and_on_stdin_are_read(tmp_path):
    (tmp_path / "a.warc.gz").write_bytes(Archive(gzip=True).response("/a", page("Grève à Brest")).data)
    (tmp_path / "b.WARC").write_bytes(Archive(gzip=False).response("/b", page("Grève à Nantes")).data)
    from_folder = iter_records([str(tmp_path)], SETTINGS)
    assert [record.url for record in from_folder] == [SITE + "/a", SITE + "/b"]
    [from_stdin] = iter_records(["-"], SETTINGS, stdin=io.BytesIO((tmp_path / "a.warc.gz").read_bytes()))
    assert from_stdin.source == "<stdin>" and from_stdin.url == SITE + "/a"


def test_veille_ingest_stores_the_pages_of_an_archive(cli, tmp_path, monkeypatch, pipeline):
    # the session's pipeline, not a second spaCy model (veille.incremental.ingest builds the analysis)
    monkeypatch.setattr(importlib.import_module("veille.incremental.ingest"), "analysis_pipeline",
                        lambda imported=(), **options: pipeline)
    archive = Archive(gzip=True).warcinfo().request("/brest").response("/brest", page("Grève à Brest"))
    archive.response("/nantes", page("Grève à Nantes", "2023-03-08"))
    archive.response("/logo.png", b"\x89PNG", content_type="image/png")
    (tmp_path / "crawl.warc.gz").write_bytes(archive.data)
    result = cli("ingest", "crawl.warc.gz")
    assert result.exit_code == 0, result.output
    assert "2 new" in result.stdout
    assert "skipped: crawl.warc.gz: not articles: 3 records (1 warcinfo, 1 request, 1 image/png)" in result.stderr
    stored = json.loads(cli("articles", "--format", "json").stdout)
    assert {(a["url"], a["published"]) for a in stored} == {(SITE + "/brest", "2023-03-07"),
                                                            (SITE + "/nantes", "2023-03-08")}
