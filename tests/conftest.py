"""Shared fixtures: a settings object and store in a temporary folder, one shared spaCy pipeline."""

from __future__ import annotations

import json
import os
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from veille import cache
from veille.cli import main
from veille.pipeline import default_pipeline
from veille.settings import Settings
from veille.store import Store

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "dispatches"
SHARED = ROOT.parent / "shared"

CITIES = ["Genève", "Vienne", "Berlin", "Madrid", "Rome", "Lisbonne", "Varsovie", "Prague", "Oslo", "Dublin"]
TOPICS = ["la sécurité alimentaire", "le climat", "la guerre en Ukraine", "le commerce", "l'énergie"]


def synthetic_article(n: int) -> str:
    """A short, unique French dispatch written for tests (never taken from a real outlet)."""
    city = CITIES[n % len(CITIES)]
    topic = TOPICS[n % len(TOPICS)]
    return (
        f"Réunion numéro {n} à {city}\n\n"
        f"Les ministres des Affaires étrangères de {n % 7 + 2} pays se sont réunis mardi à {city} "
        f"pour discuter de {topic}, a annoncé le ministère dans un communiqué. "
        f"Ils ont convenu de se retrouver dans {n % 11 + 2} semaines pour un nouveau cycle de discussions.\n\n"
        f"« Nous avons progressé », a déclaré le chef de la délégation française à l'issue de la séance {n}."
    )


@pytest.fixture(scope="session", autouse=True)
def cache_folder(tmp_path_factory):
    """The run's own cache folder (veille/cache.py), empty at its start, for the tests and the
    processes they start: no result may depend on what an earlier run or the user left cached."""
    with pytest.MonkeyPatch.context() as patch:
        folder = tmp_path_factory.mktemp("cache")
        patch.setenv(cache.ENVIRONMENT, str(folder))
        yield folder


def nest_folders(top: Path, depth: int, text: str) -> None:
    """``top``/a/a/…/a/x.txt, ``depth`` folders deep, made one level at a time (a long path is refused
    by the system before PATH_MAX, a folder file descriptor is not); remove it with remove_nested."""
    top.mkdir()
    fd = os.open(top, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir("a", dir_fd=fd)
            inner = os.open("a", os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        with open(os.open("x.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w", encoding="utf-8") as stream:
            stream.write(text)
    finally:
        os.close(fd)


def remove_nested(top: Path) -> None:
    """Remove what nest_folders made. shutil.rmtree recurses once a level: pytest's own cleanup of old
    temporary folders would end every later session in a RecursionError. The inner folder is moved up
    instead, one level at a time."""
    while inner := [entry for entry in top.iterdir() if entry.is_dir() and not entry.is_symlink()]:
        [inner] = inner
        lifted = inner.rename(top.parent / f"{top.name}.lifted")
        shutil.rmtree(top)
        lifted.rename(top)
    shutil.rmtree(top)


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(db=str(tmp_path / "veille.db"))


@pytest.fixture
def store(settings):
    store = Store.open(settings.db)
    yield store
    store.close()


@pytest.fixture(scope="session")
def pipeline():
    """One initialised pipeline (one spaCy model in memory) for the whole test session."""
    pipe = default_pipeline()
    pipe.initialize(Settings())
    return pipe


@pytest.fixture
def cli(tmp_path, monkeypatch):
    """Run veille in-process: cli("ingest", "x.txt") → click Result, with --db in tmp_path by default."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("VEILLE_DB", str(tmp_path / "veille.db"))
    runner = CliRunner()

    def run(*args: str, input: bytes | str | None = None):
        return runner.invoke(main, list(args), input=input, catch_exceptions=False)

    return run


def write_jsonl(path: Path, rows: list) -> Path:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return path


def write_clusters(path: Path | str, n: int, *, story: str = "s1") -> None:
    """A store of ``n`` event clusters written straight into its tables (no analysis, no clustering:
    cheap at any size). Cluster k (c0001…) is Vladimir Putin meeting Joe Biden in Geneva on day k
    from 2021-06-01, reported by one article with a web address; all of them make one story."""
    with Store.open(path) as store, store.transaction():
        conn = store.conn
        conn.execute("INSERT INTO stories (id, name, created_at, key) VALUES (?, 'Russia – United States', '', 'RU+US')",
                     [story])
        conn.executemany("INSERT INTO entities (id, name, type, wikidata, country) VALUES (?, ?, 'person', ?, ?)",
                         [("Q7747", "Vladimir Putin", "Q7747", "RU"), ("Q6279", "Joe Biden", "Q6279", "US")])
        for k in range(1, n + 1):
            _write_cluster(conn, k, story)
        conn.execute("UPDATE stories SET n_events = ?, first_seen = '2021-06-02', last_seen = ?", [n, _day(n)])


def _day(k: int) -> str:
    return (date(2021, 6, 1) + timedelta(days=k)).isoformat()


def _write_cluster(conn, k: int, story: str) -> None:
    day, text = _day(k), f"Vladimir Poutine a rencontré Joe Biden à Genève, réunion numéro {k}."
    actors = [{"id": "Q7747", "name": "Vladimir Putin", "role": "source"},
              {"id": "Q6279", "name": "Joe Biden", "role": "target"}]
    conn.execute("""INSERT INTO articles (id, source, url, outlet, title, published, language, status, raw_text,
                    clean_text, ingested_at, main_event_id) VALUES (?, 'many.jsonl', ?, 'Le Test', ?, ?, 'fr',
                    'analysed', ?, ?, ?, ?)""",
                 (f"a{k:04}", f"https://example.org/{k}", f"Réunion {k}", day, text, text, f"{day}T08:00:00+00:00",
                  f"e{k:04}"))
    conn.execute("INSERT INTO sentences (article_id, idx, start, end) VALUES (?, 0, 0, ?)", (f"a{k:04}", len(text)))
    conn.execute("""INSERT INTO event_clusters (id, type, mode, date, date_precision, city, country, topics, actors,
                    n_events, n_articles, n_sources, n_outlets, first_seen, last_seen, story_id)
                    VALUES (?, 'CONSULT', NULL, ?, 'day', 'Geneva', 'Switzerland', '[]', ?, 1, 1, 1, 1, ?, ?, ?)""",
                 (f"c{k:04}", day, json.dumps(actors), day, day, story))
    conn.execute("""INSERT INTO events (id, article_id, type, date, date_precision, city, country, is_main, cluster_id,
                    cameo) VALUES (?, ?, 'CONSULT', ?, 'day', 'Geneva', 'Switzerland', 1, ?, '04')""",
                 (f"e{k:04}", f"a{k:04}", day, f"c{k:04}"))
    for position, actor in enumerate(actors):
        conn.execute("INSERT INTO event_actors (event_id, position, entity_id, name, role) VALUES (?, ?, ?, ?, ?)",
                     (f"e{k:04}", position, actor["id"], actor["name"], actor["role"]))
    conn.execute("INSERT INTO event_evidence (event_id, article_id, start, end) VALUES (?, ?, 0, ?)",
                 (f"e{k:04}", f"a{k:04}", len(text)))
