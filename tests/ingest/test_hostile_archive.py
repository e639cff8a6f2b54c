"""An archive of 500 good articles with every kind of hostile input found by probing among them:
all 500 are ingested, each bad input gets one clear line, and the exit code says some failed.

The 500 good articles go through the cheap stages only (cleaning, reference date, language), so
that the test takes seconds and runs in every tier; every hostile article that is read goes
through the whole real analysis (spaCy, linking, events: the season date is dated there), and one
article makes the analysis raise, as a bug veille has not met would."""

from __future__ import annotations

import errno
import importlib
import json
import os

import pytest

from tests.conftest import nest_folders, remove_nested, synthetic_article, write_jsonl
from veille.pipeline import Pipeline

GOOD = 500
POISON = "Zorglub"  # the article that carries it makes the analysis raise


class _RealForHostile:
    """The real pipeline's stages, as one stage: all of them for a hostile article, the cheap first
    three for a good (synthetic) one, and an error for the poisoned one."""

    name = "analysis"

    def __init__(self, pipeline: Pipeline) -> None:
        self.stages = pipeline.stages  # initialised already (the session's shared spaCy model)
        self.assigns = frozenset().union(*(stage.assigns for stage in self.stages))
        self.requires = frozenset().union(*(stage.requires for stage in self.stages)) - self.assigns

    def initialize(self, settings) -> None:
        pass

    def __call__(self, docs):
        for doc in docs:
            if POISON in doc.article.raw_text:
                raise ValueError("Invalid isoformat string: '2020-FA'")
            good = doc.article.raw_text.startswith("Réunion numéro")
            stream = [doc]
            for stage in self.stages[:3] if good else self.stages:
                stream = stage(stream)
            yield from stream


@pytest.fixture
def archive(tmp_path, monkeypatch):
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
              "Kosovo, a déclaré le gouvernement serbe à Belgrade, qui a condamné la décision de Pristina. "
              "Dans les années 1990, les deux pays s'étaient affrontés; la semaine dernière, fin 2016 et au "
              "XXe siècle aussi, a rappelé le ministre.")
    (folder / "f-season.txt").write_text(season, encoding="utf-8")
    mixed = ("Les deux ministres ont échangé sur le règlement du différend à Genève. ".encode("utf-8") * 3
             + "L’accord".encode("cp1252") + " sera signé à Genève.".encode("utf-8"))
    (folder / "g-mixed.txt").write_bytes(mixed)
    signs = ("Le point clé de l’accord signé à Genève : ".encode("utf-8") + "• 3½ % ou 2× plus".encode("cp1252")
             + ", a précisé le ministère des Affaires étrangères à l’issue de la réunion.".encode("utf-8"))
    (folder / "g-signs.txt").write_bytes(signs)
    write_jsonl(folder / "h-nul.jsonl", [{"id": "nul\u0000\u001b[31m", "url": "https://ex\u0000ample.org/a\n",
                                          "outlet": "Le\u0000 Quotidien\n",
                                          "text": "Le ministre\u0000 a reçu son homologue à Vienne mardi."}])
    with open(os.fsencode(folder) + b"/i-caf\xe9.txt", "wb") as stream:
        stream.write("Le président a reçu mardi à Paris son homologue pour un entretien.".encode("utf-8"))
    wide = json.dumps({"id": "wide", "text": "Le Premier ministre a reçu à Oslo son homologue suédois."},
                      ensure_ascii=False) + "\n"
    (folder / "j-utf16.jsonl").write_bytes(wide.encode("utf-16"))
    (folder / "j-utf16-no-bom.jsonl").write_bytes(wide.replace("Oslo", "Bergen").encode("utf-16-le"))
    write_jsonl(folder / "k-bug.jsonl", [{"id": "bug", "text": f"Le ministre {POISON} a reçu son homologue à Rome."}])
    (folder / "l-unlisted").mkdir()
    (folder / "l-unlisted" / "x.txt").write_text("Un texte qu'aucun dossier ne laisse lire.")
    (folder / "m-unsearchable").mkdir()
    (folder / "m-unsearchable" / "x.txt").write_text("Un texte dans un dossier qu'on liste sans l'ouvrir.")
    fd = os.open(folder, os.O_RDONLY)
    for _ in range(25):  # a folder nested past PATH_MAX (4,096 bytes), made one level at a time
        os.mkdir("o" * 200, dir_fd=fd)
        inner = os.open("o" * 200, os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = inner
    os.close(fd)
    (folder / "p-empty.txt").write_bytes(b"")
    odd = "Le ministre a reçu son homologue à Helsinki jeudi pour un entretien."
    (folder / "r-odd.jsonl").write_text("\n".join([  # values Python or SQLite could not take
        '{"id": "surrogate\\ud800", "text": "\\udfff ' + odd + '"}',
        json.dumps({"id": "v6", "url": "http://[::1", "text": odd}),
        '{"id": ' + "9" * 5000 + ', "text": "' + odd + '"}',
        json.dumps({"id": "placeholder", "published": "9999-12-31", "text": odd}),
    ]) + "\n", encoding="utf-8")
    nest_folders(folder / "s-deep", 1500, "Le ministre a reçu son homologue à Tallinn, tout au fond du dossier.")
    (folder / "q-huge.txt").write_text("Le ministre a parlé. " * 25_000)  # 525,000 characters
    # Tests run as root, which reads any folder: the two refusals a user would meet are simulated.
    real_scandir, real_stat = os.scandir, os.stat

    def scandir(path="."):
        if os.fspath(path).endswith("l-unlisted"):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_scandir(path)

    def stat(path, *args, **kwargs):  # a folder listed (r) but not searchable (no x)
        if f"{os.sep}m-unsearchable{os.sep}" in os.fsdecode(path):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "stat", stat)
    yield folder
    monkeypatch.undo()
    remove_nested(folder / "s-deep")


