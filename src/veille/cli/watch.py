"""`veille watch FEED...` and `veille feeds`."""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager

import click

from ..errors import one_line
from ..ingest.fetch import Fetcher, FetchPolicy
from ..incremental.watch import DEFAULT_INTERVAL, PollReport, Watcher, parse_interval, sources_from
from ..store import Store
from . import main
from .base import CliError, db_option, emit_json, format_option, open_store, settings_from, stdout


@main.command("watch")
@click.argument("feeds", nargs=-1)
@click.option("--sources", "sources_file", type=click.Path(dir_okay=False),
              help="TOML file of [[source]] tables: url, name, interval.")
@db_option
@click.option("--once", is_flag=True, help="Poll every feed once, then exit.")
@click.option("--interval", default=str(int(DEFAULT_INTERVAL)), show_default=True,
              help="Between two polls of a feed given on the command line: seconds, or 15m, 1h.")
@click.option("--delay", type=click.FloatRange(min=0), default=1.0, show_default=True,
              help="Seconds between two requests to the same host (politeness).")
@click.option("--allow-private", is_flag=True, help="Allow loopback and private addresses (local servers, tests).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="One line per poll, or one JSON object per line.")
@click.pass_context
def watch_command(ctx, feeds, sources_file, db, once, interval, delay, allow_private, fmt):
    """Poll RSS/Atom feeds (http(s) URLs or files) and ingest each new item's page.

    What was ingested is remembered in the database: a restarted watcher fetches only new items.
    Ctrl-C stops after the item in progress (a second Ctrl-C at once). Exits 1 when --once met
    a failure (a feed or an item that could not be read); the rest is ingested.
    """
    settings = settings_from(ctx, db=db)
    sources = sources_from(feeds, sources_file, parse_interval(interval, "--interval"))
    store = Store.open(settings.db)
    ctx.call_on_close(store.close)
    policy = FetchPolicy(host_delay=delay, allow_private=allow_private, max_bytes=settings.max_file_bytes)
    failures = 0

    def on_poll(report: PollReport) -> None:
        nonlocal failures
        failures += not report.ok
        _print_poll(report, fmt)

    stop = threading.Event()
    with Fetcher(policy, sleep=stop.wait) as fetcher, _stopping_on_signals(stop):  # Ctrl-C cuts waits short
        Watcher(store, settings, fetcher, stop=stop).run(sources, once=once, on_poll=on_poll)
    if stop.is_set():
        click.echo("veille: stopped; what was fetched is stored, the rest waits for the next run", err=True)
    elif once and failures:
        raise CliError(f"{failures} poll(s) met a failure; the rest was ingested", 1)


@contextmanager
def _stopping_on_signals(stop: threading.Event):
    """The first Ctrl-C (or SIGTERM) asks the watcher to stop between two items; a second one stops now."""
    def handler(signum, frame):
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        click.echo("veille: stopping after the item in progress (Ctrl-C again to stop now)", err=True)

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def _print_poll(report: PollReport, fmt: str) -> None:
    if fmt == "json":
        emit_json(report.as_dict())
        return
    for where, reason in report.problems:  # one line each, whatever a feed or a page holds
        click.echo(f"failed: {one_line(where)}: {one_line(reason)}", err=True)
    name = one_line(report.source.name or report.source.url)
    if report.status == "ok":
        click.echo(f"{name}: {report.items} items, {report.new_items} new: {report.stored} stored, "
                   f"{report.duplicate} duplicate, {len(report.problems)} failed")
    else:
        click.echo(f"{name}: {report.status.replace('_', ' ')}")


@main.command("feeds")
@db_option
@format_option
@click.pass_context
def feeds_command(ctx, db, fmt):
    """The feeds watched so far: last poll, its outcome, and how many items each gave."""
    feeds = open_store(ctx, db).feeds()
    if fmt == "json":
        emit_json(feeds)
        return
    if not feeds:
        click.echo("no feed polled yet (see `veille watch`)")
        return
    for feed in feeds:
        error = f" ({one_line(feed['last_error'])})" if feed["last_error"] else ""
        stdout.print(f"{one_line(feed['name'] or feed['url'])}  {one_line(feed['url'])}  last polled {feed['last_polled']}: "
                     f"{feed['last_status']}{error}; {feed['n_stored']} stored, {feed['n_failed']} failed",
                     markup=False, highlight=False, soft_wrap=True)
