import csv
import io
import json
import os
import re
import stat
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tests.store.test_db import _document
from veille.errors import ConfigError, VeilleError
from veille.export import export
from veille.store import Store


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
    assert row["actors"] == "A; B" and obj["actors"][0]["name"] == "A"
    assert [(a["name"], a["role"]) for a in record["actors"]] == [("A", "source"), ("B", "target")]
    assert row["participants"] == record["participants"] == obj["participants"] == "A → B"
    assert row["city"] == record["city"] == obj["location"]["city"] == "Vienna"


def test_articles_export_and_empty_tables_keep_their_columns(store, tmp_path):
    assert export(store, "events", "parquet", tmp_path / "none.parquet") == 0
    assert "actors" in pq.read_table(tmp_path / "none.parquet").column_names
    out = io.StringIO()
    export(store, "articles", "csv", out)
    assert out.getvalue().startswith("id,external_id,source,url,outlet,title,published,published_value")


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


@pytest.mark.parametrize("text", ["\r=1+1", "\n=HYPERLINK(\"http://evil.example\")", " @SUM(A1)", "\u00a0+33", "\u3000-2"])
def test_a_formula_after_spaces_or_a_line_break_is_written_as_text_too(text):
    """A carriage return or line feed is written as a space (one record a line), and a spreadsheet
    that trims spaces on import would then run the rest: the cell once lost its quote that way."""
    from veille.export import csv_cell

    cell = next(csv.reader([csv_cell(text)]))[0]
    assert cell.startswith("'") and cell.lstrip("' ").lstrip("\u00a0\u3000")[0] in "=+-@"


# -- typed Parquet, CSV that pandas and DuckDB read right, files like the user's others ----------------------

@pytest.fixture
def varied(store):
    """Events of a day, a month and no date, cameo codes with a leading zero, a sentence over two lines."""
    day, month, undated = (_document(n, with_event=True) for n in (1, 2, 3))
    day.events[0].cameo = "03"
    month.events[0].date, month.events[0].date_precision = "2020-03", "month"
    undated.events[0].date, undated.events[0].date_precision = None, "unknown"
    undated.events[0].date_constraint = "Tuesday"
    day.article.clean_text = day.article.raw_text = "Le ministre a rencontré\nson homologue à Vienne. Fin."
    day.events[0].evidence[0].end = day.article.clean_text.index(".") + 1
    store.write_documents([day, month, undated])
    return store


def test_parquet_keeps_dates_timestamps_actors_and_evidence_typed(varied, tmp_path):
    import pyarrow as pa

    export(varied, "events", "parquet", tmp_path / "e.parquet")
    export(varied, "articles", "parquet", tmp_path / "a.parquet")
    events = pq.read_table(tmp_path / "e.parquet")
    assert events.schema.field("date").type == pa.date32()
    by_id = {row["id"]: row for row in events.to_pylist()}
    assert by_id["e1"]["date"] == date(2020, 1, 1) and by_id["e1"]["cameo"] == "03"
    assert by_id["e2"]["date"] is None and (by_id["e2"]["date_value"], by_id["e2"]["date_precision"]) == ("2020-03", "month")
    assert by_id["e3"]["date_text"] == "a Tuesday"
    actors = pa.Table.from_pylist([a for row in events.to_pylist() for a in row["actors"]])
    assert set(actors.column_names) >= {"id", "name", "role"}
    [evidence] = by_id["e1"]["evidence"]
    assert evidence == {"article_id": "a1", "start": 0, "end": 47, "sentence": "Le ministre a rencontré\nson homologue à Vienne."}
    assert b"description" in events.schema.field("actors").metadata and events.schema.metadata[b"veille.table"] == b"events"
    articles = pq.read_table(tmp_path / "a.parquet")
    assert pa.types.is_timestamp(articles.schema.field("ingested_at").type)
    assert articles.schema.field("published").type == pa.date32()
    assert articles.column("published").to_pylist() == [date(2020, 1, 1), date(2020, 1, 2), date(2020, 1, 3)]