@pytest.fixture
def analysis(monkeypatch, pipeline):
    fast = Pipeline([_RealForHostile(pipeline)])
    module = importlib.import_module("veille.incremental.ingest")  # the package's `ingest` is the function
    monkeypatch.setattr(module, "analysis_pipeline", lambda *args, **kwargs: fast)


FAILED = {  # every failing input: its name (the end of it) and its one line's reason
    "b-deep.jsonl:line 1": "JSON nested too deeply (an article is one object of strings)",
    "c-pipe.txt": "not a regular file (a named pipe): refused",
    "d-loop-a.txt": "symbolic link loop",
    "d-loop-b.txt": "symbolic link loop",
    "e-name\\nfailed: forged.txt": "binary content (NUL bytes), not text",
    "k-bug.jsonl:line 1": "analysis failed in stage 'analysis': ValueError: Invalid isoformat string: '2020-FA'",
    "l-unlisted": "cannot list folder (Permission denied)",
    "m-unsearchable/x.txt": "permission denied",
    "o" * 200: "file name too long",
    "q-huge.txt": "text too long (524,999 characters; the limit is max_article_chars=500,000)",
    "r-odd.jsonl:line 2": "field 'url': not a valid URL",
    "r-odd.jsonl:line 3": "invalid JSON (a number of more than 4,300 digits)",
    "r-odd.jsonl:line 4": "field 'published': year 9999 is no publication date (veille reads 1800 to 2199)",
}


def test_an_archive_with_every_hostile_input_among_500_good_articles_ingests_the_500(cli, archive, analysis):
    result = cli("ingest", str(archive), "--format", "json")
    assert result.exit_code == 1  # "some inputs failed": docs/ingestion.md, docs/cli.md
    report = json.loads(result.stdout)
    failed = {_name(item["where"]): item["reason"] for item in report["failed"]}
    assert failed == FAILED
    assert [(_name(s["where"]), s["reason"]) for s in report["skipped"]] == [("p-empty.txt", "empty text")]
    read = ["f-season.txt", "g-mixed.txt", "g-signs.txt", "h-nul.jsonl", "i-caf\\xe9.txt", "j-utf16.jsonl",
            "j-utf16-no-bom.jsonl", "r-odd.jsonl", "x.txt"]
    assert report["new"] == GOOD + len(read) and report["duplicate"] == 0
    articles = {_name(a["source"]): a for a in json.loads(cli("articles", "--format", "json", "--limit", "1000").stdout)}
    assert sum(name.endswith("good.jsonl") for name in articles) == 2 and set(read) <= set(articles)
    assert sum(1 for a in articles.values() if a["source"].endswith("good.jsonl")) == 2

    def shown(name):
        return json.loads(cli("show", articles[name]["id"], "--format", "json").stdout)

    assert "L’accord sera signé" in shown("g-mixed.txt")["clean_text"]
    assert "• 3½ % ou 2× plus" in shown("g-signs.txt")["clean_text"]
    nul = shown("h-nul.jsonl")
    assert (nul["external_id"], nul["url"], nul["outlet"]) == ("nul[31m", "https://example.org/a", "Le Quotidien")
    assert "\u0000" not in nul["raw_text"]
    surrogate = shown("r-odd.jsonl")
    assert surrogate["external_id"] == "surrogate\ufffd" and surrogate["raw_text"].startswith("\ufffd Le ministre")
    assert "Tallinn" in shown("x.txt")["raw_text"]  # 1,500 folders deep
    season = shown("f-season.txt")
    assert {e["date_precision"] for e in season["events"]} >= {"season"}  # "l'automne 2020": 2020-FA
    table = cli("ingest", str(archive))  # the lines a person reads; a re-run adds nothing and tries the bug again
    lines = table.output.splitlines()
    assert len([line for line in lines if line.startswith("failed: ")]) == len(FAILED)
    assert len([line for line in lines if line.startswith("skipped: ")]) == 1
    assert not [line for line in lines if line and not line.startswith(("failed: ", "skipped: ", "veille: error: "))
                and "0 new" not in line]  # nothing else: no forged line, no traceback
    assert table.exit_code == 1 and "0 new" in table.output
    problems = cli("problems", "--format", "json")
    assert [p["attempts"] for p in json.loads(problems.stdout)] == [2]


def _name(where: str) -> str:
    """The part of a reported name below the archive folder."""
    return where.split("/archive/", 1)[-1].rsplit("/", 1)[-1] if "/m-unsearchable/" not in where else (
        "m-unsearchable/" + where.rsplit("/", 1)[-1])
