"""`veille batch`: a record whose analysis raises is a problem row; every other record is analysed."""

from __future__ import annotations

import pyarrow.dataset as ds

from tests.conftest import synthetic_article, write_jsonl
from veille.batch.executor import LocalExecutor
from veille.batch.job import run_batch
from veille.nlp import events as events_module
from veille.settings import Settings


def test_a_record_whose_analysis_raises_becomes_a_problem_and_the_others_are_written(tmp_path, monkeypatch):
    original = events_module.EventExtractor.events
    monkeypatch.setattr(events_module.EventExtractor, "events",
                        lambda self, model=None: (_ for _ in ()).throw(ValueError("not a day"))
                        if "Zorglub" in self.doc.article.clean_text else original(self, model))
    rows = [{"id": f"a{k}", "text": synthetic_article(200 + k) + (" Zorglub a parlé." if k == 2 else "")}
            for k in range(6)]
    archive = write_jsonl(tmp_path / "archive.jsonl", rows)
    report = run_batch([str(archive)], tmp_path / "out", Settings(), LocalExecutor(workers=1))
    assert (report.articles, report.failed) == (5, 1)
    problems = ds.dataset(tmp_path / "out" / "problems", format="parquet").to_table().to_pylist()
    assert problems == [{"where": f"{archive}:line 3", "kind": "failed",
                         "reason": "analysis failed in stage 'events': ValueError: not a day"}]