def test_parquet_unnests_in_duckdb(varied, tmp_path):
    import duckdb  # a test dependency (pyproject.toml): the export must load where analysts work

    export(varied, "events", "parquet", tmp_path / "e.parquet")
    rows = duckdb.sql(f"""SELECT id, typeof(date) AS kind, a.role, a.name, a.id AS actor
                          FROM (SELECT id, date, unnest(actors) AS a FROM '{tmp_path / "e.parquet"}')
                          WHERE id = 'e1' ORDER BY a.role""").fetchall()
    assert rows == [("e1", "DATE", "source", "A", "Q1"), ("e1", "DATE", "target", "B", None)]


def test_parquet_reads_in_pandas_with_dates_as_dates(varied, tmp_path):
    import pandas  # a test dependency (pyproject.toml), as duckdb

    export(varied, "events", "parquet", tmp_path / "e.parquet")
    export(varied, "articles", "parquet", tmp_path / "a.parquet")
    events = pandas.read_parquet(tmp_path / "e.parquet").set_index("id")  # as docs/export.md reads it
    assert events.loc["e1", "date"] == date(2020, 1, 1) and pandas.isna(events.loc["e2", "date"])
    assert events.loc["e1", "cameo"] == "03"
    assert str(pandas.to_datetime(events["date"]).dtype).startswith("datetime64")  # a date column, not text
    assert str(pandas.read_parquet(tmp_path / "e.parquet", dtype_backend="pyarrow")["date"].dtype) == "date32[day][pyarrow]"
    actors = events[["actors"]].explode("actors").dropna(subset=["actors"])
    actors = pandas.DataFrame(actors["actors"].tolist(), index=actors.index)
    assert sorted(actors.loc[["e1"]][["role", "name"]].itertuples(index=False, name=None)) == [("source", "A"), ("target", "B")]
    articles = pandas.read_parquet(tmp_path / "a.parquet")
    assert str(articles["ingested_at"].dtype).startswith("datetime64[ms, UTC]")
    assert articles["published"].tolist() == [date(2020, 1, 1), date(2020, 1, 2), date(2020, 1, 3)]


def test_csv_keeps_codes_as_text_and_each_record_on_one_line(varied, tmp_path):
    export(varied, "events", "csv", tmp_path / "e.csv")
    lines = (tmp_path / "e.csv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4  # a header and one line per event, though a sentence spans two lines
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO("\n".join(lines)))}
    assert rows["e1"]["cameo"] == "03" and ',"03",' in lines[1]
    assert rows["e1"]["evidence"] == "Le ministre a rencontré son homologue à Vienne."
    assert (rows["e2"]["date"], rows["e2"]["date_value"], rows["e2"]["date_text"]) == ("", "2020-03", "March 2020")
    assert '"day",,"text",' in lines[1]  # text quoted, null empty
    import pandas

    frame = pandas.read_csv(tmp_path / "e.csv", dtype={"cameo": "string"}, parse_dates=["date"])  # as docs/export.md
    assert frame["cameo"].iloc[0] == "03" and len(frame) == 3


def test_exported_files_are_created_with_the_users_umask(filled, tmp_path):
    previous = os.umask(0o022)
    try:
        for fmt in ("csv", "jsonl", "parquet"):
            export(filled, "events", fmt, tmp_path / f"e.{fmt}")
            assert stat.S_IMODE(os.stat(tmp_path / f"e.{fmt}").st_mode) == 0o644
    finally:
        os.umask(previous)


def test_every_export_column_is_documented():
    from veille.export import COLUMNS
    from veille.web.pages import EVENT_CSV_COLUMNS

    text = (Path(__file__).resolve().parents[1] / "docs" / "export.md").read_text()
    for table, columns in COLUMNS.items():
        for column in columns:
            assert f"| `{column.name}` |" in text, f"{table}.{column.name} is not in docs/export.md"
    web = (Path(__file__).resolve().parents[1] / "docs" / "web.md").read_text()
    assert ", ".join(EVENT_CSV_COLUMNS) in " ".join(web.split())


