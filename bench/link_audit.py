"""Draw linked mentions at random for a linking audit, and score a judged sample.

    python bench/link_audit.py draw ../shared/corpus/train ../shared/corpus/dev ../shared/corpus/dev2 \\
        --sample 200 --seed 26 > audit.jsonl
    python bench/link_audit.py score audit.jsonl

``draw`` runs the analysis up to linking over every article of the corpora and prints, as JSON
lines, ``--sample`` mentions drawn uniformly from all the mentions linked to the knowledge base or
GeoNames (names the knowledge base does not know are left out: they are not linked), each with
its article, its words, the sentence around it, and the entity it was linked to (id, name, type).
The same corpora, sample size and seed always draw the same mentions.

A judge adds a ``verdict`` to each line: ``right`` (the entity the text means), ``wrong`` (another
entity), ``place_as_person`` / ``person_as_place`` (a place linked to a person or the reverse:
counted as wrong too), or ``unclear`` (the text does not say; left out of the shares). ``score``
prints the share linked right and the share of place/person confusions (docs/kb.md reports them).
The sample holds corpus text: keep it out of the repository.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

from veille.evaluation.corpus import load_corpus
from veille.kb.model import is_local
from veille.models import Article, Document
from veille.pipeline import Pipeline, analysis_pipeline
from veille.settings import Settings

CONTEXT_CHARS = 120  # of the text on each side of a mention, for the judge
VERDICTS = ("right", "wrong", "place_as_person", "person_as_place", "unclear")


def linked_mentions(folders: list[str]) -> list[dict]:
    """Every mention the pipeline links to a known entity, in corpus order."""
    full = analysis_pipeline()
    linking = Pipeline([stage for stage in full.stages if stage.name != "events"])
    linking.initialize(Settings())
    articles = [article for folder in folders for article in load_corpus(folder).articles]
    docs = [Document(Article(id=a["id"], source="audit", raw_text=a["text"], url=a.get("url"),
                             published=a.get("published"))) for a in articles]
    found = []
    for doc in linking(docs):
        text = doc.article.clean_text or ""
        for mention in doc.mentions:
            if not mention.entity_id or is_local(mention.entity_id):
                continue
            context = text[max(0, mention.start - CONTEXT_CHARS): mention.end + CONTEXT_CHARS]
            found.append({"article": doc.article.id, "start": mention.start, "mention": mention.text,
                          "context": " ".join(context.split()), "entity_id": mention.entity_id,
                          "entity_name": mention.entity_name, "entity_type": mention.entity_type})
    return found


def draw(folders: list[str], sample: int, seed: int) -> list[dict]:
    mentions = linked_mentions(folders)
    return random.Random(seed).sample(mentions, min(sample, len(mentions)))


def score(lines: list[dict]) -> dict:
    """Shares of a judged sample; a line without a known verdict is an error, not a silent skip."""
    verdicts = Counter()
    for number, line in enumerate(lines, 1):
        verdict = line.get("verdict")
        if verdict not in VERDICTS:
            raise ValueError(f"line {number}: verdict {verdict!r} is not one of {', '.join(VERDICTS)}")
        verdicts[verdict] += 1
    judged = sum(verdicts.values()) - verdicts["unclear"]
    confused = verdicts["place_as_person"] + verdicts["person_as_place"]
    return {"judged": judged, "unclear": verdicts["unclear"], "verdicts": dict(verdicts),
            "right": round(verdicts["right"] / judged, 4) if judged else None,
            "place_person_confusions": round(confused / judged, 4) if judged else None}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    drawing = commands.add_parser("draw", help="print a random sample of linked mentions as JSON lines")
    drawing.add_argument("corpora", nargs="+")
    drawing.add_argument("--sample", type=int, default=200)
    drawing.add_argument("--seed", type=int, default=26)
    scoring = commands.add_parser("score", help="the shares of a judged sample")
    scoring.add_argument("judged", type=Path)
    args = parser.parse_args(argv)
    if args.command == "draw":
        for line in draw(args.corpora, args.sample, args.seed):
            print(json.dumps(line, ensure_ascii=False))
        return 0
    try:
        lines = [json.loads(line) for line in args.judged.read_text(encoding="utf-8").splitlines() if line.strip()]
        print(json.dumps(score(lines), indent=2))
    except (OSError, ValueError) as err:
        print(f"link_audit: {args.judged}: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
