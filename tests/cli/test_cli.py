"""End-to-end through the command line, on the bundled example dispatches."""

import json
import re
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tests.conftest import EXAMPLES, SHARED

ARTICLE_KEYS = {"id", "external_id", "source", "url", "outlet", "title", "published", "published_source",
                "language", "cluster_id", "main_event"}


@pytest.fixture
def ingested(cli):
    result = cli("ingest", str(EXAMPLES))
    assert result.exit_code == 0, result.output
    return cli


def test_ingest_prints_a_summary_and_a_rerun_adds_nothing(ingested):
    again = ingested("ingest", str(EXAMPLES), "--format", "json")
    report = json.loads(again.stdout)
    assert report["new"] == 0 and report["duplicate"] == 11 and report["failed"] == []


def test_articles_as_json(ingested):
    articles = json.loads(ingested("articles", "--format", "json").stdout)
    assert len(articles) == 11 and all(ARTICLE_KEYS <= set(a) for a in articles)
    by_external = {a["external_id"]: a for a in articles if a["external_id"]}
    assert by_external["ex-xi-1"]["outlet"] == "exemple-actu.fr"
    assert by_external["ex-en"]["language"] == "en"
    html = [a for a in articles if a["source"].endswith(".html")][0]
    assert (html["published"], html["published_source"]) == ("2023-01-19", "html")
    dated = [a for a in articles if a["source"].endswith("02-geneve-sommet-suite.txt")][0]
    assert (dated["published"], dated["published_source"]) == ("2021-06", "metadata-line")


def test_articles_table_search_and_show(ingested):
    table = ingested("articles", "--search", "Genève").stdout
    assert "Biden et Poutine" in table and "2 article(s)" in table
    first = json.loads(ingested("articles", "--format", "json", "--limit", "1").stdout)[0]
    shown = ingested("show", first["id"][:6])
    assert shown.exit_code == 0 and "Joe Biden" in shown.stdout and "entities:" in shown.stdout
    detail = json.loads(ingested("show", first["id"], "--format", "json").stdout)
    assert detail["clean_text"].startswith("Biden et Poutine") and detail["mentions"] and detail["sentences"]
    undated = [a for a in json.loads(ingested("articles", "--search", "Genève", "--format", "json").stdout)
               if not a["published"]]
    assert "dated from the day" in ingested("show", undated[0]["id"]).stdout  # a day from other reports, and why


def test_events_stats_and_export(ingested, tmp_path):
    events = json.loads(ingested("events", "--format", "json").stdout)
    geneva = [e for e in events if e["type"] == "CONSULT" and {"Joe Biden", "Vladimir Putin"} <= {
        a["name"] for a in e["actors"]}]
    assert geneva and all(e["evidence"] for e in geneva)
    assert any((e["location"] or {}).get("city") == "Geneva" for e in geneva)
    assert all(e["cameo"] for e in events)
    assert json.loads(ingested("events", "--type", "SANCTION", "--format", "json").stdout)
    russian = json.loads(ingested("events", "--country", "RU", "--format", "json").stdout)
    assert russian and all(any(a["name"] in ("Vladimir Putin", "Russia") for a in e["actors"])
                           or (e["location"] or {}).get("country") == "Russia" for e in russian)
    for name in ("Russia", "Russie", "ru"):
        assert json.loads(ingested("events", "--country", name, "--format", "json").stdout) == russian
    assert ingested("events", "--country", "Atlantide").exit_code == 2
    ukraine = json.loads(ingested("events", "--topic", "ukraine", "--format", "json").stdout)
    assert ukraine and all("Ukraine" in e["topics"] for e in ukraine)
    stats = json.loads(ingested("stats", "--format", "json").stdout)
    assert stats["articles"] == 11 and stats["unsupported_language"] == 1 and stats["mentions"] > 20
    result = ingested("export", "--format", "parquet", "--table", "articles", "-o", str(tmp_path / "a.parquet"))
    assert result.exit_code == 0 and pq.read_table(tmp_path / "a.parquet").num_rows == 11
    csv_text = ingested("export", "--format", "csv").stdout
    assert csv_text.splitlines()[0].startswith("id,type,mode,cameo,date")
    assert ingested("export", "--format", "csv", "-o", "-").stdout == csv_text  # "-" is standard output
    assert not (Path.cwd() / "-").exists()


