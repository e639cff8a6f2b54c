"""Stories on gold corpora stored together: the story score of `veille evaluate`, quick to repeat.

    python bench/stories.py ../shared/corpus/train ../shared/corpus/dev ../shared/corpus/dev2 [--db FILE] [--list]

The corpora's articles are ingested once into one store (``--db``, kept between runs: analysis is
the slow part), fed as `veille evaluate` feeds them (publication order, every third date hidden);
each later run with the same ``--db`` only clusters them again (`veille recluster`), so that a
change to clustering or stories (docs/clustering.md) is measured in seconds. Prints the ``stories``
object of docs/evaluation.md; ``--list`` also prints the stories.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from veille.clustering import Clustering
from veille.evaluation.crossval import merge_corpora
from veille.evaluation.harness import corpus_records, hidden_published, predictions, scores
from veille.incremental import ingest_records
from veille.settings import Settings
from veille.store import Store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpora", nargs="+")
    parser.add_argument("--db", help="the store to keep the analysed corpora in (default: a temporary one)")
    parser.add_argument("--list", action="store_true", help="print the stories too")
    args = parser.parse_args()
    corpus = merge_corpora(args.corpora)
    hidden = hidden_published(corpus)
    with tempfile.TemporaryDirectory(prefix="veille-stories-") as tmp:
        path = Path(args.db or Path(tmp) / "stories.db")
        fresh = not path.exists()
        with Store.open(path) as store:
            started = time.perf_counter()
            if fresh:
                ingest_records(corpus_records(corpus, hidden), store, Settings(db=str(path)))
            else:
                with store.transaction():
                    Clustering(store).recluster()
            found = scores(corpus, predictions(store, corpus), hidden)["stories"]
            print(json.dumps({**found, "seconds": round(time.perf_counter() - started, 1)}))
            for story in store.stories() if args.list else []:
                print(f"{story['id']}  {story['first_seen'] or '?'} → {story['last_seen'] or '?'}  "
                      f"{story['n_events']:>3} events  {story['name']}")


if __name__ == "__main__":
    main()
