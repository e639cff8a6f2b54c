"""When and where an event happened, from the sentence that reports it and what the knowledge base knows.

Date, in order: a temporal expression of the sentence (the one closest to the trigger, normalised
against the article's reference date, tense-aware: veille.nlp.timex); a summit the article names
("en marge du sommet de l'Apec"), when its dates and place and the offices of the people involved
leave one day for the weekday the sentence gives; else the reference date itself, marked
`date_precision = "reference"`. Without a reference date a weekday is kept as a constraint
("Tuesday"), never guessed.

Place: a city the sentence names after "à" (GeoNames or a capital), else the summit's city, else a
country named after "en"/"au" — with the English names of the city and its country.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from .. import lang
from ..kb.base import KnowledgeBase, common_era
from ..kb.model import alias_key
from .parse import sentence_spans
from ..models import Document


@dataclass(frozen=True)
class When:
    value: str | None  # ISO date or month
    precision: str  # day, month, year, reference, unknown
    first: date | None = None
    last: date | None = None
    constraint: str | None = None  # what is known when the day is not ("Tuesday")


class DocumentTiming:
    def __init__(self, kb: KnowledgeBase, doc: Document, series_finder, language: str = "fr") -> None:
        self.kb = kb
        self.doc = doc
        self.series_finder = series_finder  # summit series named in a text (events.NameFinder)
        data = lang.toml(language, "datelines.toml")
        self._weekdays = [alias_key(w) for w in data["weekdays"]]
        self._weekday_pattern = re.compile(r"\b(" + "|".join(data["weekdays"]) + r")\b", re.IGNORECASE)
        self._prepositions = {alias_key(p) for p in data["place_prepositions"]}
        self.sentences = sentence_spans(doc.spacy_doc)
        published = doc.article.published
        self.reference = date.fromisoformat(published) if published and len(published) == 10 else None
        self.expressions = _expressions(doc, self.reference, language)
        self._summits = self._summits_named()

    # -- dates -------------------------------------------------------------------------------

    def event_date(self, index: int, sentence, token) -> When | None:
        first, last = self._dating_span(index, sentence, token)
        found = [e for e in self.expressions if first <= e.start < last
                 and e.value.type in ("DATE", "TIME") and e.value.first]
        if found:
            best = min(found, key=lambda e: abs(e.start - token.idx))
            return _when(best.value)
        weekday = self._weekday(self.doc.article.clean_text[first:last])
        summit_day = self._summit_day(weekday)
        if summit_day:
            return When(summit_day.isoformat(), "day", summit_day, summit_day)
        if self.reference:
            return When(self.reference.isoformat(), "reference", self.reference, self.reference)
        if weekday is not None:
            return When(None, "unknown", constraint=date(2001, 1, 1 + weekday).strftime("%A"))
        return None

    def _dating_span(self, index: int, sentence, token) -> tuple[int, int]:
        """Where the words dating an event may be: its sentence, within the trigger's paragraph (the
        parser's sentences sometimes run across a paragraph break), together with a fragment before
        it that the parser cut off (no final punctuation: "Obama a demandé dimanche à son homologue
        russe" | "Vladimir Poutine des efforts...")."""
        text = self.doc.article.clean_text
        first, last = sentence.start_char, sentence.end_char
        if index > 0:
            previous = self.sentences[index - 1]
            before = previous.text.rstrip()
            if before and before[-1] not in ".!?»\"”:;" and "\n" not in text[previous.end_char:first]:
                first = previous.start_char
        paragraph_start = text.rfind("\n", 0, token.idx) + 1
        paragraph_end = text.find("\n", token.idx)
        return max(first, paragraph_start), min(last, len(text) if paragraph_end < 0 else paragraph_end)

    def _weekday(self, text: str) -> int | None:
        match = self._weekday_pattern.search(text)
        return self._weekdays.index(alias_key(match.group(1))) if match else None

    def _summits_named(self) -> list:
        """The summits the article names by their series, narrowed by place and by who was in office."""
        series = self.series_finder.find(self.doc.article.clean_text)
        instances = [i for s in sorted(series) for i in self.kb.summits_of(s)]
        places = {e.name for e in self.doc.entities.values() if e.type == "city"} | {
            e.country for e in self.doc.entities.values() if e.type == "country"}
        located = [i for i in instances if i.city in places or i.country in places]
        instances = located or instances
        era = self._era()
        if era:
            instances = [i for i in instances if era[0] <= i.end and i.start <= era[1]]
        if self.reference:
            instances = [i for i in instances if i.start - timedelta(days=10) <= self.reference <= i.end + timedelta(days=10)]
        return instances

    def _summit_day(self, weekday: int | None) -> date | None:
        days = set()
        for summit in self._summits:
            day = summit.start
            while day <= summit.end:
                if weekday is None or day.weekday() == weekday:
                    days.add(day)
                day += timedelta(days=1)
        if weekday is None:
            return None  # a summit's span alone does not give the day
        return days.pop() if len(days) == 1 else None

    def _era(self) -> tuple[date, date] | None:
        counts = Counter(m.entity_id for m in self.doc.mentions)
        people = [(e, counts[i]) for i, e in self.doc.entities.items() if e.type == "person"]
        return common_era(people)

    # -- places ------------------------------------------------------------------------------

    def event_place(self, index: int, sentence, token, when: When | None) -> dict | None:
        mentions = [m for m in self.doc.mentions if m.sentence == index and self._attached(m, token)]
        cities = [m for m in mentions if m.entity_type == "city" and self._introduced(m)]
        if cities:
            city = min(cities, key=lambda m: abs(m.start - token.idx))
            return self._place(self.doc.entities[city.entity_id])
        summit = self._summits[0] if len(self._summits) == 1 else None
        if summit and (self._names_summit(sentence) or _during(summit, when)):
            country = self.kb.country(summit.country)
            return {"city": summit.city, "country": country.name if country else None}
        buildings = [m for m in mentions if m.entity_type == "government_body" and self._introduced(m)]
        if buildings:  # "à l'Élysée", "au Kremlin": the country's capital
            capital = self.kb.capital(self.doc.entities[buildings[0].entity_id].stands_for)
            if capital:
                return self._place(capital)
        countries = [m for m in mentions if m.entity_type == "country" and self._introduced(m)]
        if countries:
            country = min(countries, key=lambda m: abs(m.start - token.idx))
            return {"city": None, "country": country.entity_name}
        return None

    def seat_of(self, actor_id: str | None) -> dict | None:
        """Where a state's decision is taken when the text says nowhere: its government's capital."""
        entity = self.doc.entities.get(actor_id) or (self.kb.get(actor_id) if actor_id else None)
        if entity is None or entity.type not in ("country", "government_body", "person"):
            return None
        code = entity.stands_for or entity.country
        if entity.type == "person" and not any(o.of == code for o in entity.offices):
            return None  # only office-holders act for their government
        capital = self.kb.capital(code)
        return self._place(capital) if capital else None

    def _attached(self, mention, token) -> bool:
        """A place belongs to the event when the parse attaches it to the trigger (or its verb)
        within a few steps: "se sont rencontrés ... à Hangzhou", not "la situation en Syrie"."""
        span = self.doc.spacy_doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            return False
        targets = {token.i, token.head.i}
        node = span.root
        for _ in range(3):
            if node.i in targets:
                return True
            if node.head.i == node.i or node.dep_ in ("nsubj", "conj"):
                return False  # a place may hang on the object ("a reçu Merkel à l'Élysée"), not on the subject
            node = node.head
        return node.i in targets

    def _introduced(self, mention) -> bool:
        before = alias_key(self.doc.article.clean_text[max(0, mention.start - 8):mention.start]).split()
        return bool(before) and before[-1] in self._prepositions

    def _names_summit(self, sentence) -> bool:
        return bool(self.series_finder.find(sentence.text))

    def _place(self, entity) -> dict:
        country = self.kb.country(entity.country)
        return {"city": entity.name, "country": country.name if country else None}


def _during(summit, when: When | None) -> bool:
    """A meeting dated to a day (from the text or a summit, not the reference date) within a summit
    the article names happened there."""
    day = when.first if when and when.precision != "reference" and when.first == when.last else None
    return day is not None and summit.start <= day <= summit.end


def imminent(when: When | None, reference: date | None, days: int) -> bool:
    """A planned event dated within the next few days (a preview of a meeting) keeps its type."""
    return bool(when and when.first and reference and 0 <= (when.first - reference).days <= days)


def _when(value) -> When:
    precision = value.precision if value.precision in ("day", "month", "year") else "day"
    text = value.value[:10] if precision == "day" else value.value
    return When(text, precision, value.first, value.last)


def _expressions(doc: Document, reference: date | None, language: str) -> list:
    try:
        from . import timex
    except ImportError:  # the temporal-expression module is optional for this stage to run
        return []
    spacy_doc = doc.spacy_doc

    def tense_at(offset: int) -> str | None:
        span = spacy_doc.char_span(offset, offset + 1, alignment_mode="expand")
        return _tense(span.root.head) if span is not None else None

    return timex.extract(doc.article.clean_text, reference, tense_at, language)


def _tense(verb) -> str | None:
    auxiliaries = [c for c in verb.children if c.dep_.startswith("aux")]
    tenses = {t for node in (verb, *auxiliaries) for t in node.morph.get("Tense")}
    if "Fut" in tenses:
        return "future"
    if auxiliaries and "Part" in verb.morph.get("VerbForm"):
        return "past"
    if tenses & {"Past", "Imp"}:
        return "past"
    return "present" if "Pres" in tenses else None
