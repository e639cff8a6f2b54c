"""`veille batch` with the local engine, and `veille load`, end to end through the CLI."""

from __future__ import annotations

import json

import pyarrow.dataset as ds
import pytest

from veille.batch.tables import TABLES, columns
from veille.cli import main
from veille.store import Store


def table(folder, name):
    return ds.dataset(folder / name, format="parquet",
                      partitioning="hive" if name != "problems" else None).to_table()


@pytest.fixture(scope="module")
def output(archive, tmp_path_factory):
    from click.testing import CliRunner

    folder = tmp_path_factory.mktemp("batch") / "out"
    # --db: no database, so no imported entities, whatever ./veille.db holds
    result = CliRunner().invoke(main, ["batch", str(archive), "-o", str(folder),
                                       "--db", str(folder.parent / "none.db")])
    assert result.exit_code == 1, result.output  # the broken JSON line fails
    assert "failed: " in result.output and "10-broken.jsonl:line 2" in result.output
    assert "skipped: " in result.output and "11-short.txt" in result.output
    return folder


def test_every_table_has_its_columns(output):
    for name in TABLES:
        assert sorted(table(output, name).column_names) == sorted(columns(name))


def test_each_article_is_analysed_once_and_clustered(output):
    articles = table(output, "articles").to_pylist()
    manifest = json.loads((output / "batch.json").read_text())
    assert manifest["counts"]["duplicates"] == 1 and manifest["counts"]["failed"] == 1
    assert len(articles) == len({a["article_id"] for a in articles}) == manifest["counts"]["articles"] > 8
    assert all(a["news_cluster_id"] for a in articles if a["status"] == "analysed")
    events = table(output, "events").to_pylist()
    clusters = {c["cluster_id"]: c for c in table(output, "event_clusters").to_pylist()}
    assert events and all(e["cluster_id"] in clusters for e in events)
    assert sum(c["n_events"] for c in clusters.values()) == len(events)
    evidence = table(output, "evidence").to_pylist()
    text = {a["article_id"]: a["clean_text"] for a in articles}
    assert all(text[v["article_id"]][v["start"]:v["end"]] == v["text"] for v in evidence)


def test_the_two_reports_of_the_geneva_summit_are_one_event(output):
    articles = {a["source"].rsplit("/", 1)[-1]: a for a in table(output, "articles").to_pylist()}
    events = table(output, "events").to_pylist()
    main_of = {e["article_id"]: e for e in events if e["is_main"]}
    first, second = (main_of[articles[name]["article_id"]] for name in
                     ("01-geneve-biden-poutine.txt", "02-geneve-sommet-suite.txt"))
    assert first["cluster_id"] == second["cluster_id"]


def test_load_makes_the_output_browsable_and_matches_an_ingest(output, archive, tmp_path, cli):
    db = tmp_path / "loaded.db"
    result = cli("load", str(output), "--db", str(db))
    assert result.exit_code == 0, result.output
    count = json.loads((output / "batch.json").read_text())["counts"]["articles"]
    assert f"{count} articles loaded" in result.output and "batch clusters kept" in result.output
    again = cli("load", str(output), "--db", str(db))
    assert "0 articles loaded" in again.output
    timeline = cli("timeline", "--db", str(db), "--format", "json")
    assert timeline.exit_code == 0 and json.loads(timeline.output)
    ingested = tmp_path / "ingested.db"
    cli("ingest", str(archive), "--db", str(ingested))
    with Store.open(db, read_only=True) as loaded, Store.open(ingested, read_only=True) as reference:
        assert loaded.counts() == reference.counts()
        clusters = {e["id"]: e["cluster_id"] for e in loaded.events()}
        batch = {e["event_id"]: e["cluster_id"] for e in table(output, "events").to_pylist()}
        assert clusters == batch
        # each event reads the same date and is in a story alike, its day inferred for its reports
        # included (the pension march's "jeudi": 2023-01-19), whatever the cluster is named
        assert _event_dates(loaded) == _event_dates(reference)
        assert ("2023-01-19", "day", "cluster", True) in _event_dates(loaded).values()


def _event_dates(store):
    members: dict[str, set] = {}
    for event in store.events():
        members.setdefault(event["cluster_id"], set()).add(event["id"])
    return {frozenset(members[c["id"]]): (c["date"], c["date_precision"], c["date_source"], c["story_id"] is not None)
            for c in store.timeline()}


