"""Entity-linking coverage on a gold corpus: are the gold actors among each article's linked entities?

    python bench/linking.py ../shared/corpus/dev [--misses]

For every article whose gold event has actors, each actor's canonical name (as in Wikipedia) is
looked for among the canonical names of the entities veille linked in that article (accents,
case and hyphens ignored); a linked metonym ("Moscou", "le Kremlin") also counts for its country. Prints the share of actors found, the share of articles with all
their actors found, and with --misses each actor not found.
"""

from __future__ import annotations

import argparse
import json
import sys

from veille.evaluation.corpus import load_corpus
from veille.kb.base import KnowledgeBase
from veille.kb.model import alias_key
from veille.models import Article, Document
from veille.pipeline import analysis_pipeline
from veille.settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus")
    parser.add_argument("--misses", action="store_true", help="list the actors not found")
    args = parser.parse_args(argv)
    corpus = load_corpus(args.corpus)
    pipeline = analysis_pipeline()
    pipeline.initialize(Settings())
    kb = KnowledgeBase.load()
    docs = [Document(Article(id=a["id"], source=args.corpus, raw_text=a["text"], url=a.get("url"),
                             published=a.get("published"))) for a in corpus.articles]
    found = total = complete = articles = 0
    misses = []
    for doc, article in zip(pipeline(docs), corpus.articles):
        gold = corpus.gold_event(article)
        if not gold or not gold.get("actors"):
            continue
        linked = {alias_key(m.entity_name) for m in doc.mentions if m.entity_name}
        # A metonym ("Moscou", "le Kremlin") stands for its country's government.
        linked |= {alias_key(kb.country(e.stands_for).name) for e in map(kb.get, _ids(doc))
                   if e and e.stands_for and kb.country(e.stands_for)}
        hits = [actor for actor in gold["actors"] if alias_key(actor) in linked]
        found, total, articles = found + len(hits), total + len(gold["actors"]), articles + 1
        complete += len(hits) == len(gold["actors"])
        misses += [(article["id"], actor) for actor in gold["actors"] if actor not in hits]
    result = {"corpus": args.corpus, "articles": articles, "actors": total,
              "actor_coverage": round(found / total, 4), "articles_fully_covered": round(complete / articles, 4)}
    print(json.dumps(result, indent=2))
    if args.misses:
        for article_id, actor in misses:
            print(f"missed: {article_id}: {actor}")
    return 0


def _ids(doc: Document) -> set[str]:
    return {m.entity_id for m in doc.mentions if m.entity_id}


if __name__ == "__main__":
    sys.exit(main())
