import gzip
import json

from veille.errors import RecordError
from veille.kb.wikidata import read_dump

# A made-up person, in Wikidata's dump format (QIDs Q99990001... are invented for the test).
PERSON = {
    "id": "Q99990001", "type": "item",
    "labels": {"en": {"language": "en", "value": "Amélie Dufresne-Test"}, "fr": {"language": "fr", "value": "Amélie Dufresne-Test"}},
    "aliases": {"fr": [{"language": "fr", "value": "Mme Dufresne"}, {"language": "fr", "value": "Dufresne-Test"}]},
    "sitelinks": {"enwiki": {"site": "enwiki", "title": "Amélie Dufresne-Test"}},
    "claims": {
        "P31": [{"mainsnak": {"datavalue": {"value": {"id": "Q5"}}}}],
        "P27": [{"mainsnak": {"datavalue": {"value": {"id": "Q142"}}}}],
        "P39": [{"mainsnak": {"datavalue": {"value": {"id": "Q191954"}}},
                 "qualifiers": {"P580": [{"datavalue": {"value": {"time": "+2031-05-14T00:00:00Z", "precision": 11}}}]}}],
    },
}
PLACE = {"id": "Q99990002", "labels": {"fr": {"value": "Villetest-sur-Mer"}},
         "claims": {"P31": [{"mainsnak": {"datavalue": {"value": {"id": "Q515"}}}}]}}


def _dump(path, entities, *, compress=False, broken_line=False):
    lines = ["["] + [json.dumps(e) + "," for e in entities] + (["{not json},"] if broken_line else []) + ["]"]
    data = "\n".join(lines).encode()
    path.write_bytes(gzip.compress(data) if compress else data)
    return path


def test_a_dump_becomes_records_in_the_kb_format(tmp_path):
    records = list(read_dump(_dump(tmp_path / "d.json.gz", [PERSON, PLACE], compress=True)))
    person, place = records
    assert person["id"] == "Q99990001" and person["type"] == "person" and person["country"] == "FR"
    assert person["offices"] == [{"role": "president", "of": "FR", "start": "2031-05-14", "end": None,
                                  "head_of_state": True, "head_of_government": False,
                                  "title": "President of France"}]
    assert "Dufresne-Test" in person["aliases"]["fr"]
    assert place["type"] == "city" and place["name"] == "Villetest-sur-Mer"


def test_bad_lines_and_truncated_files_are_reported(tmp_path):
    results = list(read_dump(_dump(tmp_path / "d.json", [PERSON], broken_line=True)))
    assert isinstance(results[1], RecordError) and "line 3: invalid JSON" in str(results[1])
    whole = gzip.compress(("[\n" + json.dumps(PERSON) + ",\n" + json.dumps(PLACE) + "\n]").encode())
    (tmp_path / "cut.json.gz").write_bytes(whole[: len(whole) // 2])
    results = list(read_dump(tmp_path / "cut.json.gz"))
    assert "truncated or corrupt gzip" in str(results[-1])


def test_imported_entities_are_linked_in_articles_ingested_later(cli, tmp_path):
    dump = _dump(tmp_path / "d.json", [PERSON])
    assert "1 entities imported" in cli("kb", "import", str(dump)).stdout
    (tmp_path / "a.txt").write_text("La présidente Amélie Dufresne-Test a reçu mardi le chef du gouvernement "
                                    "à l'Elysée pour évoquer la crise énergétique.")
    assert cli("ingest", str(tmp_path / "a.txt")).exit_code == 0
    [article] = json.loads(cli("articles", "--format", "json").stdout)
    assert {"id": "Q99990001", "name": "Amélie Dufresne-Test", "type": "person", "wikidata": "Q99990001",
            "country": "FR", "mentions": 1} in article["entities"]
    shown = json.loads(cli("kb", "show", "le président français", "--date", "2031-06-01", "--format", "json").stdout)
    assert [e["name"] for e in shown["entities"]] == ["Amélie Dufresne-Test"]
