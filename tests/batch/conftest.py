"""An archive to run batches on: the bundled dispatches, one of them twice, and two bad inputs; a
made-up person to import into the knowledge base, and a dispatch that names him."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.conftest import EXAMPLES


@pytest.fixture(scope="session")
def archive(tmp_path_factory):
    folder = tmp_path_factory.mktemp("archive")
    for path in sorted(EXAMPLES.iterdir()):
        shutil.copy(path, folder / path.name)
    shutil.copy(EXAMPLES / "01-geneve-biden-poutine.txt", folder / "09-repeat.txt")
    (folder / "10-broken.jsonl").write_text('{"text": "Un texte assez long pour être lu par veille."}\n{"text": \n',
                                            encoding="utf-8")
    (folder / "11-short.txt").write_text("Trop court.", encoding="utf-8")
    return folder


# A made-up person, in Wikidata's dump format (the QID is invented for the test).
PERSON = {
    "id": "Q99990021", "type": "item",
    "labels": {"fr": {"language": "fr", "value": "Octave Ravenel-Test"},
               "en": {"language": "en", "value": "Octave Ravenel-Test"}},
    "aliases": {"fr": [{"language": "fr", "value": "Ravenel-Test"}]},
    "claims": {"P31": [{"mainsnak": {"datavalue": {"value": {"id": "Q5"}}}}],
               "P27": [{"mainsnak": {"datavalue": {"value": {"id": "Q142"}}}}]},
}


@pytest.fixture
def imported_person(tmp_path):
    """(a dump holding PERSON, a folder with one dispatch that names him)."""
    dump = tmp_path / "dump.json"
    dump.write_text("[\n" + json.dumps(PERSON) + "\n]\n", encoding="utf-8")
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.txt").write_text(
        "Octave Ravenel-Test a rencontré mardi à Berlin le ministre allemand de l'Économie pour évoquer la "
        "crise énergétique. Ravenel-Test a ensuite annoncé un accord sur les livraisons de gaz.", encoding="utf-8")
    return dump, news
