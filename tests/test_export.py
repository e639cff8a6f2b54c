import csv
import io
import json

import pyarrow.parquet as pq
import pytest

from tests.store.test_db import _document
from veille.errors import ConfigError, VeilleError
from veille.export import export


@pytest.fixture
def filled(store):
    store.write_documents([_document(1, with_event=True), _document(2)])
    return store


def test_events_as_csv_jsonl_and_parquet_agree(filled, tmp_path):
    assert export(filled, "events", "csv", tmp_path / "e.csv") == 1
    export(filled, "events", "jsonl", tmp_path / "e.jsonl")
    export(filled, "events", "parquet", tmp_path / "e.parquet")
    [row] = list(csv.DictReader(open(tmp_path / "e.csv", encoding="utf-8")))
    [obj] = [json.loads(line) for line in open(tmp_path / "e.jsonl", encoding="utf-8")]
    [record] = pq.read_table(tmp_path / "e.parquet").to_pylist()
    assert row["id"] == obj["id"] == record["id"] == "e1"
    assert row["actors"] == "A; B" and record["actors"] == ["A", "B"] and obj["actors"][0]["name"] == "A"
    assert row["city"] == record["city"] == obj["location"]["city"] == "Vienna"


def test_articles_export_and_empty_tables_keep_their_columns(store, tmp_path):
    assert export(store, "events", "parquet", tmp_path / "none.parquet") == 0
    assert "actors" in pq.read_table(tmp_path / "none.parquet").column_names
    out = io.StringIO()
    export(store, "articles", "csv", out)
    assert out.getvalue().startswith("id,external_id,source,url,outlet,title,published")


def test_export_to_a_stream_and_bad_requests(filled, tmp_path):
    out = io.StringIO()
    export(filled, "articles", "jsonl", out)
    assert [json.loads(line)["id"] for line in out.getvalue().splitlines()] == ["a1", "a2"]
    with pytest.raises(ConfigError, match="Parquet is binary"):
        export(filled, "events", "parquet", io.StringIO())
    with pytest.raises(ConfigError, match="does not exist"):
        export(filled, "events", "csv", tmp_path / "no" / "such" / "dir.csv")
    with pytest.raises(ConfigError, match="unknown export format 'xml'"):
        export(filled, "events", "xml", tmp_path / "x.xml")


def test_a_failed_export_leaves_no_partial_file(filled, tmp_path, monkeypatch):
    target = tmp_path / "e.parquet"
    target.write_bytes(b"previous export")

    def explode(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pq, "write_table", explode)
    with pytest.raises(VeilleError, match="e.parquet: cannot write \\(No space left on device\\)"):
        export(filled, "events", "parquet", target)
    assert target.read_bytes() == b"previous export"
    assert not [path for path in tmp_path.iterdir() if path.name.endswith(".tmp")]


def test_csv_cells_a_spreadsheet_would_run_as_formulas_are_written_as_text(store, tmp_path):
    from veille.web.pages import events_csv

    doc = _document(1, with_event=True)
    doc.article.title, doc.article.outlet = '=HYPERLINK("http://evil.example","clic")', "+33 exemple.fr"
    doc.events[0].actors[1].name = "@SUM(A1:A9)"
    store.write_documents([doc])
    export(store, "articles", "csv", tmp_path / "a.csv")
    export(store, "events", "csv", tmp_path / "e.csv")
    [article] = list(csv.DictReader(open(tmp_path / "a.csv", encoding="utf-8")))
    [event] = list(csv.DictReader(open(tmp_path / "e.csv", encoding="utf-8")))
    assert article["title"] == '\'=HYPERLINK("http://evil.example","clic")' and article["outlet"] == "'+33 exemple.fr"
    assert event["actors"] == "A; @SUM(A1:A9)" and event["date"] == "2020-01-01"
    cluster = dict.fromkeys(("n_sources", "n_articles", "n_outlets", "first_seen", "last_seen", "story_id",
                             "headline"))
    page = {"events": [{**cluster, "id": "c1", "type": "CONSULT", "mode": None, "date": "2020-01-01",
                        "date_precision": "day", "location": None, "topics": ["-x"],
                        "actors": [{"name": "=1+1", "id": None}]}]}
    rows = list(csv.DictReader(io.StringIO(events_csv(page))))
    assert rows[0]["actors"] == "'=1+1" and rows[0]["topics"] == "'-x"
