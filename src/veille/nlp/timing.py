"""When and where an event happened, from the sentence that reports it and what the knowledge base knows.

Date, in order: a temporal expression of the sentence (the one closest to the trigger, normalised
against the article's reference date, tense-aware: veille.text.timex); a summit the article names
("en marge du sommet de l'Apec"), when its dates and place and the offices of the people involved
leave one day for the weekday the sentence gives; else the reference date itself, marked
`date_precision = "reference"`. Without a reference day, what the text says is kept as a constraint
(veille.dates: "Tuesday", "Saturday between 2018-02-22 and 2018-04-07" when the article is stamped
with a month only, "on XXXX-03-30" for a day without its year), never guessed; a day without its
year in an article stamped with a month takes the year that puts it nearest that month, and one
given with its weekday ("lundi 4 mars") the one year of the article's office holders' common
time in which that day is that weekday, when there is exactly one.

Place: a city the sentence names after "à" (GeoNames or a capital), else the summit's city, else a
country named after "en"/"au" — with the English names of the city and its country.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache, cached_property

from .. import lang
from ..dates import DateConstraint, nearest_year
from ..kb.base import KnowledgeBase, common_era
from ..kb.model import alias_key
from ..models import Document
from ..text import timex
from .lexicon import load_lexicon
from .parse import sentence_spans


@dataclass(frozen=True)
class When:
    value: str | None  # ISO date or month
    precision: str  # a time value's (day, week, weekend, month, season, year, decade, century), reference, unknown
    first: date | None = None
    last: date | None = None
    constraint: str | None = None  # what is known when the day is not ("Tuesday")
    shifted: bool = False  # counted from another day the sentence gives ("de la veille")


class DocumentTiming:
    def __init__(self, kb: KnowledgeBase, doc: Document, series_finder, language: str = "fr") -> None:
        self.kb = kb
        self.doc = doc
        self.series_finder = series_finder  # summit series named in a text (events.NameFinder)
        self.words = _words(language)
        self._saying = load_lexicon(language).reported  # verbs of saying, among other attribution cues
        self._quoted = [(quote.start, quote.end) for quote in doc.quotes]
        self._said: set[int] = set()  # starts of the quoted deictics read from their saying's day
        self._verbs: dict[tuple[int, int], object] = {}  # an expression's span → the verb it hangs on
        self.sentences = sentence_spans(doc.spacy_doc)
        published = doc.article.published
        self.reference = date.fromisoformat(published) if published and len(published) == 10 else None
        self.month = _month_span(published) if published and len(published) == 7 else None
        self.expressions = self._said_days(_expressions(doc, self.reference, self.month, language))
        self._era = self._office_era()
        self._summits = self._summits_named()
        self.published_weekday = None if self.reference else self._published_weekday()
        self._latest_day = None if self.reference else self._latest_stated_day()
        self._own_day = None if self.reference else self._demonstrative_day()

    # -- dates -------------------------------------------------------------------------------

    def event_date(self, index: int, sentence, token) -> When | None:
        first, last = self._dating_span(index, sentence, token)
        # A future clause's day is never the event's, even as a bare weekday; one the parse hangs
        # below the trigger may still be a saying's ("…, a déclaré jeudi le vice-président").
        found, future = [], []
        for e in self.expressions:
            if not (first <= e.start < last) or self._quoted_deictic(e) or e.value.type not in ("DATE", "TIME"):
                continue
            if self._in_future_clause(e, token):
                future.append(e)
            elif (e.value.first or _unanchored_day(e.value)) and not self._in_embedded_clause(e, token):
                found.append(e)
        nearest = min(found, key=lambda e: abs(e.start - token.idx), default=None)
        span_text = _blanked(self.doc.article.clean_text, first, last, future)
        shift = self._anchored_offset(token.idx, first, last)  # "son entretien de la veille"
        best = min((e for e in found if not _overlaps(e, shift)), key=lambda e: abs(e.start - token.idx),
                   default=None) if shift else nearest
        if shift and best is None and self._weekday(span_text) is None:
            shift, best = None, nearest  # no other day in the sentence: counted from the article's day
        days = shift[0] if shift else None
        night = best is not None and (bool(self.words.night_range.search(best.text)) or bool(  # "de jeudi à hier"
            self.words.night_to_deictic.search(self.doc.article.clean_text, best.start, best.end + 16)))
        if best and best.value.first:
            if night and days is None:
                return When(best.value.last.isoformat(), "day", best.value.last, best.value.last)
            return _when(best.value) if days is None else _shifted(best.value, days)
        # a weekday or a day without its year: what it says, else the weekday the span names
        weekday = self._weekday(best.text if best else span_text)
        if weekday is None and best is None:
            weekday = self._deictic_weekday(first, last)
        days = (days or 0) + night
        if weekday is not None:
            weekday = (weekday + days) % 7
        summit_day = self._summit_day(weekday) or self._stated_day(weekday)
        if summit_day:
            return When(summit_day.isoformat(), "day", summit_day, summit_day)
        if self.reference or (best is None and weekday is None and not days and self._own_day):
            return self.undated()  # no day the words give: the article's own
        month_day = _month_day(best.value, days) if best else None
        if weekday is not None and month_day and (day := self._year_of_weekday(weekday, month_day)):
            return When(day.isoformat(), "day", day, day)
        constraint = self._constraint(weekday, month_day)
        return When(None, "unknown", constraint=str(constraint)) if constraint else None

    def undated(self) -> When | None:
        """The date of an event its text gives no time for: the article's day, else the day the
        article names as its own ("ce 30 mars"), else none."""
        if self.reference:
            return When(self.reference.isoformat(), "reference", self.reference, self.reference)
        return self._own_day

    def restatement_date(self, index: int) -> When | None:
        """The date of a statement that sentence ``index`` refers back to ("a fait cette déclaration
        lundi soir"), when it does."""
        if index >= len(self.sentences):
            return None
        sentence = self.sentences[index]
        match = self.words.restatement_pattern.search(sentence.text)
        if not match:
            return None
        span = self.doc.spacy_doc.char_span(sentence.start_char + match.start(), sentence.start_char + match.end(),
                                            alignment_mode="expand")
        return self.event_date(index, sentence, span.root) if span is not None else None

    def _anchored_offset(self, offset: int, first: int, last: int) -> tuple[int, int, int] | None:
        """"la veille", "le lendemain"... (days, start, end) when it is the span's time expression
        nearest the trigger at ``offset``."""
        phrases = list(self.words.offset_pattern.finditer(self.doc.article.clean_text, first, last))
        if not phrases:
            return None
        phrase = min(phrases, key=lambda m: abs(m.start() - offset))
        distance = abs(phrase.start() - offset)
        if any(abs(e.start - offset) < distance for e in self.expressions
               if first <= e.start < last and not _overlaps(e, phrase)):
            return None
        return self.words.offsets[alias_key(phrase.group(0))], phrase.start(), phrase.end()

    def _governing_verb(self, expression):
        """The verb a time expression hangs on, if any (found once: every event of the sentence asks)."""
        key = (expression.start, expression.end)
        if key not in self._verbs:
            span = self.doc.spacy_doc.char_span(*key, alignment_mode="expand")
            ancestors = span.root.ancestors if span is not None else ()
            self._verbs[key] = next((t for t in ancestors if t.pos_ == "VERB"), None)
        return self._verbs[key]

    def _in_embedded_clause(self, expression, token) -> bool:
        """"Quatre diplomates ont été expulsés en réponse à la décision de la France d'expulser
        (...) le 26 mars": a date inside a clause below the trigger dates that clause's verb. A
        verb of saying is not such a clause: the parser hangs an incise ("…, a annoncé jeudi 11
        avril le ministre") below the event it reports, which the saying's day dates."""
        verb = self._governing_verb(expression)
        return (verb is not None and verb.i not in (token.i, token.head.i) and token.is_ancestor(verb)
                and verb.lemma_.casefold() not in self._saying)

    def _in_future_clause(self, expression, token) -> bool:
        """"« Le début de la trêve coïncidera avec l'Aïd, dans la nuit de dimanche à lundi », a
        précisé Kerry, qui s'exprimait à Genève": a day that a future verb of another clause governs
        is when that will happen, not when the past event did."""
        verb = self._governing_verb(expression)
        if verb is None or verb.i in (token.i, token.head.i) or _tense(verb) != "future":
            return False
        own = token if token.pos_ in ("VERB", "AUX") else next((t for t in token.ancestors if t.pos_ == "VERB"), None)
        return own is None or _tense(own) != "future"

    def _published_weekday(self) -> int | None:
        """An undated article's own weekday, when it names the weekday of its "hier" or
        "aujourd'hui" ("hier jeudi", "dans la nuit de jeudi à hier"); None unless all such say one."""
        found = set()
        # the night's weekday is the evening before the deictic day: one day more
        for pattern, night in ((self.words.deictic_weekday, 0), (self.words.night_to_deictic, 1)):
            for match in pattern.finditer(self.doc.article.clean_text):
                weekday = self.words.weekdays.index(alias_key(match.group("weekday"))) + night
                found.add((weekday - _offset_of(match.group("deictic"), self.words)) % 7)
        return found.pop() if len(found) == 1 else None

    def _deictic_weekday(self, first: int, last: int) -> int | None:
        """The weekday of the "hier" or "aujourd'hui" nearest the span's start, outside quotations,
        in an article whose own weekday is known."""
        if self.published_weekday is None:
            return None
        for match in self.words.deictic_pattern.finditer(self.doc.article.clean_text, first, last):
            if not self._quote_at(match.start()):
                return (self.published_weekday + _offset_of(match.group(0), self.words)) % 7
        return None

    def _said_days(self, expressions: list) -> list:
        """"« La décision prise aujourd'hui par la Russie… », a indiqué le Quai d'Orsay vendredi":
        a quotation's "aujourd'hui" or "hier" counts from the day its speaker said it, when the
        words that close the quotation give that day (else it stays unread: see _quoted_deictic)."""
        if self.reference is None:
            return expressions
        said = []
        for expression in expressions:
            quote = self._quote_at(expression.start)
            day = self._day_said(quote, expressions) if quote and self._is_deictic(expression) else None
            if day and expression.value.first:
                shift = day - self.reference
                value = replace(expression.value, value=(expression.value.first + shift).isoformat(),
                                first=expression.value.first + shift, last=expression.value.last + shift)
                expression = replace(expression, value=value)
                self._said.add(expression.start)
            said.append(expression)
        return said

    def _day_said(self, quote: tuple[int, int], expressions: list) -> date | None:
        """The day the words closing a quotation (to the end of their sentence) give its saying."""
        end = next((s.end_char for s in self.sentences if s.start_char <= quote[1] < s.end_char), quote[1])
        days = [e.value.first for e in expressions if quote[1] < e.start < end and e.value.type in ("DATE", "TIME")
                and e.value.first and e.value.first == e.value.last and not self._quote_at(e.start)]
        return days[0] if days else None

    def _quote_at(self, offset: int) -> tuple[int, int] | None:
        """The (start, end) of the quotation that holds a character offset, if any."""
        return next(((start, end) for start, end in self._quoted if start <= offset < end), None)

    def _is_deictic(self, expression) -> bool:
        return alias_key(expression.text) in self.words.deictic_offsets

    def _quoted_deictic(self, expression) -> bool:
        """A quotation's "aujourd'hui" whose saying the text does not date: another day, maybe."""
        return (self._is_deictic(expression) and expression.start not in self._said
                and self._quote_at(expression.start) is not None)

    def recent(self, day: date) -> bool:
        """Whether a day is within a week of the article's day (or month), when it has one."""
        if self.reference:
            return abs(day - self.reference) <= _WEEK
        return not self.month or self.month[0] - _WEEK <= day <= self.month[1] + _WEEK

    def _constraint(self, weekday: int | None, month_day: tuple[int, int] | None) -> DateConstraint | None:
        """What is known of an undated event: its weekday, its day without the year, and the weeks
        around the month the article is stamped with."""
        if weekday is None and month_day is None:
            return None
        window = (self.month[0] - _WEEK, self.month[1] + _WEEK) if self.month else (None, None)
        return DateConstraint(weekday, *window, month_day)

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
        match = self.words.weekday_pattern.search(text)
        return self.words.weekdays.index(alias_key(match.group(1))) if match else None

    def _summits_named(self) -> list:
        """The summits the article names by their series, narrowed by place and by who was in office."""
        series = self.series_finder.find(self.doc.article.clean_text)
        instances = [i for s in sorted(series) for i in self.kb.summits_of(s)]
        cities = {e.name for e in self.doc.entities.values() if e.type == "city"}
        places = cities | {e.country for e in self.doc.entities.values() if e.type == "country"}
        located = ([i for i in instances if i.city in cities]  # a city named says more than its country
                   or [i for i in instances if i.city in places or i.country in places])
        instances = located or instances
        era = self._era
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

    def _stated_day(self, weekday: int | None) -> date | None:
        """The day of an undated article that names only a weekday, when the article states it: the
        latest full date it gives ("Vladimir Poutine, le 13 janvier 2016" under the headline) falls on
        that weekday."""
        latest = self._latest_day
        return latest if latest is not None and weekday is not None and latest.weekday() == weekday else None

    def _latest_stated_day(self) -> date | None:
        """The latest full date the article gives, when it lies in the time of the office holders it
        names and of the month it is stamped with."""
        days = [e.value.first for e in self.expressions if e.value.type == "DATE" and e.value.precision == "day"
                and e.value.first and e.value.first == e.value.last]
        latest = max(days, default=None)
        if latest is None or (self._era and not self._era[0] <= latest <= self._era[1]):
            return None
        if self.month and not self.month[0] - _WEEK <= latest <= self.month[1] + _WEEK:
            return None
        return latest

    def _demonstrative_day(self) -> When | None:
        """An undated article's own day, when it names it with a demonstrative outside quotations
        ("convoqué au ministère ce 30 mars") and names no other so: what the article tells without
        a day happened then, as it would on a known publication day. A day without its year stays
        a constraint; a weekday alone ("ce lundi") says too little."""
        found = set()
        for expression in self.expressions:
            value = expression.value
            if (value.type != "DATE" or value.precision != "day" or self._quote_at(expression.start)
                    or alias_key(expression.text).split()[0] not in self.words.own_day_words):
                continue
            if value.first and value.first == value.last:
                found.add(When(value.first.isoformat(), "day", value.first, value.first))
            elif month_day := _month_day(value):
                found.add(When(None, "unknown", constraint=str(self._constraint(None, month_day))))
        return found.pop() if len(found) == 1 else None

    def _year_of_weekday(self, weekday: int, month_day: tuple[int, int]) -> date | None:
        """A day given with its weekday but not its year ("jeudi 29 octobre"), in an article with no
        reference date: the one year of the article's time — when the office holders it names were
        all in office, up to today — in which that day falls on that weekday; when that time leaves
        several (or the article names no office holder), the one of them among the years the
        article states ("en 2019", "le 3 mars 2019"). The weekday recurs every five to eleven
        years, so a known era or a stated year leaves one year or none; without either, nothing."""
        first, last = self._era if self._era else (date(_EARLIEST_YEAR, 1, 1), date.max)
        last = min(last, date.today())
        days = []
        for year in range(max(first.year, _EARLIEST_YEAR), last.year + 1):
            try:
                day = date(year, *month_day)
            except ValueError:  # 29 February
                continue
            if first <= day <= last and day.weekday() == weekday:
                days.append(day)
        if len(days) > 1 or not self._era:
            days = [day for day in days if day.year in self._stated_years]
        return days[0] if len(days) == 1 else None

    @cached_property
    def _stated_years(self) -> frozenset[int]:
        """The years the article's own dates name: expressions that fix a year ("2019", "mars
        2019", "le 3 mars 2019"), not ones counted from a reference nor the past start of a span
        ("depuis le 5 juin 2017")."""
        text = self.doc.article.clean_text
        return frozenset(e.value.first.year for e in self.expressions
                         if e.value.type == "DATE" and e.value.first and e.value.last
                         and e.value.first.year == e.value.last.year and _YEAR_WRITTEN.search(e.text)
                         and not self.words.since.search(text, max(0, e.start - 16), e.start))

    def _office_era(self) -> tuple[date, date] | None:
        counts = Counter(m.entity_id for m in self.doc.mentions)
        people = [(e, counts[i]) for i, e in self.doc.entities.items() if e.type == "person"]
        return common_era(people)

    # -- places ------------------------------------------------------------------------------

    def event_place(self, index: int, sentence, token, when: When | None, meeting: bool = False,
                    gathering: bool = False) -> dict | None:
        """Where the event happened: a city, landmark, summit, government building or country the
        parse attaches to its trigger. A gathering (a protest) happens at the landmark its sentence
        names, wherever the parse hangs it ("Situé avenue des Champs-Élysées, le restaurant a fait
        les frais des casseurs"); a city the parse does not attach may be anything else's ("sa
        rétrocession à Pékin")."""
        named = [m for m in self.doc.mentions if m.sentence == index]
        mentions = [m for m in named if self._attached(m, token)]
        sites = self._sites(mentions) or ([m for m in named if m.entity_type == "landmark"] if gathering else [])
        if sites:
            site = min(sites, key=lambda m: abs(m.start - token.idx))
            return self.place_of(self.doc.entities[site.entity_id])
        summit = self._summit_at(sentence, when, meeting)
        if summit:
            country = self.kb.country(summit.country)
            return {"city": summit.city, "country": country.name if country else None}
        buildings = [m for m in mentions if m.entity_type == "government_body" and self.introduced(m)]
        if buildings:  # "à l'Élysée", "au Kremlin": the country's capital
            capital = self.kb.capital(self.doc.entities[buildings[0].entity_id].stands_for)
            if capital:
                return self.place_of(capital)
        countries = [m for m in mentions if m.entity_type == "country" and self.introduced(m)]
        if countries:
            country = min(countries, key=lambda m: abs(m.start - token.idx))
            city = country.entity_name if self._city_territory(country) else None
            return {"city": city, "country": country.entity_name}
        return None

    def _sites(self, mentions) -> list:
        """Cities introduced as places ("à Lima") and landmarks however introduced ("sur les
        Champs-Élysées", "place Tahrir")."""
        return [m for m in mentions if m.entity_type == "landmark" or (m.entity_type == "city" and self.introduced(m))]

    def _city_territory(self, mention) -> bool:
        """A territory that is also one of its own cities, named as a city ("à Hong Kong", "à
        Singapour"): the event happened in that city."""
        if self._preposition(mention) != self.words.city_preposition:
            return False
        city = self.kb.city(mention.entity_name) or self.kb.city(mention.text)
        entity = self.doc.entities.get(mention.entity_id)
        return bool(city and entity and city.country == entity.country)

    def _summit_at(self, sentence, when: When | None, meeting: bool):
        """The summit an event happened at, of those the article names: the one whose days hold the
        event's day; else the one of the series its sentence names ("en marge du sommet de l'Apec");
        else the only one, for a meeting without a day of its own ("se sont rencontrés en
        tête-à-tête" in an article on the G20 of Hangzhou)."""
        during = [summit for summit in self._summits if _during(summit, when)]
        if len(during) == 1:
            return during[0]
        named = self.series_finder.find(sentence.text)
        of_series = [summit for summit in self._summits if summit.series in named]
        if len(of_series) == 1:
            return of_series[0]
        undated = when is None or when.precision in ("unknown", "reference")
        return self._summits[0] if len(self._summits) == 1 and meeting and undated else None

    def entity(self, actor_id: str | None):
        """An actor's entity: as linked in the article, else from the knowledge base."""
        return self.doc.entities.get(actor_id) or (self.kb.get(actor_id) if actor_id else None)

    def seat_of(self, actor_id: str | None) -> dict | None:
        """Where a decision is taken when the text says nowhere: a state's in its government's
        capital, an international organisation's at its seat (the UN in New York), an office
        holder's where the state or organisation they then served sits."""
        entity = self.entity(actor_id)
        if entity is None:
            return None
        if entity.type == "organisation":
            return self._seat(entity)
        if entity.type not in ("country", "government_body", "person"):
            return None
        code = entity.stands_for or entity.country
        if entity.type == "person":
            served = [o.of for o in entity.offices if self._in_time(o)]
            if code not in served:  # a former prime minister now at the UN acts from New York
                return next(filter(None, (self._seat(self.kb.by_key(of)) for of in served)), None)
        capital = self.kb.capital(code)
        return self.place_of(capital) if capital else None

    def _seat(self, organisation) -> dict | None:
        """The city an international organisation sits in (kb/data: its ``city``), as a place."""
        if organisation is None or organisation.type != "organisation" or not organisation.city:
            return None
        city = next((e for e in self.kb.lookup(organisation.city) if e.type == "city"), None) or \
            self.kb.city(organisation.city)
        return self.place_of(city) if city else None

    def _in_time(self, office) -> bool:
        """Whether an office was held in the article's time: on its day, else in the era of the office
        holders it names; without either, any office counts."""
        if self.reference:
            return office.overlaps(self.reference, self.reference)
        return self._era is None or office.overlaps(*self._era)

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

    def introduced(self, mention) -> bool:
        return self._preposition(mention) in self.words.prepositions

    def _preposition(self, mention) -> str | None:
        before = alias_key(self.doc.article.clean_text[max(0, mention.start - 8):mention.start]).split()
        return before[-1] if before else None

    def place_of(self, entity) -> dict:
        """A city, or a landmark's city."""
        country = self.kb.country(entity.country)
        return {"city": entity.city or entity.name, "country": country.name if country else None}


def _during(summit, when: When | None) -> bool:
    """A meeting dated to a day (from the text or a summit, not the reference date) within a summit
    the article names happened there."""
    day = when.first if when and when.precision != "reference" and when.first == when.last else None
    return day is not None and summit.start <= day <= summit.end


def imminent(when: When | None, reference: date | None, days: int) -> bool:
    """A planned event dated within the next few days (a preview of a meeting) keeps its type."""
    return bool(when and when.first and when.precision != "reference" and reference
                and 0 <= (when.first - reference).days <= days)


def _overlaps(expression, span) -> bool:
    """Whether a time expression overlaps a span: a regex match, or a (days, start, end) shift."""
    start, end = (span.start(), span.end()) if isinstance(span, re.Match) else span[1:]
    return expression.start < end and start < expression.end


def _blanked(text: str, first: int, last: int, expressions: list) -> str:
    """text[first:last] with the given expressions blanked out (offsets kept)."""
    chars = list(text[first:last])
    for e in expressions:
        for i in range(max(e.start, first), min(e.end, last)):
            chars[i - first] = " "
    return "".join(chars)


def _offset_of(deictic: str, words: _Words) -> int:
    return words.deictic_offsets[alias_key(deictic.replace("’", "'"))]


def _shifted(value, days: int) -> When:
    """A day ``days`` after the day a value gives (its first day, for a longer period)."""
    day = value.first + timedelta(days=days)
    return When(day.isoformat(), "day", day, day, shifted=True)


def _when(value) -> When:
    """An event's time at its value's own precision: a day is cut to its date ("2017-05-02TEV"), a
    season ("2020-FA"), a week or a decade ("201X") stays what it is, never read as a day."""
    text = value.value[:10] if value.precision == "day" else value.value
    return When(text, value.precision, value.first, value.last)


@dataclass(frozen=True)
class _Words:
    """A language's dating words, read once per language."""

    weekdays: tuple[str, ...]
    weekday_pattern: re.Pattern
    prepositions: frozenset[str]
    city_preposition: str  # "à": "à Hong Kong" is the city, "au Luxembourg" the country
    offsets: dict[str, int]  # "la veille" → -1: counted from a day the sentence gives
    offset_pattern: re.Pattern
    night_range: re.Pattern  # "la nuit de jeudi à vendredi": dated the second day
    restatement_pattern: re.Pattern  # "cette déclaration", referring back to the statement before
    own_day_words: frozenset[str]  # "ce 30 mars": the article's own day
    since: re.Pattern  # "depuis (le)" closing the text before a day: a span's past start
    deictic_offsets: dict[str, int]  # "hier" → -1: counted from the day they are said
    deictic_pattern: re.Pattern
    deictic_weekday: re.Pattern  # "hier jeudi", "aujourd'hui, lundi"
    night_to_deictic: re.Pattern  # "la nuit de jeudi à hier"


@cache
def _words(language: str) -> _Words:
    data = lang.toml(language, "datelines.toml")
    offsets = data["anchored_offsets"]
    deictics = {k: v for k, v in lang.toml(language, "dates.toml")["words"]["day_offset"].items() if k not in offsets}
    weekdays = "|".join(data["weekdays"])
    return _Words(
        weekdays=tuple(alias_key(w) for w in data["weekdays"]),
        weekday_pattern=re.compile(rf"\b({weekdays})\b", re.IGNORECASE),
        prepositions=frozenset(alias_key(p) for p in data["place_prepositions"]),
        city_preposition=alias_key(data.get("city_preposition", "")),
        offsets={alias_key(k): v for k, v in offsets.items()},
        offset_pattern=re.compile(rf"\b(?:{_alternation(offsets)})\b", re.IGNORECASE),
        night_range=re.compile(data["night_range"], re.IGNORECASE),
        restatement_pattern=re.compile(
            r"\b(?:" + "|".join(map(re.escape, data["restatements"])) + r")\b", re.IGNORECASE),
        own_day_words=frozenset(alias_key(w) for w in data["own_day_words"]),
        since=re.compile(rf"\b(?:{_alternation(data['since_words'])})\s+(?:\S+\s+)?$", re.IGNORECASE),
        deictic_offsets={alias_key(k): v for k, v in deictics.items()},
        deictic_pattern=re.compile(rf"\b(?:{_alternation(deictics)})\b", re.IGNORECASE),
        deictic_weekday=re.compile(rf"\b(?P<deictic>{_alternation(deictics)}),?\s+(?P<weekday>{weekdays})\b",
                                   re.IGNORECASE),
        night_to_deictic=re.compile(data["night_range"].replace("(?:\\S+\\s+){1,3}?", rf"(?P<weekday>{weekdays})\s+")
                                    + rf"(?P<deictic>{_alternation(deictics)})\b", re.IGNORECASE),
    )


def _alternation(words) -> str:
    """A regex alternation of words, either apostrophe and a hyphen or a space matching alike."""
    return "|".join(re.escape(word).replace("'", "['’]").replace("\\-", "[-\\s]") for word in words)


_WEEK = timedelta(days=7)  # a weekday an article names is within a week of its publication
_EARLIEST_YEAR = 1900  # the office records of the knowledge base start later
_YEARLESS = re.compile(r"XXXX-(\d\d)-(\d\d)")
_YEAR_WRITTEN = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")  # a year in figures


def _expressions(doc: Document, reference: date | None, month: tuple[date, date] | None, language: str) -> list:
    spacy_doc = doc.spacy_doc

    def tense_at(offset: int) -> str | None:
        span = spacy_doc.char_span(offset, offset + 1, alignment_mode="expand")
        return _tense(span.root.head) if span is not None else None

    found = timex.extract(doc.article.clean_text, reference, tense_at, language)
    return [_in_month(e, month) for e in found] if month else found


def _month_span(month: str) -> tuple[date, date] | None:
    try:
        first = date.fromisoformat(f"{month}-01")
    except ValueError:
        return None
    return first, (first + timedelta(days=31)).replace(day=1) - timedelta(days=1)


def _unanchored_day(value) -> bool:
    """A weekday ("XXXX-WXX-7") or a day without its year ("XXXX-03-30"), read without a reference."""
    return value.value.startswith("XXXX-") and value.precision == "day"


def _month_day(value, days: int = 0) -> tuple[int, int] | None:
    """The month and day of a day given without its year, ``days`` later (counted in a leap year)."""
    match = _YEARLESS.fullmatch(value.value[:10]) if value.type in ("DATE", "TIME") else None
    if not match:
        return None
    day = date(2000, int(match[1]), int(match[2])) + timedelta(days=days)
    return day.month, day.day


def _in_month(expression, month: tuple[date, date]):
    """A day without its year ("le 29 mars") in an article stamped with a month: the year that puts
    it nearest that month."""
    month_day = _month_day(expression.value)
    if not month_day:
        return expression
    day = nearest_year(month_day, month[0] + timedelta(days=14))
    if day is None:
        return expression
    value = replace(expression.value, value=day.isoformat() + expression.value.value[10:], first=day, last=day)
    return replace(expression, value=value)


def clause_tense(token) -> str | None:
    """The tense of the clause a trigger (a verb, or a noun under one) belongs to."""
    verb = token if token.pos_ in ("VERB", "AUX") else token.head
    return _tense(verb)


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