# -- GDELT 2.0 event table ------------------------------------------------------------------------------

@pytest.fixture
def clusters(tmp_path):
    """Event clusters of every kind a GDELT row must hold: a day with a city, a month with a country
    as target, no date with only a country and no target, a city GeoNames does not know with hostile
    names and no URL."""
    from tests.conftest import write_clusters

    path = tmp_path / "clusters.db"
    write_clusters(path, 4)
    with Store.open(path) as store:
        conn = store.conn
        russia = [{"id": "Q7747", "name": "Vladimir Putin", "role": "source"}, {"id": "Q159", "name": "Russia", "role": "target"}]
        conn.execute("INSERT INTO entities (id, name, type, country) VALUES ('Q159', 'Russia', 'country', 'RU')")
        conn.execute("UPDATE event_clusters SET date = '2021-07', date_precision = 'month', actors = ? WHERE id = 'c0002'",
                     [json.dumps(russia)])
        conn.execute("""UPDATE event_clusters SET date = NULL, date_precision = 'unknown', city = NULL, country = 'Russia',
                        type = 'ACCUSE', actors = '[{"id": "Q7747", "name": "Vladimir Putin", "role": "source"}]'
                        WHERE id = 'c0003'""")
        conn.execute("UPDATE events SET cameo = NULL, type = 'ACCUSE' WHERE cluster_id = 'c0003'")
        hostile = [{"id": None, "name": "=HYPERLINK(\"x\")", "role": "source"},
                   {"id": None, "name": "\"Le\tMonde", "role": "target"}]
        conn.execute("UPDATE event_clusters SET city = 'Nowhereville', actors = ? WHERE id = 'c0004'", [json.dumps(hostile)])
        conn.execute("UPDATE articles SET url = NULL WHERE id = 'a0004'")
    return path


def _gdelt_rows(path) -> dict[str, dict[str, str]]:
    from veille.export.gdelt import COLUMNS, global_event_id

    ids = {global_event_id(f"c{k:04}"): f"c{k:04}" for k in range(1, 5)}
    rows = [dict(zip(COLUMNS, line.split("\t"), strict=True)) for line in path.read_text(encoding="utf-8").splitlines()]
    return {ids[int(row["GLOBALEVENTID"])]: row for row in rows}


