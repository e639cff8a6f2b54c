"""Real processes: a run killed with SIGKILL and resumed, and a reader beside a writer."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from tests.conftest import synthetic_article, write_jsonl

VEILLE = [sys.executable, "-m", "veille"]
ARTICLE_COLUMNS = ("id, external_id, source, url, outlet, title, published, published_source, language, "
                   "language_confidence, status, raw_text, clean_text, cluster_id, main_event_id")


def _env(**extra):
    return {**os.environ, "VEILLE_COMMIT_EVERY": "5", "VEILLE_BATCH_SIZE": "5", **extra}


def _snapshot(db):
    """Everything stored except ingestion timestamps, in a comparable form."""
    conn = sqlite3.connect(db)
    try:
        return {
            "articles": sorted(conn.execute(f"SELECT {ARTICLE_COLUMNS} FROM articles").fetchall()),
            "sentences": sorted(conn.execute("SELECT * FROM sentences").fetchall()),
            "mentions": sorted(conn.execute(
                "SELECT article_id, sentence_idx, start, end, text, label FROM mentions").fetchall()),
            "fts": conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'ministres'").fetchone(),
        }
    finally:
        conn.close()


def _count(db):
    if not db.exists():
        return 0
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:  # the schema is not created yet
        return 0
    finally:
        conn.close()


@pytest.fixture
def feed(tmp_path):
    return write_jsonl(tmp_path / "feed.jsonl", [{"id": f"s{n}", "text": synthetic_article(n)} for n in range(150)])


@pytest.mark.slow
def test_a_run_killed_midway_and_rerun_ends_like_an_uninterrupted_run(tmp_path, feed):
    reference, killed = tmp_path / "reference.db", tmp_path / "killed.db"
    subprocess.run([*VEILLE, "ingest", str(feed), "--db", str(reference)], env=_env(), check=True,
                   capture_output=True)
    process = subprocess.Popen([*VEILLE, "ingest", str(feed), "--db", str(killed)], env=_env(),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while _count(killed) < 20 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    stored = _count(killed)
    assert 0 < stored < 150, f"kill came at {stored} articles"
    resumed = subprocess.run([*VEILLE, "ingest", str(feed), "--db", str(killed), "--format", "json"],
                             env=_env(), check=True, capture_output=True, text=True)
    report = json.loads(resumed.stdout)
    assert report["duplicate"] == stored and report["new"] == 150 - stored
    assert _snapshot(killed) == _snapshot(reference)


@pytest.mark.slow
def test_readers_work_while_an_ingest_is_writing(tmp_path, feed):
    db = tmp_path / "shared.db"
    subprocess.run([*VEILLE, "ingest", str(feed), "--db", str(db)], env=_env(), check=True,
                   capture_output=True, input=b"")  # create the store with a first pass
    more = write_jsonl(tmp_path / "more.jsonl",
                       [{"id": f"m{n}", "text": synthetic_article(1000 + n)} for n in range(150)])
    writer = subprocess.Popen([*VEILLE, "ingest", str(more), "--db", str(db)], env=_env(),
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seen = []
    try:
        while writer.poll() is None:
            for command in (["articles", "--format", "json"], ["events", "--format", "json"], ["stats"]):
                result = subprocess.run([*VEILLE, *command, "--db", str(db)], capture_output=True, text=True,
                                        timeout=60)
                assert result.returncode == 0, result.stderr
                if command[0] == "articles":
                    seen.append(len(json.loads(result.stdout)))
    finally:
        writer.wait(timeout=300)
    assert writer.returncode == 0
    assert seen and seen == sorted(seen) and seen[0] >= 150
    assert _count(db) == 300
