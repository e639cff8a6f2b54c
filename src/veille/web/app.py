"""The FastAPI application of `veille serve`: a JSON API under /api and HTML pages, one data builder
per page (pages.py), read-only by default, every request bounded in time.

    app = create_app(ServeConfig(db="veille.db"))

Errors have one shape: ``{"error": {"status": 404, "code": "not_found", "message": "..."}}`` for the
API, the same fields on an HTML page for the UI.
"""

from __future__ import annotations

import os
import queue
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlencode

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from pydantic import StringConstraints
from starlette.exceptions import HTTPException

from ..cluster.events import describe_inference
from ..dates import period
from ..errors import ConfigError, NotFound, QueryInterrupted, StoreError, VeilleError
from ..kb.base import country_filter
from ..models import EVENT_TYPES
from ..render import date_explained, event_date, participant_parts, reported
from ..store import Store
from ..store.browse import SORTS
from ..vocabulary import known_mode, known_topic, known_type, topic_tags
from . import charts, pages, schemas

HERE = Path(__file__).parent
PROGRESS_STEPS = 200  # SQLite VM steps between two checks of a request's deadline
POOL_SIZE = 16  # idle connections kept open (more requests than this at once open more)
MMAP_BYTES = 1 << 30  # reads of the file go through the OS page cache, shared by all connections
SECURITY_HEADERS = {
    "Content-Security-Policy": ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
# Swagger UI sets style attributes from its scripts; only /docs allows them.
DOCS_CSP = SECURITY_HEADERS["Content-Security-Policy"].replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


@dataclass(frozen=True)
class ServeConfig:
    db: str = "veille.db"
    read_write: bool = False  # open the store as a writer (no endpoint writes yet)
    time_limit_ms: int = 1000  # the most SQLite time one request may use
    # The names a request's Host header may give: a page elsewhere that rebinds its own name to
    # this machine's address (DNS rebinding) sends its own name, and is refused.
    allowed_hosts: tuple[str, ...] = ("localhost", "127.0.0.1", "::1")


def create_app(config: ServeConfig) -> FastAPI:
    Store.open(config.db, read_only=True).close()  # fail now, with the store's own message, not on each request
    app = FastAPI(title="veille", summary="Political events from French news: who did what to whom, when and where.",
                  docs_url=None, redoc_url=None)
    app.state.config = config
    app.state.stores = StorePool(config)
    app.mount("/static/swagger", StaticFiles(directory=str(resources.files("fastapi_swagger") / "resources")),
              name="swagger")  # Swagger UI 5, from PyPI (fastapi-swagger): /docs works offline
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_middleware(SecurityHeaders)
    app.add_middleware(HeadAsGet)
    _add_error_handlers(app)
    _add_api_routes(app)
    _add_html_routes(app)
    return app


# -- plumbing ----------------------------------------------------------------------------------

class StorePool:
    """Connections kept open between requests: a connection that stays open keeps its parsed schema
    and its page cache, and opening one costs more than most queries. When the file is replaced
    (a new database at the same path), the connections to the old one are dropped."""

    def __init__(self, config: ServeConfig) -> None:
        self.config = config
        self.idle: queue.LifoQueue[tuple[tuple[int, int], Store]] = queue.LifoQueue(maxsize=POOL_SIZE)

    @contextmanager
    def store(self) -> Iterator[Store]:
        """A connection for one request; SQLite stops it when the request's time is up."""
        identity = self._identity()
        opened, store = self._take(identity)
        deadline = time.monotonic() + self.config.time_limit_ms / 1000
        store.conn.set_progress_handler(lambda: time.monotonic() > deadline, PROGRESS_STEPS)
        try:
            yield store
        finally:
            store.conn.set_progress_handler(None, 0)
            self._give_back(opened, store)

    def _take(self, identity: tuple[int, int]) -> tuple[tuple[int, int], Store]:
        while True:
            try:
                opened, store = self.idle.get_nowait()
            except queue.Empty:
                break
            if opened == identity and not store.conn.in_transaction:
                return opened, store
            store.close()
        store = Store.open(self.config.db, read_only=not self.config.read_write)
        store.conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        return identity, store

    def _give_back(self, opened: tuple[int, int], store: Store) -> None:
        if opened != self._identity() or store.conn.in_transaction:
            store.close()
            return
        try:
            self.idle.put_nowait((opened, store))
        except queue.Full:
            store.close()

    def _identity(self) -> tuple[int, int]:
        try:
            stat = os.stat(self.config.db)
        except OSError:
            raise StoreError(f"{self.config.db}: the database file is gone") from None
        return stat.st_dev, stat.st_ino


def open_store(request: Request) -> Iterator[Store]:
    with request.app.state.stores.store() as store:
        yield store


StoreDep = Annotated[Store, Depends(open_store)]
Limit = Annotated[int, Query(ge=1, le=pages.MAX_PAGE_SIZE, description="Rows per page.")]
EXPORTS = {  # /api/events?format= → media type, file name
    "csv": ("text/csv; charset=utf-8", "events.csv"),
    "gdelt": ("text/tab-separated-values; charset=utf-8", "events.gdelt.tsv"),
}
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Rows to skip.")]
EventsLimit = Annotated[int, Query(ge=1, le=pages.MAX_PAGE_SIZE, description="Events per page.")]
# Each name is bounded as the list is: a name of 60,000 letters became a LIKE pattern SQLite refuses
# as "too complex" (HTTP 500).
ActorName = Annotated[str, StringConstraints(max_length=200)]
Outlet = Annotated[str | None, Query(max_length=200, description="An outlet, as stored (lemonde.fr).")]
Day = Annotated[str | None, Query(max_length=10, description="A day, month or year (YYYY-MM-DD, YYYY-MM, YYYY).")]


def event_query(
    q: Annotated[str | None, Query(max_length=200, description="Words of the reporting articles.")] = None,
    actor: Annotated[list[ActorName], Query(max_length=10, description=(
        "A name the knowledge base knows, French or English, any alias (Poutine, Putin: every entity of that "
        "name), an entity id (Q7747), else part of a name; repeatable: all take part."))] = [],  # noqa: B006
    type: Annotated[str | None, Query(max_length=40, description="PLOVER event type.")] = None,
    mode: Annotated[str | None, Query(max_length=40, description="PLOVER mode of the type (phone, visit...).")] = None,
    country: Annotated[str | None, Query(max_length=80, description="Where, or an actor's country: "
                                                                  "an English or French name or an ISO code (Russie, RU).")] = None,
    city: Annotated[str | None, Query(max_length=80, description="Where, as stored: a city's English name "
                                                               "(Geneva, Washington, D.C.).")] = None,
    outlet: Annotated[str | None, Query(max_length=200, description="An outlet of an article that reports it, "
                                                                   "as stored (lemonde.fr).")] = None,
    topic: Annotated[str | None, Query(max_length=80, description="A topic tag (Syria, Ukraine...; /api/topics) "
                                                                 "or a French word of one (Syrie).")] = None,
    story: Annotated[str | None, Query(max_length=80, description="A story id.")] = None,
    since: Annotated[str | None, Query(max_length=10, description="On or after this day, month or year "
                                                                 "(YYYY-MM-DD, YYYY-MM: from its first day, YYYY).")] = None,
    until: Annotated[str | None, Query(max_length=10, description="On or before this day, month or year "
                                                                 "(YYYY-MM-DD, YYYY-MM: to its last day, YYYY).")] = None,
    sort: Annotated[Literal[tuple(SORTS)], Query(description="date, -date or sources.")] = "date",
    limit: Annotated[int | None, Query(ge=1, le=pages.MAX_PAGE_SIZE, description=(
        f"Rows per page (default {pages.PAGE_SIZE}); with format=csv or gdelt, none means every matching event."))] = None,
    offset: Offset = 0,
) -> pages.EventQuery:
    return pages.EventQuery(q=q, actor=tuple(actor), type=known_type(type, "query type"),
                            mode=known_mode(mode, "query mode"), country=known_country(country), city=city,
                            outlet=outlet, topic=known_topic(topic, "query topic"),
                            story=story, since=day(since, "since"),
                            until=day(until, "until", last=True), sort=sort, limit=limit, offset=offset)


def known_country(name: str | None) -> str | None:
    """A country as the filters understood it: its English name (Russie, RU → Russia), so that a
    page's filters and its facets name it alike; a 400 for a country veille does not know."""
    found = country_filter(name)
    return found[1] if found else None


def day(value: str | None, name: str, *, last: bool = False) -> date | None:
    """A date parameter: a day, or a month or a year meaning its first day (``last``: its last day);
    an empty one (a form's blank field) means none."""
    if not value or not value.strip():
        return None
    try:
        first, final = period(value)
    except ValueError:
        raise ConfigError(f"query {name}: {value!r} is not a day, a month or a year (YYYY-MM-DD, YYYY-MM, YYYY)") from None
    return final if last else first


EventQueryDep = Annotated[pages.EventQuery, Depends(event_query)]


class SecurityHeaders:
    """Adds the security headers to every response (a plain ASGI middleware: Starlette's
    BaseHTTPMiddleware costs a task and a stream per request)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.headers = [(name.lower().encode(), value.encode()) for name, value in SECURITY_HEADERS.items()]
        self.docs_headers = [(name, DOCS_CSP.encode() if name == b"content-security-policy" else value)
                             for name, value in self.headers]

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = self.docs_headers if scope["path"] == "/docs" else self.headers

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                names = {extra_name for extra_name, _ in extra}
                message["headers"] = [h for h in message.get("headers", []) if h[0].lower() not in names] + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)


class HeadAsGet:
    """HEAD on any GET route (link checkers, `curl -I`): the GET's status and headers without its
    body. FastAPI routes answer GET only, and gave HEAD a 405."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_headers_only(message: dict) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body"):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_headers_only)


