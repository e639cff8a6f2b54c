"""The Spark engine (local[2], Java 17) writes what the local engine writes: same events, same clusters,
on the bundled dispatches (with a repeat and bad inputs) and the dev corpus (../shared, when present)."""

from __future__ import annotations

import json
import os
import shutil

import pyarrow.dataset as ds
import pytest

from veille.batch import LocalExecutor, load_batch, run_batch
from veille.batch.tables import TABLES
from veille.settings import Settings
from veille.store import Store
from tests.conftest import SHARED

pytestmark = pytest.mark.spark
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    if os.environ.get("CI"):
        raise RuntimeError("java is missing: .ci/run installs openjdk-17-jre-headless with apt-get")
    pytest.skip("no Java on this machine (apt-get install openjdk-17-jre-headless)", allow_module_level=True)
if os.environ.get("CI"):
    import pyspark  # noqa: F401  (CI installs veille[spark]: the test must run there)
else:
    pytest.importorskip("pyspark")


def rows(folder, table):
    data = ds.dataset(folder / table, format="parquet", partitioning="hive" if table != "problems" else None)
    return sorted(json.dumps({k: v for k, v in row.items() if k != "ingested_at"}, sort_keys=True, default=str)
                  for row in data.to_table().to_pylist())


@pytest.fixture(scope="module")
def outputs(archive, tmp_path_factory):
    from veille.batch.spark import SparkExecutor

    folder = tmp_path_factory.mktemp("engines")
    settings = Settings()
    dev = SHARED / "corpus" / "dev" / "articles.jsonl"
    inputs = [str(archive)] + ([str(dev)] if dev.is_file() else [])
    local = LocalExecutor(workers=2)
    try:
        run_batch(inputs, folder / "local", settings, local)
    finally:
        local.close()
    spark = SparkExecutor("local[2]")
    try:
        report = run_batch(inputs, folder / "spark", settings, spark)
    finally:
        spark.close()
    assert report.engine == "spark" and report.duplicates >= 1 and report.failed == 1
    return folder / "local", folder / "spark"


@pytest.mark.parametrize("table", sorted(TABLES))
def test_spark_writes_the_same_rows_as_the_local_engine(outputs, table):
    local, spark = outputs
    assert rows(local, table) == rows(spark, table)
    assert sorted(ds.dataset(local / table, partitioning="hive").schema.names) == \
        sorted(ds.dataset(spark / table, partitioning="hive").schema.names)


def test_the_spark_output_loads_into_a_store(outputs, tmp_path):
    _, spark = outputs
    with Store.open(tmp_path / "spark.db") as store:
        report = load_batch(spark, store)
        assert report.clusters == "batch" and report.articles > 8
        assert store.timeline() and store.stories()


def test_spark_executors_link_the_entities_a_user_imported(imported_person, tmp_path):
    """The imported KB records travel with the job as plain data and reach the Python workers."""
    from veille.batch.spark import SparkExecutor
    from veille.kb.wikidata import read_dump

    dump, news = imported_person
    spark = SparkExecutor("local[1]")
    try:
        run_batch([str(news)], tmp_path / "out", Settings(), spark, imported=list(read_dump(dump)))
    finally:
        spark.close()
    mentions = ds.dataset(tmp_path / "out" / "mentions", format="parquet", partitioning="hive").to_table()
    assert ("Octave Ravenel-Test", "Q99990021") in {(row["text"], row["entity_id"]) for row in mentions.to_pylist()}


def test_a_record_whose_analysis_raises_on_a_spark_worker_is_a_problem_row_and_the_others_are_written(tmp_path,
                                                                                                      monkeypatch):
    """The same isolation as the local engine's (tests/batch/test_failures.py), in Spark's own Python
    workers: a monkeypatch in this process does not reach them, so the workers' interpreter is
    started through a wrapper whose sitecustomize makes the event stage raise for one record."""
    import stat
    import sys

    from tests.conftest import synthetic_article, write_jsonl
    from veille.batch.spark import SparkExecutor

    inject = tmp_path / "inject"
    inject.mkdir()
    (inject / "sitecustomize.py").write_text(
        "from veille.nlp import events as _events\n"
        "_original = _events.EventExtractor.events\n"
        "def _events_or_raise(self, model=None):\n"
        "    if 'Zorglub' in self.doc.article.clean_text:\n"
        "        raise ValueError('not a day')\n"
        "    return _original(self, model)\n"
        "_events.EventExtractor.events = _events_or_raise\n", encoding="utf-8")
    wrapper = tmp_path / "python-with-a-bug"
    wrapper.write_text(f'#!/bin/sh\nPYTHONPATH="{inject}${{PYTHONPATH:+:$PYTHONPATH}}" exec "{sys.executable}" "$@"\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PYSPARK_PYTHON", str(wrapper))
    rows_in = [{"id": f"a{k}", "text": synthetic_article(300 + k) + (" Zorglub a parlé." if k == 2 else "")}
               for k in range(4)]
    archive = write_jsonl(tmp_path / "archive.jsonl", rows_in)
    spark = SparkExecutor("local[1]")
    try:
        report = run_batch([str(archive)], tmp_path / "out", Settings(), spark)
    finally:
        spark.close()
    assert (report.articles, report.failed) == (3, 1)
    problems = ds.dataset(tmp_path / "out" / "problems", format="parquet").to_table().to_pylist()
    assert problems == [{"where": f"{archive}:line 3", "kind": "failed",
                         "reason": "analysis failed in stage 'events': ValueError: not a day"}]
