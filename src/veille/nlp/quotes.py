"""Stage: direct quotations («...», "...", “...”) with their speaker linked to the knowledge base.

The speaker is the person (or, failing one, the organisation or country) that the sentence names
as saying it: after the quote ("», a déclaré M. Poutine") or before it ("M. Poutine a déclaré :
«"). A quotation whose speaker the sentence does not name keeps a null speaker.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..models import Document, Mention, Quote
from ..settings import Settings

_QUOTES = re.compile(r"«\s*(?P<a>[^»]{8,}?)\s*»|“(?P<b>[^”]{8,}?)”|\"(?P<c>[^\"\n]{8,}?)\"")
_SPEAKERS = ("person", "organisation", "government_body", "security_force", "country", "armed_group")


class QuoteStage:
    name = "quotes"
    requires = frozenset({"sentences", "entities"})
    assigns = frozenset({"quotes"})

    def initialize(self, settings: Settings) -> None:
        pass

    def __call__(self, docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            if doc.sentences:
                doc.quotes = find_quotes(doc)
            yield doc


def find_quotes(doc: Document) -> list[Quote]:
    text = doc.article.clean_text
    quotes = []
    for match in _QUOTES.finditer(text):
        inner = next(group for group in match.groups() if group)
        start = match.start() + match.group(0).index(inner)
        speaker = _speaker(doc, match.start(), match.end())
        quotes.append(Quote(article_id=doc.article.id, start=start, end=start + len(inner), text=inner,
                            speaker_id=speaker.entity_id if speaker else None,
                            speaker=speaker.entity_name if speaker else None))
    return quotes


def _speaker(doc: Document, start: int, end: int) -> Mention | None:
    """The nearest named speaker in the quotation's sentence (after it first), people before others."""
    sentence = next(((s.start, s.end) for s in doc.sentences if s.start <= start < s.end or s.start < end <= s.end),
                    (start, end))
    first, last = min(sentence[0], start), max(sentence[1], end)
    around = [m for m in doc.mentions if first <= m.start < last and not (start <= m.start < end)
              and m.entity_type in _SPEAKERS]
    for kinds in (("person",), _SPEAKERS):
        after = [m for m in around if m.start >= end and m.entity_type in kinds]
        before = [m for m in around if m.end <= start and m.entity_type in kinds]
        if after or before:
            return (after[0] if after else before[-1])
    return None
