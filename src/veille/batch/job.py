"""`veille batch`: the whole pipeline over an archive, on any executor, into Parquet tables.

read files → drop repeated articles → analyse (the ingest pipeline) → cluster (batch/linking.py)
→ write the tables of batch/tables.py under OUTPUT, then a manifest (``batch.json``).

Everything is written under a sibling folder first and moved into place at the end, so OUTPUT is
either absent or complete: a killed run leaves nothing half-written, and re-running it starts
over. Inputs are files on a file system every worker can read (a shared or mounted one).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from functools import partial
from importlib.metadata import version
from pathlib import Path

from ..errors import ConfigError, InputError
from ..ingest.records import Skipped
from ..ingest.sources import STDIN, expand_inputs
from ..settings import Settings
from . import linking
from .analyse import Context, Problem, analyse_records, read_units
from .executor import Executor

MANIFEST = "batch.json"
FORMAT = 1  # version of the output layout, checked by `veille load`
PROBLEMS_SHOWN = 100


@dataclass
class BatchReport:
    engine: str
    articles: int = 0
    duplicates: int = 0
    unsupported_language: int = 0
    events: int = 0
    event_clusters: int = 0
    news_clusters: int = 0
    skipped: int = 0
    failed: int = 0
    problems: list[dict] = field(default_factory=list)  # the first PROBLEMS_SHOWN, as table rows

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def run_batch(inputs: list[str], output: str | Path, settings: Settings, executor: Executor, *,
              overwrite: bool = False, imported: Iterable[dict] = ()) -> BatchReport:
    """Analyse and cluster ``inputs`` into Parquet tables under ``output``. ``imported``: the KB
    records a user imported (``Store.kb_records()``), linked against as `veille ingest` does."""
    output = Path(output)
    imported = tuple(imported)
    _check_output(output, overwrite)
    units, problems = _units(inputs)
    if not units:  # nothing to read: say why rather than write an empty output
        first = next((p for p in problems if p.kind == "failed"), problems[0] if problems else None)
        raise InputError(first.where, first.reason) if first else InputError(" ".join(inputs), "no input files")
    # The engine runs the partitions in parallel; inside one, spaCy runs in its worker process.
    context = Context(replace(settings, workers=1), datetime.now(timezone.utc).isoformat(timespec="seconds"),
                      imported=imported)
    partial_output = output.with_name(f".{output.name}.partial")
    shutil.rmtree(partial_output, ignore_errors=True)
    partial_output.mkdir(parents=True)
    report = BatchReport(engine=executor.name)
    ex = executor

    read = ex.persist(ex.map_partitions(ex.parallelize(list(enumerate(units)), len(units)),
                                        partial(read_units, context=context)))
    problem_rows = ex.persist(ex.union(ex.parallelize([p.row() for p in problems], 1),
                                       ex.flat_map(read, lambda kv: [kv[1].row()] if kv[0] == "problem" else [])))
    records = ex.flat_map(read, lambda kv: [kv[1]] if kv[0] == "record" else [])
    unique = ex.persist(ex.reduce_by_key(records, _first_read))
    report.duplicates = ex.count(records) - ex.count(unique)
    analysed = ex.persist(ex.map_partitions(ex.rebalance(ex.flat_map(unique, lambda kv: [kv[1][1]])),
                                            partial(analyse_records, context=context)))

    problem_rows = ex.persist(ex.union(problem_rows, ex.flat_map(
        analysed, lambda result: [result["problem"]] if result["problem"] else [])))
    inputs_ = ex.flat_map(analysed, lambda result: [result["cluster"]] if result["cluster"] else [])
    assigned, linked, records_ = linking.cluster(ex, inputs_)
    articles = ex.persist(ex.flat_map(ex.left_join(_rows(ex, analysed, "articles", "article_id"), assigned),
                                      _filled))
    events = ex.persist(ex.flat_map(ex.left_join(_rows(ex, analysed, "events", "event_id"), linked), _filled))
    clusters = ex.persist(ex.flat_map(records_, lambda record: [linking.summary_row(record)]))
    tables = {"articles": articles, "events": events, "event_clusters": clusters, "problems": problem_rows,
              "mentions": ex.flat_map(analysed, lambda result: result["tables"]["mentions"]),
              "evidence": ex.flat_map(analysed, lambda result: result["tables"]["evidence"]),
              "profiles": ex.flat_map(analysed, _profile_rows)}
    for name, data in tables.items():
        ex.write(data, partial_output / name, name)

    report.articles = ex.count(articles)
    report.unsupported_language = ex.count(ex.flat_map(
        articles, lambda row: [1] if row["status"] == "unsupported_language" else []))
    report.events = ex.count(events)
    report.event_clusters = ex.count(clusters)
    report.news_clusters = ex.count(ex.reduce_by_key(
        ex.flat_map(articles, lambda row: [(row["news_cluster_id"], 1)] if row["news_cluster_id"] else []),
        lambda a, b: a))
    kinds = dict(ex.take(ex.reduce_by_key(ex.flat_map(problem_rows, lambda row: [(row["kind"], 1)]),
                                          lambda a, b: a + b), 10))
    report.skipped, report.failed = kinds.get("skipped", 0), kinds.get("failed", 0)
    report.problems = ex.take(problem_rows, PROBLEMS_SHOWN)
    _write_manifest(partial_output, inputs, settings, report, len(imported))
    _move_into_place(partial_output, output)
    return report


def _check_output(output: Path, overwrite: bool) -> None:
    if output.exists() and not output.is_dir():
        raise ConfigError(f"{output}: exists and is not a folder")
    if output.is_dir() and any(output.iterdir()):
        if not overwrite:
            raise ConfigError(f"{output}: already exists and is not empty (give --overwrite to replace it)")
        if not (output / MANIFEST).is_file():
            raise ConfigError(f"{output}: is not a veille batch output; --overwrite only replaces one")


def _units(inputs: list[str]) -> tuple[list[str], list[Problem]]:
    units, problems = [], []
    for item in expand_inputs(inputs):
        if item == STDIN:
            problems.append(Problem("<stdin>", "failed", "veille batch reads files; save the stream to a file"))
        elif isinstance(item, Skipped):
            problems.append(Problem(item.where, "skipped", item.reason))
        elif isinstance(item, InputError):
            problems.append(Problem(item.where, "failed", item.reason))
        else:
            units.append(str(Path(item).resolve()))
    return units, problems


def _first_read(a, b):
    """Of two reads of one article, the one that came first (input order, then position)."""
    return a if a[0] <= b[0] else b


def _rows(ex, analysed, table: str, key: str):
    return ex.flat_map(analysed, lambda result: [(row[key], row) for row in result["tables"][table]])


def _filled(kv):
    _, (row, assignment) = kv
    yield {**row, **(assignment or {})}


def _profile_rows(result):
    found = result["cluster"]
    if found:
        article = result["tables"]["articles"][0]
        yield {"article_id": result["id"], "profile": json.dumps(found["profile"].to_json(), ensure_ascii=False,
                                                                 sort_keys=True),
               "minhash": found["minhash"], "bands": found["bands"], "month": article["month"]}


def _write_manifest(folder: Path, inputs: list[str], settings: Settings, report: BatchReport,
                    imported: int) -> None:
    manifest = {"format": FORMAT, "veille": version("veille"), "engine": report.engine,
                "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "inputs": list(inputs), "spacy_model": settings.spacy_model, "kb_imported": imported,
                "counts": {k: v for k, v in report.as_dict().items() if isinstance(v, int)}}
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _move_into_place(partial_output: Path, output: Path) -> None:
    """The complete output replaces OUTPUT (an earlier batch output, with --overwrite) in two renames."""
    previous = output.with_name(f".{output.name}.previous")
    shutil.rmtree(previous, ignore_errors=True)
    if output.exists():
        output.rename(previous)
    partial_output.rename(output)
    shutil.rmtree(previous, ignore_errors=True)