def test_gdelt_rows_are_the_61_columns_of_gdelt_2(clusters, tmp_path):
    with Store.open(clusters, read_only=True) as store:
        assert export(store, "events", "gdelt", tmp_path / "events.tsv") == 4
    rows = _gdelt_rows(tmp_path / "events.tsv")
    day, month, undated, hostile = (rows[f"c{k:04}"] for k in range(1, 5))
    assert (day["SQLDATE"], day["MonthYear"], day["Year"], day["FractionDate"]) == ("20210602", "202106", "2021", "2021.4164")
    assert (day["Actor1Code"], day["Actor1Name"], day["Actor1CountryCode"], day["Actor1Type1Code"]) == (
        "RUSGOV", "VLADIMIR PUTIN", "RUS", "GOV")  # the president of Russia on that day
    assert (day["Actor2Code"], day["Actor2Name"], day["Actor2CountryCode"]) == ("USAGOV", "JOE BIDEN", "USA")
    assert [day[c] for c in ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
                             "NumMentions", "NumSources", "NumArticles", "AvgTone")] == [
        "1", "040", "040", "04", "1", "1.0", "1", "1", "1", ""]
    assert [day[f"ActionGeo_{f}"] for f in ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "FeatureID")] == [
        "4", "Geneva, Switzerland", "SZ", "", "", ""]  # FIPS 10-4 (Switzerland: SZ), as GDELT's geography
    assert abs(float(day["ActionGeo_Lat"]) - 46.2) < 0.1 and abs(float(day["ActionGeo_Long"]) - 6.15) < 0.1
    assert (day["Actor1Geo_Type"], day["Actor2Geo_Type"], day["Actor1Geo_FullName"]) == ("0", "0", "")
    assert (day["DATEADDED"], day["SOURCEURL"]) == ("20210602080000", "https://example.org/1")
    assert (month["SQLDATE"], month["MonthYear"], month["Year"], month["FractionDate"]) == ("", "202107", "2021", "")
    assert (month["Actor1Code"], month["Actor2Code"], month["Actor2Type1Code"]) == ("RUS", "RUS", "")  # no day, no office
    assert (undated["SQLDATE"], undated["Year"], undated["Actor1Code"], undated["Actor2Name"]) == ("", "", "RUS", "")
    assert (undated["EventCode"], undated["QuadClass"], undated["GoldsteinScale"]) == ("110", "3", "-2.0")  # ACCUSE: 11
    assert [undated[f"ActionGeo_{f}"] for f in ("Type", "FullName", "CountryCode", "ADM1Code", "FeatureID")] == [
        "1", "Russia", "RS", "RS", "RS"]  # FIPS: Russia is RS
    assert hostile["Actor1Name"] == "'=HYPERLINK(\"X\")" and hostile["Actor2Name"] == "'\"LE MONDE"
    assert (hostile["ActionGeo_Type"], hostile["ActionGeo_FullName"], hostile["ActionGeo_Lat"]) == (
        "4", "Nowhereville, Switzerland", "")
    assert hostile["SOURCEURL"] == ""


def test_gdelt_rows_load_in_pandas_and_duckdb(clusters, tmp_path):
    import duckdb
    import pandas

    from veille.export.gdelt import COLUMNS

    with Store.open(clusters, read_only=True) as store:
        export(store, "events", "gdelt", tmp_path / "events.tsv")
    frame = pandas.read_csv(tmp_path / "events.tsv", sep="\t", header=None)
    assert frame.shape == (4, 61)
    named = pandas.read_csv(tmp_path / "events.tsv", sep="\t", header=None, names=COLUMNS,  # as docs/export.md
                            dtype={"EventCode": "string", "EventBaseCode": "string", "EventRootCode": "string"})
    assert sorted(named["EventCode"].dropna()) == ["040", "040", "040", "110"]
    assert named["SQLDATE"].notna().sum() == 2 and named["Actor2Name"].isna().sum() == 1
    relation = duckdb.sql(f"SELECT * FROM read_csv('{tmp_path / 'events.tsv'}', delim = '\\t', header = false)")
    assert len(relation.columns) == 61 and len(relation.fetchall()) == 4
    typed = duckdb.sql(f"""SELECT EventRootCode, GoldsteinScale FROM read_csv('{tmp_path / 'events.tsv'}',
                           delim = '\\t', header = false, quote = '', names = {list(COLUMNS)},
                           types = {{'EventCode': 'VARCHAR', 'EventBaseCode': 'VARCHAR', 'EventRootCode': 'VARCHAR'}})
                           ORDER BY GoldsteinScale""").fetchall()
    assert typed == [("11", -2.0), ("04", 1.0), ("04", 1.0), ("04", 1.0)]


def test_gdelt_is_a_table_of_events(filled, tmp_path):
    with pytest.raises(ConfigError, match="--table events"):
        export(filled, "articles", "gdelt", tmp_path / "a.tsv")
    out = io.StringIO()
    assert export(filled, "events", "gdelt", out) == 0 and out.getvalue() == ""  # no event cluster yet


def test_every_gdelt_column_is_documented_in_order():
    from veille.export.gdelt import COLUMNS

    text = (Path(__file__).resolve().parents[1] / "docs" / "export.md").read_text()
    listed = re.findall(r"^\| (\d+) \| `(\w+)` \|", text, flags=re.MULTILINE)
    assert [(int(n), name) for n, name in listed] == list(enumerate(COLUMNS, start=1))
