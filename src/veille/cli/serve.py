"""`veille serve`: the JSON API and web UI over one store (read-only unless asked)."""

from __future__ import annotations

import asyncio
import sys

import click

from . import main
from .base import CliError, db_option, settings_from, stderr


@main.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; 0.0.0.0 exposes the server to the network.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--allowed-host", "allowed_hosts", multiple=True, metavar="NAME",
              help="A name the server answers to besides localhost, 127.0.0.1, ::1 and --host (repeatable).")
@click.option("--read-write", is_flag=True, help="Open the store as a writer (no endpoint writes yet).")
@click.option("--get", "path", metavar="PATH",
              help="Print the response to one request (e.g. /api/stats) without starting a server; exit 1 on an error status.")
@click.pass_context
def serve_command(ctx, db, host, port, allowed_hosts, read_write, path):
    """Browse events, stories, actors and sources in a web browser, or query the JSON API.

    Pages: / (latest), /timeline, /events/ID, /articles/ID, /actors/ID, /stories/ID; API under /api
    (OpenAPI docs at /docs)."""
    from ..web import ServeConfig, create_app

    settings = settings_from(ctx, db=db)
    hosts = {*ServeConfig.allowed_hosts, *(name.lower().strip("[]") for name in allowed_hosts)}
    if host not in ("0.0.0.0", "::"):
        hosts.add(host.lower().strip("[]"))
    app = create_app(ServeConfig(db=settings.db, read_write=read_write, time_limit_ms=settings.query_time_limit_ms,
                                 allowed_hosts=tuple(sorted(hosts))))
    if path:
        status, body = asyncio.run(_get(app, path))
        sys.stdout.write(body + ("" if body.endswith("\n") else "\n"))
        if status >= 400:
            raise click.exceptions.Exit(1)
        return
    import uvicorn

    stderr.print(f"veille: serving {settings.db} on http://{host}:{port}/ ({'read-write' if read_write else 'read-only'}); "
                 "Ctrl+C stops", style="dim")
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    except OSError as err:
        raise CliError(f"cannot listen on {host}:{port} ({err.strerror or err})") from None


async def _get(app, path: str) -> tuple[int, str]:
    import httpx

    if not path.startswith("/"):
        raise CliError(f"--get {path!r}: give a path starting with /")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://localhost") as client:
        response = await client.get(path)
    return response.status_code, response.text