ERRORS = {  # exception → (status, code)
    NotFound: (404, "not_found"),
    ConfigError: (400, "bad_request"),
    QueryInterrupted: (503, "query_time_limit"),
    VeilleError: (500, "store_error"),
}
WIKIDATA_ITEM = re.compile(r"Q[1-9][0-9]{0,11}")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
HTTP_CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 403: "forbidden"}


_HOST = re.compile(r"(?:\[(?P<ip6>[0-9A-Fa-f:.]+)\]|(?P<name>[^:@/\\\s\[\]]+))(?::\d{1,5})?")


def _host_name(header: str) -> str:
    """The name a Host header gives, lower case and without its port; the header as it is when it is
    not a host at all ("evil.example@localhost", which a URL parser would read as localhost)."""
    match = _HOST.fullmatch(header.strip())
    if not match:
        return header
    return (match["ip6"] or match["name"]).lower()


def error_response(request: Request, status: int, code: str, message: str) -> Response:
    error = {"status": status, "code": code, "message": message}
    if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
        return JSONResponse({"error": error}, status_code=status)
    return templates.TemplateResponse(request, "error.html", {"error": error}, status_code=status)


def _add_error_handlers(app: FastAPI) -> None:
    @app.middleware("http")
    async def refuse_other_hosts(request: Request, call_next):
        host = _host_name(request.headers.get("host")) if request.headers.get("host") else (
            request.url.hostname or "").lower()  # no Host header (HTTP/1.0): the address it reached
        if host not in app.state.config.allowed_hosts:
            return error_response(request, 400, "bad_request",
                                  f"host {host!r} is not served here (veille serve --allowed-host NAME)")
        return await call_next(request)

    @app.middleware("http")
    async def refuse_control_characters(request: Request, call_next):
        """A NUL or another control character in a query parameter is a bad request, refused before
        it reaches a query (SQLite and FTS5 would otherwise fail on it with an internal message)."""
        for name, value in request.query_params.multi_items():
            if CONTROL_CHARACTERS.search(name) or CONTROL_CHARACTERS.search(value):
                return error_response(request, 400, "bad_request",
                                      f"query parameter {name!r}: control characters are not allowed")
        return await call_next(request)

    @app.exception_handler(VeilleError)
    async def veille_error(request: Request, err: VeilleError):
        status, code = next(v for k, v in ERRORS.items() if isinstance(err, k))
        # a store's own message names its file: the client is told what went wrong, not where
        return error_response(request, status, code, str(err).replace(str(app.state.config.db), "the store"))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, err: RequestValidationError):
        first = err.errors()[0]
        where = " ".join(str(part) for part in first["loc"])
        return error_response(request, 400, "bad_request", f"{where}: {first['msg']}")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, err: HTTPException):
        message = "no such page" if err.status_code == 404 else str(err.detail)
        return error_response(request, err.status_code, HTTP_CODES.get(err.status_code, "error"), message)

    @app.exception_handler(Exception)
    async def internal(request: Request, err: Exception):
        return error_response(request, 500, "internal_error", f"internal error: {type(err).__name__}")


