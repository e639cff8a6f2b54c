"""`veille batch INPUT... --output DIR` and `veille load DIR`.

The batch engines (pyarrow's datasets, pandas) are imported by these commands alone: every other
command would pay for them at start-up.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import one_line
from ..store import Store
from . import main
from .base import CliError, db_option, emit_json, settings_from

if TYPE_CHECKING:
    from ..batch import BatchReport


@main.command("batch")
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False),
              help="Folder for the Parquet tables (created; must not exist unless --overwrite).")
@click.option("--engine", type=click.Choice(["local", "spark"]), default="local", show_default=True,
              help="local: this machine; spark: Apache Spark (pip install 'veille[spark]').")
@click.option("--master", metavar="URL", help="Spark master (local[4], spark://host:7077, yarn…); "
              "default: the one spark-submit gives, else local[*].")
@click.option("--workers", type=click.IntRange(min=1), help="local engine: processes (default 1).")
@click.option("--overwrite", is_flag=True, help="Replace an earlier batch output in OUTPUT.")
@click.option("--db", "db", metavar="PATH", envvar="VEILLE_DB", show_envvar=True,
              help="The database whose imported entities (veille kb import) the analysis links against "
                   "(default: ./veille.db, when there is one); nothing is written to it.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="Summary as text or as a JSON object.")
@click.pass_context
def batch_command(ctx, inputs, output, engine, master, workers, overwrite, db, fmt):
    """Analyse and cluster an archive (.jsonl, .warc(.gz), .html, .txt files and folders) into
    Parquet tables: articles, mentions, events, evidence, event_clusters, profiles, problems.

    OUTPUT appears only once complete. Load it into a database with `veille load OUTPUT`, or
    query it directly (docs/batch.md). Entities imported into the database with `veille kb import`
    are linked as `veille ingest` links them. Exits 1 if any input failed.
    """
    from ..batch import executor_for, run_batch

    if master and engine != "spark":
        raise CliError("--master is for --engine spark", 2)
    settings = settings_from(ctx, db=db, workers=workers)
    imported = _imported(settings.db)
    executor = executor_for(engine, workers=settings.workers, master=master)
    try:
        report = run_batch(list(inputs), output, settings, executor, overwrite=overwrite, imported=imported)
    finally:
        executor.close()
    if fmt == "json":
        emit_json(report.as_dict())
    else:
        _print_report(report, output)
    if report.failed:
        raise CliError(f"{report.failed} input(s) failed; the others were analysed", 1)


def _imported(db: str) -> list[dict]:
    """The KB records imported into the database (none when there is no database there yet)."""
    if not Path(db).exists():
        return []
    with Store.open(db, read_only=True) as store:
        return store.kb_records()


def _print_report(report: BatchReport, output: str) -> None:
    for problem in report.problems:
        click.echo(f"{problem['kind']}: {one_line(problem['where'])}: {one_line(problem['reason'])}", err=True)
    shown = len(report.problems)
    if report.skipped + report.failed > shown:
        click.echo(f"… and {report.skipped + report.failed - shown} more in {output}/problems", err=True)
    parts = [f"{report.articles} articles", f"{report.duplicates} duplicate", f"{report.skipped} skipped",
             f"{report.failed} failed", f"{report.events} events", f"{report.event_clusters} event clusters",
             f"{report.news_clusters} news clusters"]
    if report.unsupported_language:
        parts.append(f"{report.unsupported_language} unanalysed (language not supported)")
    click.echo(f"{output} ({report.engine} engine): " + ", ".join(parts))


@main.command("load")
@click.argument("folder", type=click.Path(file_okay=False))
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="Summary as text or as a JSON object.")
@click.pass_context
def load_command(ctx, folder, db, fmt):
    """Load a `veille batch` output into the database, for the CLI, the API and the web UI.

    Into an empty database the batch's clusters are kept; into one that holds articles already,
    the loaded ones are clustered like ingested ones. Loading twice adds nothing.
    """
    from ..batch import load_batch

    settings = settings_from(ctx, db=db)
    store = Store.open(settings.db)
    ctx.call_on_close(store.close)
    report = load_batch(folder, store)
    if fmt == "json":
        emit_json({"db": settings.db, **report.as_dict()})
        return
    how = "batch clusters kept" if report.clusters == "batch" else "clustered with the stored articles"
    click.echo(f"{settings.db}: {report.articles} articles loaded ({report.events} events), "
               f"{report.already_stored} already stored; {how}")
