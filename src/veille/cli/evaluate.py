"""`veille evaluate CORPUS_DIR...` and `veille train CORPUS_DIR...`"""

from __future__ import annotations

import click

from ..evaluation import evaluate_corpus
from ..evaluation.baselines import DEFAULT_TFIDF_THRESHOLD, tfidf_clusters
from ..evaluation.crossval import DEFAULT_FOLDS, cross_validate, train_model
from ..evaluation.harness import evaluate_clustering
from ..nlp.main_event import MODEL_PATH
from . import main
from .base import CliError, emit_json, settings_from, stderr, stdout

_CORPUS = click.Path(file_okay=False)


@main.command("evaluate")
@click.argument("corpus_dirs", nargs=-1, required=True, type=_CORPUS, metavar="CORPUS_DIR...")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (the documented contract).")
@click.option("--cross-validate", "cross", is_flag=True,
              help="Story k-fold over the corpora given: held-out and in-sample scores.")
@click.option("--folds", type=click.IntRange(min=2), default=DEFAULT_FOLDS, show_default=True,
              help="Folds of --cross-validate.")
@click.option("--rules-only", is_flag=True, help="Choose main events by the reading-order rule, not the model.")
@click.option("--titles-only", "titles", is_flag=True,
              help="Reduce each article to its headline (the first line of its text), as a feed of titles.")
@click.option("--baseline", type=click.Choice(["tfidf"]), help="Score a baseline's clustering instead of veille.")
@click.option("--threshold", type=click.FloatRange(0, 1), default=DEFAULT_TFIDF_THRESHOLD, show_default=True,
              help="Cosine similarity threshold of the TF-IDF baseline.")
@click.option("--workers", type=click.IntRange(min=1), help="spaCy processes.")
@click.option("--errors", "show_errors", is_flag=True,
              help="Also list, on stderr, each article whose main event is not entirely right.")
@click.pass_context
def evaluate_command(ctx, corpus_dirs, as_json, cross, folds, rules_only, titles, baseline, threshold, workers,
                     show_errors):
    """Score veille on gold corpora (articles.jsonl + events.jsonl); see docs/evaluation.md."""
    settings = settings_from(ctx, workers=workers)
    if cross:
        if baseline or show_errors:
            raise CliError("--cross-validate takes neither --baseline nor --errors", 2)
        result = cross_validate(corpus_dirs, settings, folds=folds, rules_only=rules_only, titles=titles)
        emit_json(result) if as_json else _print_cross_validation(result)
        return
    if len(corpus_dirs) > 1:
        raise CliError("give one corpus, or several with --cross-validate", 2)
    errors: list = []
    if baseline == "tfidf":
        result = evaluate_clustering(corpus_dirs[0], lambda corpus: tfidf_clusters(corpus, threshold), titles=titles)
    else:
        result = evaluate_corpus(corpus_dirs[0], settings, errors=errors, rules_only=rules_only, titles=titles)
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


@main.command("train")
@click.argument("corpus_dirs", nargs=-1, required=True, type=_CORPUS, metavar="CORPUS_DIR...")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=str(MODEL_PATH), show_default=True,
              help="Where to write the model (by default, the one veille ships and loads).")
@click.pass_context
def train_command(ctx, corpus_dirs, output):
    """Fit the main-event model on gold corpora; see docs/events.md."""
    model = train_model(corpus_dirs, settings_from(ctx), output)
    trained = model.trained_on
    stderr.print(f"{output}: trained on {trained['articles']} articles ({trained['articles_with_event']} with an "
                 f"event) of {', '.join(trained['corpora'])}")


def _print_cross_validation(result: dict) -> None:
    """Held-out first, in-sample beside it, and the gap."""
    stdout.print(f"[bold]{result['folds']}-fold cross-validation by story[/bold] ({result['seconds']} s)")
    stdout.print(f"{'':34}{'held-out':>10}{'in-sample':>11}{'gap':>8}")
    for section in ("main_event", "offtopic", "clustering", "stories", "published_inference", "calibration"):
        for key, held in result["held_out"].get(section, {}).items():
            inside = result["in_sample"][section][key]
            if not isinstance(held, float):
                continue
            gap = f"{inside - held:+.3f}" if isinstance(inside, float) else "-"
            stdout.print(f"{section + '.' + key:34}{held:>10.3f}{inside:>11.3f}{gap:>8}")


def _line(event: dict | None) -> str:
    if event is None:
        return "no event"
    place = ", ".join(v for v in (event["city"], event["country"]) if v)
    return f"{event['type']} {'+'.join(event['actors'])} {event['date'] or 'undated'}{' @ ' + place if place else ''}"
