"""`veille load`: a batch output into the SQLite store, so that the CLI, the API and the UI read it.

Into an empty store, the batch's own clusters are adopted: every article, event and cluster keeps
the id and placement the batch gave it, and the clustering index is filled as if the articles had
been ingested, so that later `veille ingest` runs cluster new articles against them. Into a store
that already holds articles, the loaded articles are placed by the incremental clusterer, like
ingested ones, so that the store's clusters stay one consistent set.

The load is one transaction, read one month partition at a time: a killed load leaves the store as
it was, and loading the same output again adds nothing.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds

from ..cluster.events import EventItem
from ..cluster.profile import ArticleProfile
from ..clustering import ClusterReport, Clustering, Placement, publication_order
from ..errors import InputError
from ..kb.model import Entity
from ..store import Store
from .job import FORMAT, MANIFEST
from .tables import document_from_rows


@dataclass
class LoadReport:
    articles: int = 0  # new in the store
    already_stored: int = 0
    events: int = 0
    clusters: str = "batch"  # batch: the batch's clusters were adopted; incremental: placed like ingested ones

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def load_batch(folder: str | Path, store: Store) -> LoadReport:
    folder = Path(folder)
    read_manifest(folder)  # refuses what is not a complete batch output of a known format
    tables = {name: _dataset(folder, name) for name in ("articles", "mentions", "events", "evidence", "profiles")}
    report = LoadReport(clusters="batch" if store.count_articles() == 0 else "incremental")
    clustering = Clustering(store)
    touched = ClusterReport()
    with store.transaction():
        for month in _months(tables["articles"]):
            rows = {name: _month_rows(data, month, folder / name) for name, data in tables.items()}
            docs = _documents(rows)
            new = set(store.insert_documents(docs))
            report.articles += len(new)
            report.already_stored += len(docs) - len(new)
            report.events += sum(len(doc.events) for doc in docs if doc.article.id in new)
            if not new:
                continue
            if report.clusters == "batch":
                placed = clustering.adopt(_placements(rows, new))
                touched.event_clusters |= placed.event_clusters
                touched.news_clusters |= placed.news_clusters
            else:
                clustering.update(doc.article.id for doc in docs if doc.article.id in new)  # publication order
        if report.clusters == "batch":
            clustering.refresh(touched)
    return report


def read_manifest(folder: Path) -> dict:
    path = folder / MANIFEST
    if not folder.is_dir():
        raise InputError(str(folder), "no such folder")
    if not path.is_file():
        raise InputError(str(folder), f"not a veille batch output (no {MANIFEST}; was the batch run completed?)")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise InputError(str(path), f"cannot read the manifest ({err})") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("format"), int):
        raise InputError(str(path), "not a veille batch manifest")
    if manifest["format"] > FORMAT:
        raise InputError(str(path), f"written by a newer veille (format {manifest['format']}); upgrade veille")
    return manifest


def _dataset(folder: Path, name: str) -> ds.Dataset | None:
    path = folder / name
    if not path.is_dir():
        raise InputError(str(path), "missing table folder (the batch output is incomplete)")
    if not any(path.rglob("*.parquet")):
        return None  # an empty table: the engine wrote no file
    try:
        return ds.dataset(path, format="parquet", partitioning="hive")
    except (pa.ArrowException, OSError) as err:
        raise InputError(str(path), f"cannot read the Parquet table ({err})") from None


def _months(articles: ds.Dataset | None) -> list[str]:
    if articles is None:
        return []
    try:
        return sorted(set(articles.to_table(columns=["month"]).column("month").to_pylist()))
    except (pa.ArrowException, OSError) as err:
        raise InputError(str(articles.files[0]), f"cannot read the Parquet table ({err})") from None


def _month_rows(data: ds.Dataset | None, month: str, where: Path) -> list[dict]:
    if data is None:
        return []
    try:
        return data.to_table(filter=ds.field("month") == month).to_pylist()
    except (pa.ArrowException, OSError) as err:
        raise InputError(str(where), f"cannot read the Parquet table ({err})") from None


def _documents(rows: dict[str, list[dict]]):
    by_article: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for name in ("mentions", "events", "evidence"):
        for row in rows[name]:
            by_article[row["article_id"]][name].append(row)
    docs = []
    for article in sorted(rows["articles"], key=_arrival):
        parts = by_article[article["article_id"]]
        docs.append(document_from_rows(article, parts["mentions"], parts["events"], parts["evidence"], _entity))
    return docs


def _arrival(article: dict) -> tuple:
    return publication_order({"published": article["published"], "id": article["article_id"]})


def _entity(record: dict) -> Entity:
    return Entity(id=record["id"], type=record["type"], name=record["name"], country=record["country"],
                  wikidata=record["wikidata"])


def _placements(rows: dict[str, list[dict]], new: set[str]):
    articles = {row["article_id"]: row for row in rows["articles"]}
    events: dict[str, list] = defaultdict(list)
    for row in rows["events"]:
        if row["link"]:
            events[row["article_id"]].append((EventItem.from_json(json.loads(row["link"])), row["cluster_id"]))
    for row in sorted(rows["profiles"], key=lambda r: _arrival(articles[r["article_id"]])):
        article = articles[row["article_id"]]
        if row["article_id"] in new and article["news_cluster_id"]:
            yield Placement(profile=ArticleProfile.from_json(json.loads(row["profile"])), minhash=row["minhash"],
                            bands=list(row["bands"]), copy_of=article["copy_of"],
                            news_cluster=article["news_cluster_id"], events=events[row["article_id"]])
