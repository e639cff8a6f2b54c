"""`veille evaluate CORPUS_DIR`"""

from __future__ import annotations

import click

from ..evaluation import evaluate_corpus
from ..evaluation.baselines import DEFAULT_TFIDF_THRESHOLD, tfidf_clusters
from ..evaluation.harness import evaluate_clustering
from . import main
from .base import emit_json, settings_from, stdout


@main.command("evaluate")
@click.argument("corpus_dir", type=click.Path(file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (the documented contract).")
@click.option("--baseline", type=click.Choice(["tfidf"]), help="Score a baseline's clustering instead of veille.")
@click.option("--threshold", type=click.FloatRange(0, 1), default=DEFAULT_TFIDF_THRESHOLD, show_default=True,
              help="Cosine similarity threshold of the TF-IDF baseline.")
@click.option("--workers", type=click.IntRange(min=1), help="spaCy processes.")
@click.option("--errors", "show_errors", is_flag=True,
              help="Also list, on stderr, each article whose main event is not entirely right.")
@click.pass_context
def evaluate_command(ctx, corpus_dir, as_json, baseline, threshold, workers, show_errors):
    """Score veille on a gold corpus (articles.jsonl + events.jsonl); see docs/evaluation.md."""
    errors: list = []
    if baseline == "tfidf":
        result = evaluate_clustering(corpus_dir, lambda corpus: tfidf_clusters(corpus, threshold))
    else:
        result = evaluate_corpus(corpus_dir, settings_from(ctx, workers=workers), errors=errors)
    for error in errors if show_errors else []:
        click.echo(f"{error['article']}: gold {_line(error['gold'])}\n{'':>{len(error['article'])}}  veille {_line(error['veille'])}",
                   err=True)
    if as_json:
        emit_json(result)
        return
    for section, value in result.items():
        if isinstance(value, dict):
            shown = ", ".join(f"{k} {'-' if v is None else v}" for k, v in value.items())
            stdout.print(f"[bold]{section}[/bold]: {shown}")
        else:
            stdout.print(f"[bold]{section}[/bold]: {value}")


def _line(event: dict | None) -> str:
    if event is None:
        return "no event"
    place = ", ".join(v for v in (event["city"], event["country"]) if v)
    return f"{event['type']} {'+'.join(event['actors'])} {event['date'] or 'undated'}{' @ ' + place if place else ''}"