def test_event_filters_take_french_names_and_refuse_unknown_values(ingested):
    events = lambda *args: json.loads(ingested(*args, "--format", "json").stdout)  # noqa: E731
    putin = events("events", "--actor", "Putin")
    assert putin and events("events", "--actor", "Poutine") == putin == events("events", "--actor", "Q7747")
    timeline = events("timeline", "--actor", "Poutine", "--actor", "Xi")
    assert timeline and timeline == events("timeline", "--actor", "Vladimir Putin", "--actor", "Xi Jinping")
    assert events("timeline", "--country", "Russie") == events("timeline", "--country", "RU")
    assert events("timeline", "--topic", "ukrainien") == events("timeline", "--topic", "Ukraine")
    assert events("events", "--mode", "visit") and all(e["mode"] == "visit" for e in events("events", "--mode", "VISIT"))
    for args, allowed in ((("events", "--type", "DANSE"), "CONSULT"), (("events", "--mode", "danse"), "phone"),
                          (("events", "--topic", "Atlantide"), "Syria"), (("timeline", "--type", "x"), "ASSAULT"),
                          (("timeline", "--topic", "x"), "terrorism")):
        result = ingested(*args)
        assert result.exit_code == 2 and result.stdout == "", args
        [line] = result.stderr.splitlines()  # one line: the error and what is allowed
        assert line.startswith(f"veille: error: {args[1]}: unknown") and allowed in line, line


def test_stdin_is_ingested(cli):
    result = cli("ingest", "-", input="Le Premier ministre a présidé mardi un conseil de défense à Matignon.")
    assert result.exit_code == 0 and "1 new" in result.stdout


@pytest.mark.parametrize("args, message, code", [
    (("articles", "--db", "missing.db"), "veille: error: missing.db: no veille database here", 2),
    (("show", "0000", ), "veille: error: no article with id '0000'", 1),
    (("events", "--since", "hier"), "'hier' is not a day, a month or a year", 2),
    (("export", "--format", "parquet"), "veille: error: Parquet is binary: give --output FILE", 2),
    (("evaluate", "nope"), "veille: error: nope: not a corpus folder", 1),
    (("events", "--limit", "9" * 23), "is not in the range 0<=x<=9223372036854775807", 2),  # was exit 70
    (("articles", "--offset", "9" * 23), "is not in the range 0<=x<=9223372036854775807", 2),
    (("ingest", "x.txt", "--workers", "9" * 20), "setting workers=99999999999999999999: must be at most 256", 2),
    (("--config", "veile.toml", "stats"), "veille: error: veile.toml: cannot read settings (no such file)", 2),
    (("events", "--actor", "a" * 60_000), "veille: error: a name of 60,000 characters (a name is at most 200)", 2),
])
def test_errors_are_one_line_without_traceback(ingested, args, message, code):
    result = ingested(*args)
    assert result.exit_code == code
    assert message in result.stderr and "Traceback" not in result.output


def test_failed_inputs_are_named_and_exit_non_zero(cli, tmp_path):
    (tmp_path / "bad.jsonl").write_text('{"text": "Le président a reçu hier le chef du gouvernement."}\n{oops\n')
    result = cli("ingest", str(tmp_path / "bad.jsonl"), str(tmp_path / "nope.txt"))
    assert result.exit_code == 1 and "1 new" in result.stdout
    assert f"failed: {tmp_path / 'bad.jsonl'}:line 2: invalid JSON" in result.stderr
    assert f"failed: {tmp_path / 'nope.txt'}: no such file or directory" in result.stderr
    assert result.stderr.strip().splitlines()[-1] == "veille: error: 2 input(s) failed; the others were ingested"


def test_a_database_path_that_is_a_folder_is_refused(cli, tmp_path):
    result = cli("ingest", str(EXAMPLES), "--db", str(tmp_path))
    assert result.exit_code == 2 and "is a directory, not a database file" in result.stderr


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="needs ../shared")
def test_seeds_and_dev_corpus_ingest_without_error_and_only_once(cli):
    inputs = (str(SHARED / "seeds"), str(SHARED / "corpus" / "dev" / "articles.jsonl"))
    first = json.loads(cli("ingest", *inputs, "--format", "json").stdout)
    second = json.loads(cli("ingest", *inputs, "--format", "json").stdout)
    assert (first["new"], first["failed"], first["skipped"]) == (85, [], [])
    assert (second["new"], second["duplicate"]) == (0, 85)


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "corpus" / "dev").is_dir(), reason="needs ../shared")
def test_evaluate_prints_the_json_contract(cli):
    result = json.loads(cli("evaluate", str(SHARED / "corpus" / "dev"), "--json").stdout)
    assert list(result) == ["articles", "clustering", "main_event", "offtopic", "published_inference", "stories",
                            "seconds"]


