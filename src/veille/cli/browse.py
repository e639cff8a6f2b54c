"""`veille articles`, `veille show`, `veille events`, `veille stats`, `veille problems`: reading the store."""

from __future__ import annotations

import click
from rich.table import Table
from rich.text import Text

from ..cluster.events import describe_inference
from ..kb.base import country_filter
from ..render import event_date, participants
from ..store.queries import EventFilter
from ..vocabulary import known_mode, known_topic, known_type
from . import main
from .base import COUNT, db_option, emit_json, format_option, open_store, stdout


def _iso_date(ctx, param, value):
    """A day, or a month or a year: --since from its first day, --until to its last (as the API)."""
    from ..dates import period

    if value is None:
        return None
    try:
        first, last = period(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a day, a month or a year (YYYY-MM-DD, YYYY-MM, YYYY)") from None
    return (last if param.name == "until" else first).isoformat()


@main.command("articles")
@db_option
@format_option
@click.option("--search", "-s", metavar="WORDS", help="Full-text search in titles and texts.")
@click.option("--language", metavar="CODE", help="Only articles in this language (fr, en, ...).")
@click.option("--limit", type=COUNT, help="At most this many articles.")
@click.option("--offset", type=COUNT, default=0)
@click.pass_context
def articles_command(ctx, db, fmt, search, language, limit, offset):
    """List stored articles."""
    rows = open_store(ctx, db).articles(search=search, language=language, limit=limit, offset=offset)
    if fmt == "json":
        emit_json(rows)
        return
    stdout.print(_articles_table(rows, stdout.width))
    stdout.print(f"{len(rows)} article(s)", style="dim")


def _articles_table(rows: list[dict], width: int) -> Table:
    """Fixed columns keep their width; outlet and main event show only on wide terminals."""
    columns = [("id", 16, "id"), ("published", 10, "published"), ("lang", 4, "language")]
    if width >= 110:
        columns += [("main event", 10, "main_event"), ("outlet", 20, "outlet")]
    title_width = max(20, width - sum(size + 2 for _, size, _ in columns) - 2)
    table = Table(box=None, header_style="bold", pad_edge=False)
    for header, size, _ in columns:
        table.add_column(header, width=size, no_wrap=True, overflow="ellipsis")
    table.add_column("title", width=title_width, no_wrap=True, overflow="ellipsis")
    for article in rows:
        cells = [_cell(article, key) for _, _, key in columns]
        table.add_row(*cells, Text(article["title"]))  # never empty: its own, its headline or its first sentence
    return table


def _cell(article: dict, key: str) -> str:
    value = article[key]
    if key == "main_event":
        return value["type"] if value else ""
    return value or ""


@main.command("show")
@click.argument("article_id")
@db_option
@format_option
@click.option("--explain", is_flag=True, help="Say what decided the main event: the model's probabilities and "
                                               "weightiest features.")
@click.pass_context
def show_command(ctx, article_id, db, fmt, explain):
    """Show one article (id or unique id prefix): metadata, clean text, entities, events."""
    article = open_store(ctx, db).article(article_id)
    if fmt == "json":
        emit_json(article)
        return
    for key in ("id", "external_id", "source", "url", "outlet", "title", "published", "published_source",
                "published_range", "published_reason", "language", "status", "cluster_id", "copy_of"):
        if article[key] is not None:
            stdout.print(Text.assemble((f"{key:>16}  ", "dim"), str(article[key])))
    stdout.print()
    stdout.print(_highlighted(article))
    if article["mentions"]:
        stdout.print()
        stdout.print(Text("entities: ", style="bold") + Text(", ".join(
            f"{m['text']} ({m['entity_type'] or m['label']})" for m in article["mentions"])))
    stdout.print()
    stdout.print(Text(f"{len(article['events'])} event(s)", style="bold"))
    for event in article["events"]:
        stdout.print(Text(f"  {'*' if event['id'] == (article['main_event'] or {}).get('id') else ' '} "
                          f"{_event_line(event)}"))
        if event.get("date_reason"):
            stdout.print(Text(f"      dated from {describe_inference(event['date_reason'])}", style="dim"))
        if explain and event.get("trace"):
            stdout.print(_trace_text({"confidence": event["confidence"], **event["trace"]}))
    if article["quotes"]:
        stdout.print()
        stdout.print(Text("quotes", style="bold"))
        for quote in article["quotes"]:
            stdout.print(Text(f"  « {quote['text']} » — {quote['speaker'] or 'unnamed speaker'}"))


_PROBABILITY_LISTS = ("participants", "place")  # trace lists of [name, probability]; the others are weights


def _trace_text(trace: dict) -> Text:
    """A decision's trace, a line a part: probabilities, then the features that weighed most
    (weights signed, probabilities not)."""
    lines = []
    for key, value in trace.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items())
        elif isinstance(value, list):
            sign = "" if key in _PROBABILITY_LISTS else "+"
            value = ", ".join(f"{name} {weight:{sign}}" for name, weight in value)
        lines.append(f"      {key}: {value}")
    return Text("\n".join(lines), style="dim")


