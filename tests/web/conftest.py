"""A store built once from the bundled example data plus one hostile article, and in-process clients."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import EXAMPLES, write_clusters
from veille.incremental import ingest, ingest_records
from veille.models import Record
from veille.settings import Settings
from veille.store import Store
from veille.web import ServeConfig, create_app

SCRIPT = "<script>alert('xss')</script>"
MANY = 620  # event clusters in many_db: more than a page of 500, so that an export must hold them all
TEST_HOSTS = ("testserver",)  # the name Starlette's test client sends
ATTRIBUTE = '" onmouseover="alert(1)" x="'
HOSTILE_TEXT = (
    f"Le président Emmanuel Macron a reçu mardi à Paris le chancelier Olaf Scholz {SCRIPT} pour un dîner de travail "
    f"consacré à l'énergie {ATTRIBUTE}.\n\n"
    "Les deux dirigeants se sont entretenus pendant trois heures, a indiqué l'Elysée dans un communiqué."
)


@pytest.fixture(scope="session")
def web_db(tmp_path_factory, pipeline) -> str:
    path = tmp_path_factory.mktemp("web") / "veille.db"
    settings = Settings(db=str(path))
    with Store.open(path) as store:
        ingest([str(EXAMPLES)], store, settings, pipeline=pipeline)
        hostile = Record(source="hostile.jsonl", locator="line 1", text=HOSTILE_TEXT, external_id="hostile",
                         title=f"Macron et Scholz {SCRIPT}", url="javascript:alert(document.cookie)",
                         outlet=f"evil{ATTRIBUTE}", published="2024-02-06")
        ingest_records([hostile], store, settings, pipeline=pipeline)
    return str(path)


@pytest.fixture(scope="session")
def client(web_db) -> TestClient:
    with TestClient(create_app(ServeConfig(db=web_db, allowed_hosts=TEST_HOSTS)), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def hostile_id(web_db) -> str:
    with Store.open(web_db, read_only=True) as store:
        return store.conn.execute("SELECT id FROM articles WHERE external_id = 'hostile'").fetchone()[0]


@pytest.fixture(scope="session")
def many_db(tmp_path_factory) -> str:
    """MANY event clusters, one story (s1), all with Vladimir Putin (Q7747): written straight into the
    tables (tests/conftest.py write_clusters), no analysis."""
    path = tmp_path_factory.mktemp("many") / "veille.db"
    write_clusters(path, MANY)
    return str(path)


@pytest.fixture(scope="session")
def many_client(many_db) -> TestClient:
    with TestClient(create_app(ServeConfig(db=many_db, allowed_hosts=TEST_HOSTS)), raise_server_exceptions=False) as test_client:
        yield test_client
