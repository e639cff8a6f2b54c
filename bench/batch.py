"""Batch mode: the local engine against Spark in local mode, on a replicated corpus.

    python bench/batch.py ../shared/corpus/dev/articles.jsonl ../shared/corpus/dev2/articles.jsonl \
        --articles 20000 --files 16 --workers 2 --master 'local[2]'

The corpora's articles are replicated into ``--articles`` distinct articles (each copy ends with
its own dispatch number, so that none is dropped as a repeat: copies are near-duplicates, as wire
copies are) spread over ``--files`` JSON Lines files. Then, in this one command, `veille batch`
runs with the local engine (``--workers`` processes) and with the Spark engine (``--master``),
each as a separate process on the same input; wall-clock seconds, articles per second, and the
Spark/local ratio of the times. The two outputs are then compared table by table.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.dataset as ds

TABLES = ("articles", "mentions", "events", "evidence", "event_clusters", "profiles")


def replicate(paths: list[str], total: int, files: int, folder: Path) -> None:
    originals = [json.loads(line) for path in paths for line in open(path, encoding="utf-8") if line.strip()]
    outputs = [open(folder / f"part-{i:03d}.jsonl", "w", encoding="utf-8") for i in range(files)]
    for n in range(total):
        article = dict(originals[n % len(originals)])
        copy = n // len(originals)
        if copy:
            article["id"] = f"{article.get('id', n)}-copy{copy}"
            article["text"] = f"{article['text']}\n\n(Dépêche n° {copy})"
        outputs[n % files].write(json.dumps(article, ensure_ascii=False) + "\n")
    for stream in outputs:
        stream.close()


def run(engine: list[str], inputs: Path, output: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "veille", "batch", str(inputs), "-o", str(output), *engine],
                   check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def rows(folder: Path, table: str) -> list[str]:
    data = ds.dataset(folder / table, format="parquet", partitioning="hive").to_table().to_pylist()
    return sorted(json.dumps({k: v for k, v in row.items() if k != "ingested_at"}, sort_keys=True, default=str)
                  for row in data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpora", nargs="+")
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--files", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--master", default="local[2]")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "in").mkdir()
        replicate(args.corpora, args.articles, args.files, folder / "in")
        local = run(["--workers", str(args.workers)], folder / "in", folder / "local")
        spark = run(["--engine", "spark", "--master", args.master], folder / "in", folder / "spark")
        manifest = json.loads((folder / "local" / "batch.json").read_text())
        same = {table: rows(folder / "local", table) == rows(folder / "spark", table) for table in TABLES}
        report = {
            "articles": manifest["counts"]["articles"], "events": manifest["counts"]["events"],
            "event_clusters": manifest["counts"]["event_clusters"],
            "local_seconds": round(local, 1), "spark_seconds": round(spark, 1),
            "local_articles_per_second": round(args.articles / local, 2),
            "spark_articles_per_second": round(args.articles / spark, 2),
            "spark_over_local": round(spark / local, 3),
            "same_output": same,
        }
        shutil.rmtree(folder / "in")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
