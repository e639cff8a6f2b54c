"""An archive of 500 good articles with every kind of hostile input found by probing among them:
all 500 are ingested, each bad input gets one clear line, and the exit code says some failed."""

from __future__ import annotations

import json
import os

import pytest

from tests.conftest import synthetic_article, write_jsonl

pytestmark = pytest.mark.slow
GOOD = 500


@pytest.fixture
def archive(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    rows = [{"id": f"good-{n}", "text": synthetic_article(1000 + n)} for n in range(GOOD)]
    write_jsonl(folder / "a-good.jsonl", rows[:250])
    write_jsonl(folder / "z-good.jsonl", rows[250:])
    (folder / "b-deep.jsonl").write_text("[" * 1000 + "]" * 1000 + "\n")
    os.mkfifo(folder / "c-pipe.txt")
    (folder / "d-loop-a.txt").symlink_to("d-loop-b.txt")
    (folder / "d-loop-b.txt").symlink_to("d-loop-a.txt")
    (folder / "e-name\nfailed: forged.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    season = ("Depuis la guerre de l'automne 2020, la province revendiquée par la Serbie n'est plus reliée au "
              "Kosovo, a déclaré le gouvernement serbe à Belgrade, qui a condamné la décision de Pristina.")
    (folder / "f-season.txt").write_text(season, encoding="utf-8")
    mixed = ("Les deux ministres ont échangé sur le règlement du différend à Genève. ".encode("utf-8") * 3
             + "L’accord".encode("cp1252") + " sera signé à Genève.".encode("utf-8"))
    (folder / "g-mixed.txt").write_bytes(mixed)
    with open(folder / "h-nul.jsonl", "w", encoding="utf-8") as stream:
        stream.write(json.dumps({"id": "nul", "text": "Le ministre\u0000 a reçu son homologue à Vienne mardi."}) + "\n")
    latin_name = os.fsencode(folder) + b"/i-caf\xe9.txt"
    with open(latin_name, "wb") as stream:
        stream.write("Le président a reçu mardi à Paris son homologue pour un entretien.".encode("utf-8"))
    return folder


def test_an_archive_with_every_hostile_input_among_500_good_articles_ingests_the_500(cli, archive):
    result = cli("ingest", str(archive), "--format", "json")
    assert result.exit_code == 1  # "some inputs failed": documented in docs/cli.md
    report = json.loads(result.stdout)
    failed = {item["where"].rsplit("/", 1)[-1]: item["reason"] for item in report["failed"]}
    assert failed == {
        "b-deep.jsonl:line 1": "JSON nested too deeply (an article is one object of strings)",
        "c-pipe.txt": "not a regular file (a named pipe): refused",
        "d-loop-a.txt": "symbolic link loop",
        "d-loop-b.txt": "symbolic link loop",
        "e-name\\nfailed: forged.txt": failed["e-name\\nfailed: forged.txt"],
    }
    assert failed["e-name\\nfailed: forged.txt"].startswith("binary content")
    assert report["new"] == GOOD + 4  # the season, the mixed encoding, the NUL and the latin-1 name are read
    articles = json.loads(cli("articles", "--format", "json", "--limit", "1000").stdout)
    texts = {a["source"].rsplit("/", 1)[-1]: a["id"] for a in articles}
    assert "i-caf\\xe9.txt" in texts
    mixed = json.loads(cli("show", texts["g-mixed.txt"], "--format", "json").stdout)
    assert "L’accord sera signé" in mixed["clean_text"] and "Ã" not in mixed["clean_text"]
    nul = json.loads(cli("show", texts["h-nul.jsonl"], "--format", "json").stdout)
    assert "\u0000" not in nul["raw_text"]
    table = cli("ingest", str(archive))  # the one-line report a person reads, and a re-run adds nothing
    lines = [line for line in table.output.splitlines() if line.startswith("failed: ")]
    assert len(lines) == 5 and "0 new" in table.output