# -- JSON API -----------------------------------------------------------------------------------

def documented(model: type | None = None, *, not_found: bool = False,
               more: dict[int, dict[str, Any]] | None = None) -> dict[str, Any]:
    """A route's answers for /openapi.json: its body's schema, the real error body (web/schemas.py)."""
    responses: dict[int | str, dict[str, Any]] = {**schemas.ERROR_RESPONSES, **(schemas.NOT_FOUND if not_found else {})}
    if model is not None:
        responses[200] = {"model": model}
    for status, extra in (more or {}).items():
        responses[status] = {**responses.get(status, {}), **extra}
    return {"response_model": None, "responses": responses}


def _add_api_routes(app: FastAPI) -> None:
    exports = {"content": {media.split(";")[0]: {"schema": {"type": "string"}} for media, _ in EXPORTS.values()},
               "description": "A JSON page of event clusters; format=csv: one CSV row per event cluster; "
                              "format=gdelt: GDELT 2.0 event table rows. Without limit, an export holds every "
                              "matching event cluster, streamed; X-Total-Count says how many."}

    @app.get("/api/events", tags=["events"], summary="Real-world events (event clusters), filtered and paged",
             **documented(schemas.EventsPage, not_found=True, more={200: exports}))
    def api_events(request: Request, store: StoreDep, query: EventQueryDep,
                   format: Annotated[Literal["json", "csv", "gdelt"],
                                     Query(description="json, csv or gdelt (GDELT 2.0 event table).")] = "json") -> Any:
        if format == "json":
            return pages.events(store, query)
        return _export(request, store, query, format)

    @app.get("/api/events/{event_id}", tags=["events"], summary="One event: its record, every source and sentence "
                                                                 "(an event id redirects to its event cluster)",
             **documented(schemas.EventPage, not_found=True,
                          more={307: {"description": "The id of one article's report: its event cluster's address."}}))
    def api_event(store: StoreDep, event_id: str) -> Any:
        return _event_or_redirect(store, event_id, "/api/events/") or pages.event(store, event_id)

    @app.get("/api/topics", tags=["events"], summary="The topic tags the topic filter takes",
             **documented(schemas.Topics))
    def api_topics() -> Any:
        return {"topics": list(topic_tags())}

    @app.get("/api/articles", tags=["articles"], summary="Articles, in ingestion order", **documented(schemas.ArticlesPage))
    def api_articles(store: StoreDep, q: Annotated[str | None, Query(max_length=200)] = None,
                     outlet: Outlet = None, since: Day = None, until: Day = None,
                     limit: Limit = 50, offset: Offset = 0) -> Any:
        return pages.articles(store, q=q, outlet=outlet, since=day(since, "since"), until=day(until, "until", last=True),
                              limit=limit, offset=offset)

    @app.get("/api/articles/{article_id}", tags=["articles"], summary="One article with its events and entities",
             **documented(schemas.ArticleDetail, not_found=True))
    def api_article(store: StoreDep, article_id: str) -> Any:
        return pages.article(store, article_id)

    @app.get("/api/actors", tags=["actors"], summary="Actors, the most active first", **documented(schemas.ActorsPage))
    def api_actors(store: StoreDep, q: Annotated[str | None, Query(max_length=100)] = None,
                   limit: Limit = 50, offset: Offset = 0) -> dict:
        return pages.actors(store, q=q, limit=limit, offset=offset)

    @app.get("/api/actors/{actor_id}", tags=["actors"], summary="One actor: counterparts by event type, counts over "
                                                                 "time, a page of its events", **documented(schemas.ActorPage, not_found=True))
    def api_actor(store: StoreDep, actor_id: str, limit: EventsLimit = pages.EVENTS_SHOWN, offset: Offset = 0) -> Any:
        return pages.actor(store, actor_id, limit=limit, offset=offset)

    @app.get("/api/stories", tags=["stories"], summary="Stories, the most recently active first",
             **documented(schemas.StoriesPage))
    def api_stories(store: StoreDep, limit: Limit = 50, offset: Offset = 0) -> Any:
        return pages.stories(store, limit=limit, offset=offset)

    @app.get("/api/stories/{story_id}", tags=["stories"], summary="One story and its timeline",
             **documented(schemas.StoryPage, not_found=True))
    def api_story(store: StoreDep, story_id: str, limit: EventsLimit = pages.EVENTS_SHOWN, offset: Offset = 0) -> Any:
        return pages.story(store, story_id, limit=limit, offset=offset)

    @app.get("/api/stats", tags=["store"], summary="Counts of what the store holds", **documented(schemas.Stats))
    def api_stats(store: StoreDep) -> dict:
        return store.stats()

    _openapi_with_the_real_errors(app)


