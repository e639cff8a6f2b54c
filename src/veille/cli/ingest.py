"""`veille ingest PATH...`"""

from __future__ import annotations

from collections import Counter

import click
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from ..errors import one_line
from ..incremental import IngestReport, ingest
from ..store import Store
from . import main
from .base import CliError, db_option, emit_json, settings_from, stderr


@main.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--workers", type=click.IntRange(min=1), help="Processes for page extraction and spaCy (default 1).")
@click.option("--batch-size", type=click.IntRange(min=1), help="Articles per spaCy batch.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="Summary as text or as a JSON object.")
@click.pass_context
def ingest_command(ctx, paths, db, workers, batch_size, fmt):
    """Ingest articles from files, folders, globs or - (stdin): .txt, .jsonl, .html, .warc(.gz).

    Each article is stored once, however often it is given. A run can be killed at any moment
    and re-run: it completes the work without duplicates. Exits 1 if any input failed.
    """
    settings = settings_from(ctx, db=db, workers=workers, batch_size=batch_size)
    store = Store.open(settings.db)
    ctx.call_on_close(store.close)
    counts: Counter[str] = Counter()
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=stderr, transient=True) as progress:
        task = progress.add_task("reading")

        def on_record(status: str) -> None:
            counts[status] += 1
            progress.update(task, description=", ".join(f"{n} {s}" for s, n in sorted(counts.items())))

        report = ingest(paths, store, settings, on_record=on_record)
    if fmt == "json":
        emit_json(report.as_dict())
    else:
        _print_report(report, settings.db)
    if not report.ok:
        raise CliError(f"{len(report.failed)} input(s) failed; the others were ingested", 1)


def _print_report(report: IngestReport, db: str) -> None:
    # one line each, whatever the names hold (a newline in a file name could forge a line)
    for where, reason in report.skipped:
        click.echo(f"skipped: {one_line(where)}: {one_line(reason)}", err=True)
    for where, reason in report.failed:
        click.echo(f"failed: {one_line(where)}: {one_line(reason)}", err=True)
    parts = [f"{report.new} new", f"{report.duplicate} duplicate", f"{len(report.skipped)} skipped",
             f"{len(report.failed)} failed"]
    if report.unsupported_language:
        parts.append(f"{report.unsupported_language} stored unanalysed (language not supported)")
    click.echo(f"{db}: " + ", ".join(parts))
