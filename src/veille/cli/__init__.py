"""veille's command line: each command opens the store and calls one core function."""

from __future__ import annotations

import sys

import click

from ..errors import VeilleError
from ..settings import load_settings
from .base import CliError, State


class VeilleGroup(click.Group):
    """Turns every error into one line on stderr and a non-zero exit; never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except VeilleError as err:
            raise CliError(str(err), err.exit_code) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            raise CliError("interrupted (what was committed is kept; re-run to complete)", 130) from None
        except BrokenPipeError:
            sys.stderr.close()  # the reader went away (e.g. `| head`); nothing left to say
            raise click.exceptions.Exit(0) from None
        except Exception as err:  # a bug: still one line, with a way to see more
            if ctx.obj is not None and ctx.obj.debug:
                raise
            raise CliError(f"internal error: {type(err).__name__}: {err} (re-run with --debug for details)", 70) from None


@click.group(cls=VeilleGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="veille")
@click.option("--config", type=click.Path(dir_okay=False), help="Settings file (default: ./veille.toml if present).")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
@click.pass_context
def main(ctx: click.Context, config: str | None, debug: bool) -> None:
    """veille: turn French news into a deduplicated database of political events."""
    ctx.obj = State(debug=debug)
    try:
        ctx.obj.settings = load_settings(config)
    except VeilleError as err:
        raise CliError(str(err), err.exit_code) from None


from . import batch, browse, clusters, evaluate, export, ingest, kb, serve, watch  # noqa: E402  (commands register on `main`)

__all__ = ["main", "batch", "browse", "clusters", "evaluate", "export", "ingest", "kb", "serve", "watch"]