def _highlighted(article: dict) -> Text:
    """The clean text with every evidence span of the article's events highlighted."""
    text = Text(article["clean_text"])
    for event in article["events"]:
        for evidence in event["evidence"]:
            if evidence["article_id"] == article["id"]:
                text.stylize("bold yellow", evidence["start"], evidence["end"])
    return text


CLUSTER_ID_WIDTH = 20  # an event cluster's id is that of its first event: an article id and "-eN"


@main.command("events")
@db_option
@format_option
@click.option("--type", "event_type", metavar="TYPE", help="PLOVER event type (CONSULT, ACCUSE, ...).")
@click.option("--mode", metavar="MODE", help="PLOVER mode of the type (phone, visit, ...).")
@click.option("--actor", metavar="NAME", help="A name the knowledge base knows, French or English (Poutine), "
                                              "an entity id, else part of a name.")
@click.option("--since", callback=_iso_date, metavar="DATE", help="Events on or after this day, month (YYYY-MM) or year.")
@click.option("--until", callback=_iso_date, metavar="DATE", help="Events on or before this day, month (YYYY-MM) or year.")
@click.option("--country", metavar="NAME", help="Where it happened or an actor's country (English or French name, "
                                                "or ISO code).")
@click.option("--topic", metavar="TAG", help="A topic tag (Syria, terrorism, ceasefire...) or a French word of one (Syrie).")
@click.option("--limit", type=COUNT)
@click.pass_context
def events_command(ctx, db, fmt, event_type, mode, actor, since, until, country, topic, limit):
    """List events, oldest first (the timeline)."""
    filters = EventFilter(type=known_type(event_type, "--type"), mode=known_mode(mode, "--mode"), actor=actor,
                          since=since, until=until, country=country_filter(country),
                          topic=known_topic(topic, "--topic"), limit=limit)
    events = open_store(ctx, db).events(filters)
    if fmt == "json":
        emit_json(events)
        return
    stdout.print(Text(f"{'cluster':<{CLUSTER_ID_WIDTH}}  {'article':<16}  event", style="dim"))
    for event in events:  # one line per event, also in pipes; the ids lead on to `veille cluster` and `veille show`
        ids = f"{event['cluster_id'] or '-':<{CLUSTER_ID_WIDTH}}  {event['article_id']:<16}  "
        stdout.print(Text(ids, style="dim") + Text(_event_line(event)), soft_wrap=True)
    stdout.print(f"{len(events)} event(s)", style="dim")


@main.command("stats")
@db_option
@format_option
@click.pass_context
def stats_command(ctx, db, fmt):
    """Counts of what the store holds."""
    stats = open_store(ctx, db).stats()
    if fmt == "json":
        emit_json(stats)
        return
    table = Table(box=None, show_header=False)
    for key, value in stats.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items()) or "-"
        elif isinstance(value, list):
            value = " to ".join(str(v) for v in value if v) or "-"
        table.add_row(Text(key, style="dim"), str(value))
    stdout.print(table)


def _event_line(event: dict) -> str:
    """An event on one line: when, what, who did it to whom, where, how many sources."""
    place = ", ".join(v for v in (event["location"] or {}).values() if v)
    kind = event["type"] + (f"/{event['mode']}" if event["mode"] else "")
    sources = len(event["articles"])
    return (f"{event_date(event):<10}  {kind:<18}  {participants(event)}{'  @ ' + place if place else ''}"
            f"  [{sources} source(s)]")


@main.command("problems")
@db_option
@format_option
@click.pass_context
def problems_command(ctx, db, fmt):
    """Articles whose analysis or storing failed: not stored, tried again by the next ingest."""
    rows = open_store(ctx, db).problems()
    if fmt == "json":
        emit_json(rows)
        return
    for row in rows:
        stdout.print(Text(f"{row['source']}: {row['reason']} (failed {row['attempts']}×, last {row['last_failed']})"))
    stdout.print(f"{len(rows)} failed article(s)", style="dim")