def _export(request: Request, store: Store, query: pages.EventQuery, fmt: str) -> StreamingResponse:
    """Every matching event cluster (or the page that limit and offset give), streamed. The ids are
    read now, within the request's time limit, so that a bad filter still gets its error; the rows
    a batch at a time (pages.export_chunks), each with a connection and a time limit of its own. A
    batch that fails once rows are sent cuts the response short: the client sees an incomplete
    download, never a file that looks whole."""
    ids = store.event_cluster_ids(query.export_filter())
    media_type, name = EXPORTS[fmt]
    return StreamingResponse(pages.export_chunks(ids, fmt, request.app.state.stores.store), media_type=media_type,
                             headers={"Content-Disposition": f'attachment; filename="{name}"',
                                      "X-Total-Count": str(len(ids))})


def _openapi_with_the_real_errors(app: FastAPI) -> None:
    """/openapi.json without FastAPI's validation error (422, HTTPValidationError): an invalid
    parameter gets the 400 of every error (schemas.Error), documented on each route."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = generate()
        for operations in schema["paths"].values():
            for operation in operations.values():
                operation.get("responses", {}).pop("422", None)
        for name in ("HTTPValidationError", "ValidationError"):
            schema.get("components", {}).get("schemas", {}).pop(name, None)
        return schema

    app.openapi = openapi


# -- HTML pages ----------------------------------------------------------------------------------

def _add_html_routes(app: FastAPI) -> None:
    html = {"response_class": HTMLResponse, "include_in_schema": False}

    @app.get("/", **html)
    def home(request: Request, store: StoreDep):
        return render(request, "home.html", pages.home(store))

    @app.get("/timeline", **html)
    def timeline(request: Request, store: StoreDep, query: EventQueryDep):
        return render(request, "timeline.html", pages.events(store, query))

    @app.get("/events/{event_id}", **html)
    def event(request: Request, store: StoreDep, event_id: str):
        return _event_or_redirect(store, event_id, "/events/") or render(request, "event.html", pages.event(store, event_id))

    @app.get("/articles", **html)
    def articles(request: Request, store: StoreDep, q: Annotated[str | None, Query(max_length=200)] = None,
                 outlet: Outlet = None, since: Day = None, until: Day = None,
                 limit: Limit = 50, offset: Offset = 0):
        data = pages.articles(store, q=q, outlet=outlet or None, since=day(since, "since"), until=day(until, "until", last=True),
                              limit=limit, offset=offset)
        return render(request, "articles.html", data)

    @app.get("/articles/{article_id}", **html)
    def article(request: Request, store: StoreDep, article_id: str):
        return render(request, "article.html", pages.article(store, article_id))

    @app.get("/actors", **html)
    def actors(request: Request, store: StoreDep, q: Annotated[str | None, Query(max_length=100)] = None,
               limit: Limit = 100, offset: Offset = 0):
        return render(request, "actors.html", pages.actors(store, q=q, limit=limit, offset=offset))

    @app.get("/actors/{actor_id}", **html)
    def actor(request: Request, store: StoreDep, actor_id: str, limit: EventsLimit = pages.EVENTS_SHOWN,
              offset: Offset = 0):
        return render(request, "actor.html", pages.actor(store, actor_id, limit=limit, offset=offset))

    @app.get("/stories", **html)
    def stories(request: Request, store: StoreDep, limit: Limit = 100, offset: Offset = 0):
        return render(request, "stories.html", pages.stories(store, limit=limit, offset=offset))

    @app.get("/stories/{story_id}", **html)
    def story(request: Request, store: StoreDep, story_id: str, limit: EventsLimit = pages.EVENTS_SHOWN,
              offset: Offset = 0):
        return render(request, "story.html", pages.story(store, story_id, limit=limit, offset=offset))

    @app.get("/docs", **html)
    def docs(request: Request):
        return templates.TemplateResponse(request, "docs.html", {})


def _event_or_redirect(store: Store, event_id: str, path: str) -> RedirectResponse | None:
    """An event's id (one article's report) where an event cluster's is expected: a redirect to its
    cluster, the page of the real-world event it reports. None for a cluster id or an unknown id."""
    cluster_id = store.cluster_of_event(event_id)
    if cluster_id is None:
        return None
    return RedirectResponse(path + quote(cluster_id, safe=""), status_code=307)


def render(request: Request, template: str, data: dict) -> HTMLResponse:
    return templates.TemplateResponse(request, template, {"page": data})


# -- templates -------------------------------------------------------------------------------------

def page_url(path: str, params: dict[str, Any], **changes: Any) -> str:
    """A link to ``path`` with the page's parameters, some changed (None removes one)."""
    merged = {**params, **changes}
    pairs = [(key, item) for key, value in merged.items() if value not in (None, "", ())
             for item in (value if isinstance(value, (list, tuple)) else [value])]
    return f"{path}?{urlencode(pairs)}" if pairs else path


