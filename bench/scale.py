"""Event-linking cost as the store grows: per-event time and peak memory at 10k, 100k and 1M events.

    python bench/scale.py ../shared/corpus/dev --sizes 10000 100000 1000000

The stream is synthetic, generated from the events veille extracts from a corpus: dates shifted
over ten years, actors and places permuted among pools, evidence words resampled. Each event is
linked through veille's own EventLinker against the store's blocking tables, exactly as ingestion
does. Per-event time is measured on the last MEASURED events before each size is reached, so that
it reflects a store of that size.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from veille.cluster.events import EventItem, EventLinker
from veille.clustering import event_item
from veille.evaluation.corpus import load_corpus
from veille.incremental import ingest_records
from veille.models import Record
from veille.settings import Settings
from veille.store import Store

MEASURED = 5_000
ACTOR_POOL = 20_000
PLACES = [f"City {n}" for n in range(2_000)]


def seed_items(folder: str) -> list[EventItem]:
    corpus = load_corpus(folder)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "seed.db")
        records = [Record(source=folder, locator=a["id"], text=a["text"], published=a.get("published"))
                   for a in corpus.articles]
        ingest_records(records, store, Settings(db=str(Path(tmp) / "seed.db")), cluster=False)
        inputs = store.cluster_inputs([r[0] for r in store.conn.execute("SELECT id FROM articles")])
        store.close()
    return [event_item(article, event, None) for article in inputs for event in article["events"]
            if event["actors"]]


def synthetic(seeds: list[EventItem], n: int, rng: random.Random) -> EventItem:
    base = rng.choice(seeds)
    actors = [f"A{rng.randrange(ACTOR_POOL)}" for _ in base.signature.actors]
    day = date(2015, 1, 1) + timedelta(days=rng.randrange(3650))
    terms = dict(rng.sample(sorted(base.terms.items()), k=max(1, len(base.terms) * 2 // 3))) if base.terms else {}
    signature = replace(base.signature, actors=actors, sources=actors[:1],
                        day=day.isoformat() if rng.random() < 0.6 else None,
                        weekday=day.weekday() if rng.random() < 0.8 else None,
                        city=rng.choice(PLACES) if base.signature.city else None)
    return EventItem(id=f"s{n}", article_id="bench", signature=signature, news_cluster=None,
                     is_main=base.is_main, reference_day=day.isoformat() if rng.random() < 0.5 else None, terms=terms)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    args = parser.parse_args()
    seeds = seed_items(args.corpus)
    rng = random.Random(0)
    print(f"{len(seeds)} seed events from {args.corpus}")
    print("| events in store | per-event linking (ms) | ratio to first size | peak memory (MiB) |")
    print("|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "scale.db")
        store.conn.execute("""INSERT INTO articles (id, source, raw_text, clean_text, ingested_at, status)
                              VALUES ('bench', 'bench', '', '', '', 'analysed')""")
        linker = EventLinker(store)
        done, first = 0, None
        for size in sorted(args.sizes):
            elapsed = 0.0
            while done < size:
                chunk = [synthetic(seeds, done + k, rng) for k in range(min(5_000, size - done))]
                with store.transaction():
                    store.conn.executemany("INSERT INTO events (id, article_id, type) VALUES (?, 'bench', ?)",
                                           [(item.id, item.signature.type) for item in chunk])
                    started = time.perf_counter()
                    for item in chunk:
                        linker.add(item)
                    spent = time.perf_counter() - started
                if done + len(chunk) > size - MEASURED:
                    elapsed += spent * min(1.0, (done + len(chunk) - (size - MEASURED)) / len(chunk))
                done += len(chunk)
            per_event = elapsed / MEASURED * 1000
            first = first or per_event
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"| {size:,} | {per_event:.3f} | {per_event / first:.2f} | {peak:.0f} |", flush=True)
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
