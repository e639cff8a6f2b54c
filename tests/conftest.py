"""Shared fixtures: a settings object and store in a temporary folder, one shared spaCy pipeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

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