def safe_href(url: str | None) -> str | None:
    """Only web addresses become links: a stored "javascript:" URL is shown, never followed."""
    return url if pages.is_web_url(url) else None


def facet_url(filters: dict[str, Any], facet: str, value: str) -> str:
    """The timeline with one more filter, a facet's value (an actor joins those already named)."""
    if facet == "actor":
        return page_url("/timeline", filters, actor=[*filters.get("actor", ()), value], offset=None)
    return page_url("/timeline", filters, **{facet: value}, offset=None)


def facet_active(filters: dict[str, Any], facet: str, value: str) -> bool:
    """Whether the page is already filtered on this facet's value (filters hold countries and types
    as understood: "Russia", "CONSULT")."""
    given = filters.get(facet)
    return isinstance(given, str) and given.casefold() == value.casefold()


def wikidata_href(qid: str | None) -> str | None:
    """The Wikidata page of an item id (a link only: nothing is fetched); None for anything that is
    not an item id."""
    return f"https://www.wikidata.org/wiki/{qid}" if qid and WIKIDATA_ITEM.fullmatch(qid) else None


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True, trim_blocks=True,
                      lstrip_blocks=True)
    env.globals.update(month_bars=charts.month_bars, network=charts.network, world_map=charts.world_map,
                       page_url=page_url, wikidata_href=wikidata_href, facet_url=facet_url, facet_active=facet_active,
                       safe_href=safe_href, event_types=EVENT_TYPES, sorts=list(SORTS),
                       event_date=event_date, date_explained=date_explained, participant_parts=participant_parts,
                       reported=reported, describe_inference=describe_inference)
    return env


templates = Jinja2Templates(env=_environment())
