"""Load on `veille serve`: a store of synthetic events, the server on loopback, many concurrent clients.

    python bench/serve_load.py ../shared/corpus/dev --events 100000 --clients 50 --seconds 30 --think 1 0

The events come from bench/scale.py's generator (dev-corpus events with shifted dates, permuted
actors and places, resampled words); each is stored as one article, one event and one event
cluster, with its actors as entities and 2,000 stories. The server runs as `veille serve` in its
own process; the clients are asyncio tasks over httpx, each picking the next endpoint in turn and
waiting ``--think`` seconds between two requests (1 s: 50 analysts clicking about once a second, a
bounded load; 0: as fast as the server answers, its throughput); each client starts at a random
instant of its first think time, and the first ``--warmup`` seconds are not counted. Reported per
endpoint and think time: requests per second, p50 and p99 latency, errors.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from scale import seed_items, synthetic

from veille.store import Store

WORDS = 6  # words of an event's evidence that make its synthetic sentence


def build_store(path: Path, folder: str, n: int, rng: random.Random) -> list[dict]:
    seeds = seed_items(folder)
    store = Store.open(path)
    made = []
    with store.transaction():
        for start in range(0, n, 10_000):
            batch = [synthetic(seeds, start + k, rng) for k in range(min(10_000, n - start))]
            made += [_write(store, item) for item in batch]
    store.close()
    return made


def _write(store: Store, item) -> dict:
    s = item.signature
    day = s.day or item.reference_day
    words = " ".join(list(item.terms)[:WORDS]) or "réunion"
    text = f"{' et '.join(s.actors)} : {words}."
    aid = f"a{item.id}"
    story = f"story{abs(hash(tuple(sorted(s.actors[:2])))) % 2000}"
    actors = [{"id": a, "name": f"Actor {a[1:]}", "role": "source"} for a in s.actors]
    conn = store.conn
    conn.execute("""INSERT INTO articles (id, source, title, published, language, status, raw_text, clean_text,
                    ingested_at, cluster_id, main_event_id) VALUES (?, 'bench', ?, ?, 'fr', 'analysed', ?, ?, '', ?, ?)""",
                 (aid, text[:80], day, text, text, aid, item.id))
    conn.execute("INSERT INTO sentences (article_id, idx, start, end) VALUES (?, 0, 0, ?)", (aid, len(text)))
    conn.execute("INSERT OR IGNORE INTO stories (id, name, created_at, key) VALUES (?, ?, '', ?)", (story, story, story))
    conn.execute("""INSERT INTO event_clusters (id, type, date, date_precision, city, topics, actors, n_events, n_articles,
                    n_sources, n_outlets, first_seen, last_seen, story_id) VALUES (?, ?, ?, ?, ?, ?, ?, 1, 1, 1, 1, ?, ?, ?)""",
                 (item.id, s.type, s.day, "day" if s.day else None, s.city, json.dumps(s.topics), json.dumps(actors),
                  day, day, story))
    conn.execute("""INSERT INTO events (id, article_id, type, date, date_precision, city, topics, is_main, cluster_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)""",
                 (item.id, aid, s.type, s.day, "day" if s.day else None, s.city, json.dumps(s.topics), item.id))
    for position, actor in enumerate(actors):
        conn.execute("INSERT OR IGNORE INTO entities (id, name, type) VALUES (?, ?, 'person')", (actor["id"], actor["name"]))
        conn.execute("INSERT INTO event_actors (event_id, position, entity_id, name, role) VALUES (?, ?, ?, ?, 'source')",
                     (item.id, position, actor["id"], actor["name"]))
    conn.execute("INSERT INTO event_evidence (event_id, article_id, start, end) VALUES (?, ?, 0, ?)", (item.id, aid, len(text)))
    return {"id": item.id, "actor": s.actors[0] if s.actors else None, "type": s.type, "day": s.day, "story": story,
            "word": next(iter(item.terms), None)}


def requests_for(made: list[dict], rng: random.Random):
    """Endpoint name → a function giving the next path to ask for."""
    def pick():
        return rng.choice(made)

    def window():
        day = next(e["day"] for e in iter(pick, None) if e["day"])
        return {"since": day, "until": day[:8] + "28"}
    return {
        "/api/events (actor + type)": lambda: ("/api/events", {"actor": pick()["actor"], "type": pick()["type"]}),
        "/api/events (date range, -date)": lambda: ("/api/events", {**window(), "sort": "-date"}),
        "/api/events (words)": lambda: ("/api/events", {"q": next(e["word"] for e in iter(pick, None) if e["word"])}),
        "/api/events/{id}": lambda: (f"/api/events/{pick()['id']}", {}),
        "/api/actors/{id}": lambda: (f"/api/actors/{pick()['actor']}", {}),
        "/api/stories/{id}": lambda: (f"/api/stories/{pick()['story']}", {}),
        "/api/articles (words)": lambda: ("/api/articles", {"q": next(e["word"] for e in iter(pick, None) if e["word"])}),
    }


async def load(base: str, endpoints: dict, clients: int, seconds: float, think: float,
               warmup: float) -> dict[str, dict]:
    timings: dict[str, list[float]] = {name: [] for name in endpoints}
    errors: dict[str, int] = dict.fromkeys(endpoints, 0)
    names = list(endpoints)
    measured_from = time.monotonic() + warmup
    stop = measured_from + seconds

    async def client(k: int, http: httpx.AsyncClient) -> None:
        turn = k
        await asyncio.sleep(think * random.random())  # analysts do not all click at the same instant
        while time.monotonic() < stop:
            name = names[turn % len(names)]
            turn += 1
            path, params = endpoints[name]()
            sent, started = time.monotonic(), time.perf_counter()
            try:
                failed = (await http.get(path, params=params)).status_code != 200
            except httpx.TransportError as err:  # counted, and said once: the run goes on
                failed = True
                if not any(errors.values()):
                    print(f"{name}: {type(err).__name__} {err}", file=sys.stderr)
            if sent >= measured_from:
                timings[name].append(time.perf_counter() - started)
                errors[name] += failed
            await asyncio.sleep(think * (0.5 + random.random()))  # jittered, so clients do not march in step

    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as http:
        await asyncio.gather(*(client(k, http) for k in range(clients)))
    return {name: {"requests": len(t), "rps": len(t) / seconds, "p50": _quantile(t, 0.5), "p99": _quantile(t, 0.99),
                   "errors": errors[name]} for name, t in timings.items()}


def _quantile(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] * 1000 if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1] * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--think", type=float, nargs="+", default=[1.0, 0.0], help="Seconds between a client's requests.")
    parser.add_argument("--warmup", type=float, default=2.0,
                        help="Seconds of load before the measured ones (connections opened, caches filled).")
    args = parser.parse_args()
    rng = random.Random(0)
    with tempfile.TemporaryDirectory() as tmp, socket.socket() as probe:
        db = Path(tmp) / "load.db"
        started = time.perf_counter()
        made = build_store(db, args.corpus, args.events, rng)
        print(f"store: {len(made):,} events in {time.perf_counter() - started:.0f} s", flush=True)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        probe.close()
        server = subprocess.Popen([sys.executable, "-m", "veille", "serve", "--db", str(db), "--port", str(port)])
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_for(base)
            runs = {think: asyncio.run(load(base, requests_for(made, rng), args.clients, args.seconds, think, args.warmup))
                    for think in args.think}
        finally:
            if server.poll() is not None:
                print(f"the server exited with status {server.returncode}", file=sys.stderr)
            server.terminate()
            server.wait(timeout=30)
    print(f"{args.clients} concurrent clients for {args.seconds:.0f} s after {args.warmup:g} s of warm-up, "
          f"{args.events:,} events in the store")
    print("| think (s) | endpoint | requests | requests/s | p50 (ms) | p99 (ms) | errors |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for think, results in runs.items():
        for name, r in results.items():
            print(f"| {think:g} | `{name}` | {r['requests']} | {r['rps']:.1f} | {r['p50']:.0f} | {r['p99']:.0f} | {r['errors']} |")
        total = sum(r["requests"] for r in results.values())
        print(f"| {think:g} | all endpoints | {total} | {total / args.seconds:.1f} | | | |")
    return 0


def _wait_for(base: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/stats", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


if __name__ == "__main__":
    sys.exit(main())