def test_articles_loaded_into_a_used_store_are_clustered_with_it(output, tmp_path, cli):
    db = tmp_path / "used.db"
    from tests.conftest import EXAMPLES

    cli("ingest", str(EXAMPLES / "04-greve-retraites.txt"), "--db", str(db))
    result = cli("load", str(output), "--db", str(db))
    count = json.loads((output / "batch.json").read_text())["counts"]["articles"]
    assert result.exit_code == 0 and f"{count - 1} articles loaded" in result.output
    assert "clustered with the stored articles" in result.output
    with Store.open(db, read_only=True) as store:
        assert all(e["cluster_id"] for e in store.events())


@pytest.mark.parametrize("args, message", [
    (["batch", "{archive}", "-o", "{existing}"], "already exists and is not empty"),
    (["batch", "{archive}/nothing-here", "-o", "{fresh}"], "no such file or directory"),
    (["batch", "{archive}", "-o", "{fresh}", "--master", "local[2]"], "--master is for --engine spark"),
    (["batch", "-", "-o", "{fresh}"], "veille batch reads files"),
    (["load", "{archive}"], "not a veille batch output"),
    (["load", "{fresh}"], "no such folder"),
])
def test_bad_requests_are_one_line_errors(args, message, archive, output, tmp_path, cli):
    names = {"archive": archive, "existing": output, "fresh": tmp_path / "fresh"}
    result = cli(*[a.format(**names) for a in args], "--db", str(tmp_path / "x.db")) if args[0] == "load" \
        else cli(*[a.format(**names) for a in args])
    assert result.exit_code != 0
    assert message in result.output and "Traceback" not in result.output
    assert not (tmp_path / "fresh").exists()


def test_overwrite_replaces_a_batch_output_only(archive, output, tmp_path, cli):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("precious")
    result = cli("batch", str(archive / "04-greve-retraites.txt"), "-o", str(tmp_path / "mine"), "--overwrite")
    assert result.exit_code == 2 and "is not a veille batch output" in result.output
    assert (tmp_path / "mine" / "notes.txt").read_text() == "precious"


def test_a_damaged_table_is_a_one_line_error_and_the_store_is_untouched(output, tmp_path, cli):
    import shutil

    damaged = tmp_path / "damaged"
    shutil.copytree(output, damaged)
    part = next((damaged / "events").rglob("*.parquet"))
    part.write_bytes(b"not parquet at all")
    db = tmp_path / "d.db"
    result = cli("load", str(damaged), "--db", str(db))
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "events" in result.output and "cannot read the Parquet table" in result.output
    with Store.open(db, read_only=True) as store:
        assert store.count_articles() == 0


def test_batch_links_the_entities_imported_into_the_database_as_ingest_does(cli, tmp_path, imported_person):
    dump, news = imported_person
    assert "1 entities imported" in cli("kb", "import", str(dump)).stdout
    result = cli("batch", str(news), "-o", str(tmp_path / "out"))  # --db: VEILLE_DB
    assert result.exit_code == 0, result.output
    batch = {(row["text"], row["entity_id"]) for row in table(tmp_path / "out", "mentions").to_pylist()}
    assert ("Octave Ravenel-Test", "Q99990021") in batch
    assert json.loads((tmp_path / "out" / "batch.json").read_text())["kb_imported"] == 1

    assert cli("ingest", str(news)).exit_code == 0
    with Store.open(tmp_path / "veille.db", read_only=True) as store:
        rows = store.conn.execute("SELECT text, entity_id FROM mentions")
        ingested = {(row["text"], row["entity_id"]) for row in rows}
    assert batch == ingested

    bare = cli("batch", str(news), "-o", str(tmp_path / "bare"), "--db", str(tmp_path / "none.db"))
    assert bare.exit_code == 0, bare.output
    assert "Q99990021" not in {row["entity_id"] for row in table(tmp_path / "bare", "mentions").to_pylist()}


def test_batch_with_a_database_it_cannot_read_is_a_one_line_error(cli, tmp_path):
    (tmp_path / "a.txt").write_text("Un texte assez long pour être lu par veille, sur la crise énergétique.")
    (tmp_path / "not.db").write_text("not a database")
    result = cli("batch", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"), "--db", str(tmp_path / "not.db"))
    assert result.exit_code != 0 and len(result.stderr.strip().splitlines()) == 1
    assert "not.db" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()
