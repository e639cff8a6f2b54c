"""`veille kb show` and `veille kb import`: what the knowledge base knows, and growing it."""

from __future__ import annotations

from datetime import date

import click
from rich.text import Text

from ..errors import InputError, NotFound, StoreError
from ..kb.base import KnowledgeBase
from ..kb.load import entity_from_record
from ..kb.wikidata import read_dump
from ..nlp.link import Linker
from ..store import Store
from . import main
from .base import CliError, db_option, emit_json, format_option, settings_from, stdout


@main.group("kb")
def kb_group():
    """The knowledge base: people and their offices over time, countries, organisations, places."""


@kb_group.command("show")
@click.argument("name")
@click.option("--date", "on", metavar="YYYY-MM-DD", help="Resolve roles and offices on this day (default: today).")
@db_option
@format_option
@click.pass_context
def show_command(ctx, name, on, db, fmt):
    """What NAME (a name, alias or role phrase such as "le président américain") links to."""
    try:
        day = date.fromisoformat(on) if on else date.today()
    except ValueError:
        raise click.BadParameter(f"{on!r} is not a date (YYYY-MM-DD)", param_hint="--date") from None
    kb = KnowledgeBase.load(extra=_imported(ctx, db))
    result = Linker(kb).describe(name, day)
    if not result["entities"] and not result["summits"]:
        raise NotFound(f"nothing in the knowledge base is called {name!r}"
                       + (f" or holds that role on {day}" if result["via"] == "role" else ""))
    if fmt == "json":
        emit_json(result)
        return
    for entity in result["entities"]:
        stdout.print(Text.assemble((entity["name"], "bold"), f"  {entity['type']}  {entity['id']}",
                                   f"  ({entity['label_fr']})" if entity["label_fr"] else ""))
        for office in entity["offices"]:
            mark = "*" if office["held_on_date"] else " "
            stdout.print(Text(f"  {mark} {office['title'] or office['role']} ({office['of']}) "
                              f"{office['start'] or '?'} → {office['end'] or 'now'}"))
    for summit in result["summits"]:
        stdout.print(Text(f"{summit['start']} … {summit['end']}  {summit['name']}  {summit['city'] or ''}"))


@kb_group.command("import")
@click.argument("dump", type=click.Path(dir_okay=False))
@db_option
@click.pass_context
def import_command(ctx, dump, db):
    """Add entities from a Wikidata JSON dump (plain or .gz) to this database's knowledge base.

    Articles ingested afterwards are linked against them too. Exits 1 if some entity failed.
    """
    settings = settings_from(ctx, db=db)
    records, failed = [], []
    for item in read_dump(dump):
        (failed if isinstance(item, InputError) else records).append(item)
    for error in failed:
        click.echo(f"failed: {error}", err=True)
    store = Store.open(settings.db)
    ctx.call_on_close(store.close)
    count = store.import_kb_records(records, str(dump))
    click.echo(f"{settings.db}: {count} entities imported, {len(failed)} failed")
    if failed:
        raise CliError(f"{len(failed)} entit{'y' if len(failed) == 1 else 'ies'} of {dump} could not be read", 1)


def _imported(ctx, db):
    settings = settings_from(ctx, db=db)
    try:
        store = Store.open(settings.db, read_only=True)
    except StoreError:  # no database (yet): the shipped knowledge base alone
        return []
    with store:
        return [entity_from_record(r) for r in store.kb_records()]
