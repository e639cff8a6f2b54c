"""What every command shares: the error type, the state object, common options, output helpers."""

from __future__ import annotations

import functools
import json
import sys
from dataclasses import dataclass
from typing import Any

import click
from rich.console import Console

from ..settings import Settings
from ..store import Store

stdout = Console(soft_wrap=False)
# A count of rows (--limit, --offset): SQLite's integers end at 2**63 - 1, and a larger one ended the
# command in an internal error (OverflowError) instead of a usage error.
COUNT = click.IntRange(min=0, max=2**63 - 1)
stderr = Console(stderr=True)


class CliError(click.ClickException):
    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file=None) -> None:
        click.echo(f"veille: error: {self.format_message()}", err=True)


@dataclass
class State:
    debug: bool = False
    settings: Settings | None = None


def db_option(command):
    """--db PATH, shared by every command that opens the store."""
    return click.option(
        "--db", "db", metavar="PATH", envvar="VEILLE_DB", show_envvar=True,
        help="The veille database file (default: ./veille.db).",
    )(command)


def format_option(command):
    return click.option(
        "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
        help="table for people, json (a JSON array or object) for programs.",
    )(command)


def settings_from(ctx: click.Context, **overrides: Any) -> Settings:
    return ctx.obj.settings.with_overrides(**overrides)


def open_store(ctx: click.Context, db: str | None, *, read_only: bool = True) -> Store:
    settings = settings_from(ctx, db=db)
    store = Store.open(settings.db, read_only=read_only)
    ctx.call_on_close(store.close)
    return store


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def with_settings(command):
    """Pass the resolved Settings object (after veille.toml and environment) as `settings`."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        return command(*args, settings=click.get_current_context().obj.settings, **kwargs)

    return wrapper
