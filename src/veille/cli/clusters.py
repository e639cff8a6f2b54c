"""`veille stories`, `veille timeline`, `veille cluster`, `veille recluster`: events once, over time."""

from __future__ import annotations

import click
from rich.text import Text

from ..cluster.events import describe_inference
from ..clustering import Clustering
from ..kb.base import country_filter
from ..render import date_explained, event_date, participants, reported
from ..store.browse import ClusterFilter
from ..vocabulary import known_mode, known_topic, known_type
from . import main
from .base import COUNT, db_option, emit_json, format_option, open_store, stdout
from .browse import _iso_date


@main.command("stories")
@db_option
@format_option
@click.option("--limit", type=COUNT, help="At most this many stories.")
@click.pass_context
def stories_command(ctx, db, fmt, limit):
    """List stories: event clusters grouped by the parties they involve, most recent first."""
    stories = open_store(ctx, db).stories(limit=limit)
    if fmt == "json":
        emit_json(stories)
        return
    for story in stories:
        span = f"{story['first_seen'] or '?'} → {story['last_seen'] or '?'}"
        stdout.print(Text.assemble((f"{story['id']}  ", "cyan"), (f"{span}  ", "dim"),
                                   f"{story['n_events']:>4} events  {story['n_sources']:>4} sources  ",
                                   (story["name"], "bold")), soft_wrap=True)
    stdout.print(f"{len(stories)} story(ies)", style="dim")


@main.command("timeline")
@db_option
@format_option
@click.option("--story", metavar="ID", help="Only the events of this story (see `veille stories`).")
@click.option("--actor", "actors", metavar="NAME", multiple=True,
              help="Only events this actor takes part in: a name the knowledge base knows, French or English "
                   "(Poutine), an entity id, else part of a name; repeatable: all must take part.")
@click.option("--type", "event_type", metavar="TYPE", help="PLOVER event type (CONSULT, ACCUSE, ...).")
@click.option("--mode", metavar="MODE", help="PLOVER mode of the type (phone, visit, ...).")
@click.option("--country", metavar="NAME", help="Where it happened or an actor's country (English or French name, "
                                                "or ISO code).")
@click.option("--topic", metavar="TAG", help="A topic tag (Syria, terrorism, ceasefire...) or a French word of one (Syrie).")
@click.option("--since", callback=_iso_date, metavar="DATE", help="Events on or after this day, month (YYYY-MM) or year.")
@click.option("--until", callback=_iso_date, metavar="DATE", help="Events on or before this day, month (YYYY-MM) or year.")
@click.option("--limit", type=COUNT, help="At most this many events.")
@click.pass_context
def timeline_command(ctx, db, fmt, story, actors, event_type, mode, country, topic, since, until, limit):
    """A dated timeline: one line per real-world event, with how many sources report it."""
    filters = ClusterFilter(story=story, actors=actors, type=known_type(event_type, "--type"),
                            mode=known_mode(mode, "--mode"), country=country_filter(country),
                            topic=known_topic(topic, "--topic"), since=since, until=until, limit=limit)
    events = open_store(ctx, db).event_clusters(filters)
    if fmt == "json":
        emit_json(events)
        return
    for event in events:
        stdout.print(_timeline_line(event), soft_wrap=True)
    stdout.print(f"{len(events)} event(s)", style="dim")


def _timeline_line(event: dict) -> Text:
    when = event_date(event)
    place = ", ".join(v for v in (event["location"] or {}).values() if v)
    actors = participants(event)
    sources = _counted(event["n_sources"], "source")
    return Text.assemble((f"{when:<10}  ", "bold"), (f"{event['type']:<9} ", "cyan"), actors,
                         (f"  [{place}]" if place else "", "green"), (f"  {sources}", "dim"),
                         (f"  {event['id']}", "dim"))


def _counted(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''}"


@main.command("cluster")
@click.argument("cluster_id")
@db_option
@format_option
@click.pass_context
def cluster_command(ctx, cluster_id, db, fmt):
    """Show one event cluster: the merged event and every report of it, with its evidence."""
    cluster = open_store(ctx, db).event_cluster(cluster_id)
    if fmt == "json":
        emit_json(cluster)
        return
    stdout.print(_timeline_line(cluster), soft_wrap=True)
    stdout.print(Text(f"{_counted(cluster['n_articles'], 'article')}, {_counted(cluster['n_sources'], 'source')} "
                      f"(near-duplicates once), {_counted(cluster['n_outlets'], 'outlet')}; "
                      f"{reported(cluster['first_seen'], cluster['last_seen'])}", style="dim"))
    if cluster.get("date_reason"):  # a day read from its reports, which did not state it: why
        stdout.print(Text(f"dated {date_explained(cluster)}", style="dim"), soft_wrap=True)
    for report in cluster["reports"]:
        if report.get("date_reason"):
            stdout.print(Text(f"  dated {report['date']} from {describe_inference(report['date_reason'])}",
                              style="dim"), soft_wrap=True)
        for evidence in report["evidence"]:
            stdout.print(Text.assemble((f"  {evidence['article_id']}  ", "dim"), " ".join(evidence["sentence"].split())),
                         soft_wrap=True)


@main.command("recluster")
@db_option
@click.pass_context
def recluster_command(ctx, db):
    """Cluster every stored article again from scratch (after changing clustering parameters).

    One transaction: if interrupted, the previous clusters stay as they were."""
    open_store(ctx, db)  # a missing or foreign file is an error here, not a new empty database
    store = open_store(ctx, db, read_only=False)
    with store.transaction():
        report = Clustering(store).recluster()
    stats = store.stats()
    stdout.print(f"{report.articles} articles: {stats['news_clusters']} news clusters, "
                 f"{stats['event_clusters']} event clusters, {stats['stories']} stories, "
                 f"{stats['near_duplicates']} near-duplicates")
