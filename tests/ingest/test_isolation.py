"""One article whose analysis or storing fails is reported and skipped; every other one is stored."""

from __future__ import annotations

import pytest

from tests.conftest import synthetic_article, write_jsonl
from veille.export import export
from veille.incremental import ingest
from veille.nlp import events as events_module
from veille.store import Store

POISON = "Zorglub"  # a word no real article holds: the article that carries it makes a stage raise


@pytest.fixture
def poisoned_events(monkeypatch):
    """The event stage raises for any article that names the poison word."""
    original = events_module.EventExtractor.events

    def events(self, model=None):
        if POISON in self.doc.article.clean_text:
            raise ValueError("Invalid isoformat string: '2020-FA'")
        return original(self, model)

    monkeypatch.setattr(events_module.EventExtractor, "events", events)


def _archive(tmp_path, poisoned_at: set[int], n: int = 12):
    rows = []
    for k in range(n):
        text = synthetic_article(100 + k)
        rows.append({"id": f"a{k}", "text": text + (f" {POISON} a parlé." if k in poisoned_at else "")})
    return write_jsonl(tmp_path / "archive.jsonl", rows)


def test_an_article_whose_analysis_raises_is_reported_and_the_others_are_stored(
        tmp_path, store, settings, pipeline, poisoned_events):
    archive = _archive(tmp_path, poisoned_at={0, 5, 11})
    report = ingest([str(archive)], store, settings.with_overrides(commit_every=4), pipeline=pipeline)
    assert report.new == 9 and store.count_articles() == 9
    failed = dict(report.failed)
    assert set(failed) == {f"{archive}:line {k}" for k in (1, 6, 12)}
    for reason in failed.values():
        assert reason.startswith("analysis failed in stage 'events': ValueError: Invalid isoformat string")
        assert "\n" not in reason
    problems = store.problems()
    assert {p["source"] for p in problems} == set(failed) and {p["attempts"] for p in problems} == {1}


def test_a_rerun_tries_the_failed_articles_again_and_stores_them_once_they_pass(
        tmp_path, store, settings, pipeline, monkeypatch):
    archive = _archive(tmp_path, poisoned_at={3})
    with monkeypatch.context() as patched:
        original = events_module.EventExtractor.events
        patched.setattr(events_module.EventExtractor, "events",
                        lambda self, model=None: (_ for _ in ()).throw(RuntimeError("boom"))
                        if POISON in self.doc.article.clean_text else original(self, model))
        first = ingest([str(archive)], store, settings, pipeline=pipeline)
        again = ingest([str(archive)], store, settings, pipeline=pipeline)
        assert (first.new, len(first.failed), again.new, again.duplicate, len(again.failed)) == (11, 1, 0, 11, 1)
        assert store.problems()[0]["attempts"] == 2
    fixed = ingest([str(archive)], store, settings, pipeline=pipeline)  # the stage no longer raises
    assert (fixed.new, fixed.failed) == (1, []) and store.problems() == []


def test_an_article_that_cannot_be_stored_is_reported_and_the_batch_is_kept(
        tmp_path, store, settings, pipeline, monkeypatch):
    archive = _archive(tmp_path, poisoned_at={2})
    original = Store._insert_analysis

    def insert(self, doc):
        if POISON in doc.article.clean_text:
            raise UnicodeEncodeError("utf-8", "\udcff", 0, 1, "surrogates not allowed")
        original(self, doc)

    monkeypatch.setattr(Store, "_insert_analysis", insert)
    report = ingest([str(archive)], store, settings, pipeline=pipeline)
    assert report.new == 11 and store.count_articles() == 11
    [(where, reason)] = report.failed
    assert where == f"{archive}:line 3" and reason.startswith("analysis failed in stage 'store': UnicodeEncodeError")


@pytest.mark.parametrize("period", [
    "Depuis la guerre de l'automne 2020", "Au printemps", "Cet hiver", "Pendant l'été 2019",
    "Dans les années 1990", "Au XXe siècle", "Fin 2016", "À la mi-novembre", "La semaine dernière",
    "Ce week-end", "En 2014",
])
def test_time_values_that_are_not_days_date_events_at_their_own_precision(
        tmp_path, store, settings, pipeline, period):
    text = (f"La Serbie condamne le Kosovo\n\n{period}, le gouvernement serbe a condamné la décision des autorités "
            "du Kosovo de fermer la frontière, a déclaré le président serbe Aleksandar Vučić à Belgrade.")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    report = ingest([str(tmp_path / "a.txt")], store, settings.with_overrides(commit_every=1), pipeline=pipeline)
    assert (report.new, report.failed) == (1, [])
    events = store.events()
    assert events
    for event in events:
        if event["date"] and event["date_precision"] == "day":
            assert len(event["date"]) == 10 and event["date"][4] == "-"
    for fmt in ("csv", "jsonl", "parquet"):
        export(store, "events", fmt, str(tmp_path / f"events.{fmt}"))
