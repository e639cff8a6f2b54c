"""`veille export`"""

from __future__ import annotations

import sys

import click

from ..export import FORMATS, TABLES, export
from . import main
from .base import db_option, open_store


@main.command("export")
@db_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True, help="Output format.")
@click.option("--table", type=click.Choice(TABLES), default="events", show_default=True)
@click.option("--output", "-o", metavar="FILE", help="Write to FILE (atomically); default or '-': standard output.")
@click.pass_context
def export_command(ctx, db, fmt, table, output):
    """Export events or articles as CSV, JSON Lines or Parquet, or real-world events as GDELT 2.0 event rows."""
    store = open_store(ctx, db)
    output = None if output == "-" else output  # the usual name of standard output, never a file named "-"
    count = export(store, table, fmt, output if output else sys.stdout)
    if output:
        click.echo(f"{output}: {count} {table}", err=True)