def test_stories_timeline_cluster_and_recluster(ingested):
    stories = json.loads(ingested("stories", "--format", "json").stdout)
    assert stories and all({"id", "name", "parties", "n_events", "n_sources"} <= set(s) for s in stories)
    timeline = ingested("timeline", "--actor", "Biden", "--actor", "Putin")
    assert timeline.exit_code == 0 and "2021-06-16" in timeline.stdout and "CONSULT" in timeline.stdout
    events = json.loads(ingested("timeline", "--story", stories[0]["id"], "--format", "json").stdout)
    assert events and all(e["story_id"] == stories[0]["id"] for e in events)
    shown = ingested("cluster", events[0]["id"])
    assert shown.exit_code == 0 and re.search(r"\d+ sources? \(near-duplicates once\)", shown.stdout)
    missing = ingested("timeline", "--story", "nope")
    assert missing.exit_code != 0 and "no story" in missing.stderr and "Traceback" not in missing.stderr
    unknown = ingested("cluster", "nope")
    assert unknown.exit_code != 0 and "no event cluster" in unknown.stderr and len(unknown.stderr.splitlines()) == 1
    nowhere = ingested("recluster", "--db", "absent.db")
    assert nowhere.exit_code != 0 and "no veille database" in nowhere.stderr
    assert not (Path("absent.db")).exists()
    before = json.loads(ingested("articles", "--format", "json").stdout)
    again = ingested("recluster")
    assert again.exit_code == 0 and "news clusters" in again.stdout
    after = json.loads(ingested("articles", "--format", "json").stdout)
    assert [a["cluster_id"] for a in after] == [a["cluster_id"] for a in before]


def test_serve_get_answers_one_request_in_process(ingested):
    stats = json.loads(ingested("serve", "--get", "/api/stats").stdout)
    assert stats["event_clusters"] >= 1
    timeline = json.loads(ingested("serve", "--get", "/api/events?actor=Biden&sort=-date").stdout)
    assert timeline["total"] == len(timeline["events"]) >= 1
    missing = ingested("serve", "--get", "/api/events/nope")
    assert missing.exit_code == 1 and json.loads(missing.stdout)["error"]["code"] == "not_found"


def test_serve_refuses_a_missing_database(cli):
    result = cli("serve", "--db", "absent.db", "--get", "/")
    assert result.exit_code == 2 and "no veille database here" in result.stderr


def test_show_explain_says_what_decided_the_main_event(ingested):
    articles = json.loads(ingested("articles", "--format", "json").stdout)
    with_event = next(a for a in articles if a["main_event"])
    plain = ingested("show", with_event["id"])
    explained = ingested("show", with_event["id"], "--explain")
    assert "decided_by: model" in explained.output and "decided_by" not in plain.output
    assert "confidence: " in explained.output and "ranker_features: " in explained.output
    participants = next(line for line in explained.output.splitlines() if "participants: " in line)
    assert " +" not in participants  # probabilities, not signed weights
    event = json.loads(ingested("show", with_event["id"], "--format", "json").stdout)["main_event"]
    assert 0 <= event["confidence"] <= 1 and event["trace"]["decided_by"] == "model"


def test_problems_lists_nothing_after_a_clean_run(ingested):
    assert json.loads(ingested("problems", "--format", "json").stdout) == []
    assert "0 failed article(s)" in ingested("problems").output


def test_a_skipped_file_with_a_newline_in_its_name_is_reported_on_one_line(cli, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "court\nfailed: forged.txt").write_text("x", encoding="utf-8")  # too short: skipped
    result = cli("ingest", str(folder))
    lines = result.stderr.splitlines()
    assert [line for line in lines if line.startswith("skipped:")] == \
        [f"skipped: {folder}/court\\nfailed: forged.txt: text too short (1 characters)"]
    assert not any(line.startswith("failed:") for line in lines)


def test_export_as_gdelt_event_rows(cli, tmp_path):
    from tests.conftest import write_clusters

    write_clusters(tmp_path / "veille.db", 3)
    result = cli("export", "--format", "gdelt", "-o", str(tmp_path / "events.tsv"))
    assert result.exit_code == 0 and "events.tsv: 3 events" in result.stderr
    lines = (tmp_path / "events.tsv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3 and all(len(line.split("\t")) == 61 for line in lines)
    assert cli("export", "--format", "gdelt").stdout.splitlines() == lines  # to standard output too
    refused = cli("export", "--format", "gdelt", "--table", "articles")
    assert refused.exit_code == 2 and "a GDELT event table holds events: --table events" in refused.stderr
