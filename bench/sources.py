"""Real-source ingestion: worker scaling and memory on a 1 GB input.

    python bench/sources.py ../shared/corpus/dev/articles.jsonl ../shared/corpus/dev2/articles.jsonl

1. Workers: the corpus's articles as web pages in a WARC archive (``--copies`` distinct copies of
   each, one HTML response per copy, one image response per 20 pages), ingested by
   `veille ingest --workers 1` and `--workers 2` into fresh stores, alternating, ``--rounds``
   times; articles per second and the ratio of the medians. Page extraction (trafilatura, htmldate) and parsing (spaCy) both spread over the
   workers.
2. Memory: the peak resident memory of `veille ingest` on a ~1 GB WARC (the same pages between
   ~1 GB of image responses) and on a ~1 GB JSON Lines file (the same articles, then each again
   thousands of times), against the same command on the pages alone: memory must not grow with
   the input's size.
Each run is a separate `veille ingest` process; its peak RSS comes from getrusage.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from html import escape
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

IMAGE_BYTES = 1_000_000


def articles(paths: list[str]) -> list[dict]:
    rows = []
    for path in paths:
        with open(path, encoding="utf-8") as lines:
            rows += [json.loads(line) for line in lines if line.strip()]
    return rows


def page(row: dict) -> bytes:
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in row["text"].split("\n") if p.strip())
    title = escape(row.get("title") or row["text"][:60])
    return (f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{title}</title></head>'
            f"<body><article><h1>{title}</h1>{paragraphs}</article></body></html>").encode()


def write_warc(path: Path, rows: list[dict], filler_bytes: int) -> None:
    """One HTML response per article; image responses of IMAGE_BYTES between them up to filler_bytes."""
    images = filler_bytes // IMAGE_BYTES
    noise = os.urandom(IMAGE_BYTES)
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=False)
        for k in range(max(len(rows), images)):
            if k < len(rows):
                _response(writer, f"https://news.example/{k}", "text/html; charset=utf-8", page(rows[k]))
            if k < images:
                _response(writer, f"https://news.example/img/{k}.jpg", "image/jpeg", noise)


def _response(writer: WARCWriter, uri: str, content_type: str, body: bytes) -> None:
    headers = StatusAndHeaders("200 OK", [("Content-Type", content_type), ("Content-Length", str(len(body)))],
                               protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))


def write_jsonl(path: Path, rows: list[dict], target_bytes: int) -> None:
    """Every article once, then all of them again until the file reaches target_bytes."""
    lines = [json.dumps({"id": k, "text": row["text"], "title": row.get("title")}, ensure_ascii=False) + "\n"
             for k, row in enumerate(rows)]
    block = "".join(lines).encode()
    with open(path, "wb") as out:
        written = 0
        while written < target_bytes or written == 0:
            out.write(block)
            written += len(block)


def ingest_seconds(path: Path, db: Path, workers: int) -> float:
    """Wall-clock seconds of one `veille ingest` process."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "veille", "ingest", str(path), "--db", str(db), "--workers",
                           str(workers)], capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"veille ingest failed: {done.stderr.strip()}")
    return time.perf_counter() - started


def peak_rss(path: Path, db: Path) -> int:
    """Peak RSS (KiB) of one ingest: getrusage's children maximum, read in a fresh Python of its own
    so that earlier runs do not count."""
    code = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], capture_output=True); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, sys.executable, "-m", "veille", "ingest", str(path), "--db",
                          str(db)], capture_output=True, text=True, check=True)
    return int(out.stdout.strip())


def measure_workers(folder: Path, rows: list[dict], copies: int, rounds: int) -> None:
    pages = folder / "pages.warc"
    distinct = [row | {"text": f"{row['text']}\n\nDépêche n° {k}."} for k in range(copies) for row in rows]
    write_warc(pages, distinct, filler_bytes=len(distinct) * IMAGE_BYTES // 20)
    times: dict[int, list[float]] = {1: [], 2: []}
    for round_ in range(rounds):
        for workers in (1, 2):
            times[workers].append(ingest_seconds(pages, folder / f"w{workers}-{round_}.db", workers))
    rate = {w: len(distinct) / statistics.median(t) for w, t in times.items()}
    print(f"workers: {len(distinct)} articles as a WARC of {pages.stat().st_size / 1e6:.1f} MB, {rounds} rounds")
    print("| workers | median seconds | articles/s |\n|---:|---:|---:|")
    for w in (1, 2):
        print(f"| {w} | {statistics.median(times[w]):.1f} | {rate[w]:.2f} |")
    print(f"ratio 2 workers / 1 worker: **{rate[2] / rate[1]:.2f}**\n")


def measure_memory(folder: Path, rows: list[dict], big_bytes: int) -> None:
    small_warc, big_warc = folder / "small.warc", folder / "big.warc"
    small_jsonl, big_jsonl = folder / "small.jsonl", folder / "big.jsonl"
    write_warc(small_warc, rows, filler_bytes=0)
    write_warc(big_warc, rows, filler_bytes=big_bytes)
    write_jsonl(small_jsonl, rows, 0)
    write_jsonl(big_jsonl, rows, big_bytes)
    print("| input | size | peak RSS (MiB) |\n|---|---:|---:|")
    for name, path in (("pages alone (WARC)", small_warc), ("pages + images (WARC)", big_warc),
                       ("articles once (JSONL)", small_jsonl), ("articles repeated (JSONL)", big_jsonl)):
        rss = peak_rss(path, folder / f"mem-{path.stem}.db")
        print(f"| {name} | {path.stat().st_size / 1e6:,.0f} MB | {rss / 1024:.0f} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("inputs", nargs="+", help="JSON Lines files of articles (text, title)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--copies", type=int, default=4,
                        help="Each article this many times, each copy with its own last sentence (a distinct article), "
                             "so that the run is long beside the start-up of the processes.")
    parser.add_argument("--big-bytes", type=int, default=1_000_000_000)
    parser.add_argument("--only", choices=["workers", "memory"], help="Run one of the two measurements.")
    args = parser.parse_args()
    rows = articles(args.inputs)
    with tempfile.TemporaryDirectory() as tmp:
        if args.only != "memory":
            measure_workers(Path(tmp), rows, args.copies, args.rounds)
        if args.only != "workers":
            measure_memory(Path(tmp), rows, args.big_bytes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
