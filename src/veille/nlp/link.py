"""Stage: link mentions to knowledge-base entities (people with their offices, countries,
organisations, places), resolve role phrases and within-document references, drop spurious ones.

Order of work for one document:
1. gazetteer: every KB alias in the text (multi-word names accent- and case-insensitively,
   single words exactly, so that common words never match);
2. role phrases ("le président russe") and pairs ("les deux hommes") from the language's grammar;
3. spaCy's named entities that neither covers, cleaned (titles such as "M."/"MM." stripped, spans
   split at line breaks, digits and lone headings dropped), looked up again, else kept as local
   entities; a lone surname is resolved to a full name seen in the same article;
4. role phrases resolved to the office holders on the article's reference date (or, without one,
   during the period when the people the article names held office), pairs to the two people
   the article has named most so far.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta

from spacy.tokens import Doc, Span

from .. import lang
from ..kb.base import KnowledgeBase, common_era
from ..kb.gazetteer import Gazetteer
from ..kb.model import LOCAL_PREFIX, Entity, alias_key, is_local
from ..models import Document, Mention
from ..settings import Settings
from .parse import sentence_spans
from .roles import PairPhrase, RoleGrammar, RolePhrase

LABEL_OF_TYPE = {"person": "PER", "country": "LOC", "city": "LOC", "place": "LOC", "landmark": "LOC",
                 "organisation": "ORG", "government_body": "ORG", "security_force": "ORG",
                 "armed_group": "ORG"}
TYPE_OF_LABEL = {"PER": "person", "LOC": "place", "ORG": "organisation", "MISC": "misc"}
_DIGIT = re.compile(r"\d")
_NAME_GAP = re.compile(r"^\s*,?\s*$")  # what may separate a role phrase from the name that follows
_LINE_BREAK = re.compile(r"\n+")
_PEOPLE_SEPARATORS = re.compile(r"\n+|\s+et\s+|\s*,\s+")


@dataclass
class _Candidate:
    start: int
    end: int
    text: str
    label: str
    entities: list[Entity]  # candidates; one once resolved


class LinkStage:
    name = "link"
    requires = frozenset({"spacy_doc", "mentions"})
    assigns = frozenset({"entities"})

    def __init__(self, kb: KnowledgeBase | None = None) -> None:
        self._kb = kb
        self.linker: Linker | None = None

    def initialize(self, settings: Settings) -> None:
        self.linker = Linker(self._kb or KnowledgeBase.load("fr"))

    def __call__(self, docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            if doc.spacy_doc is not None:
                doc.mentions, doc.entities = self.linker.link(doc.spacy_doc, reference_window(doc.article.published))
            yield doc


def reference_window(published: str | None) -> tuple[date, date] | None:
    """The days an article's reference date may be: one day, a whole month, or unknown."""
    if not published:
        return None
    if len(published) >= 10:
        day = date.fromisoformat(published[:10])
        return day, day
    first = date.fromisoformat(published[:7] + "-01")
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return first, following - timedelta(days=1)


class Linker:
    def __init__(self, kb: KnowledgeBase, language: str = "fr") -> None:
        self.kb = kb
        self.grammar = RoleGrammar(kb, language)
        words = lang.toml(language, "gazetteer.toml")
        never_alone = {alias_key(name) for name in words["never_alone"]}
        self._not_entities = {alias_key(name) for name in words["not_entities"]}
        self._thing_heads = {alias_key(name) for name in words.get("thing_heads", [])}
        self._city_names = {alias_key(name): city for name, city in words.get("city_names", {}).items()}
        joins = "|".join(re.escape(word) for word in words.get("compound_joins", []))
        self._compound_head = re.compile(rf"\w-(?:{joins})-?$", re.IGNORECASE) if joins else None
        nouns = "|".join(re.escape(noun) for noun in words.get("place_nouns", []))
        self._place_before = re.compile(rf"\b(?:{nouns})\s+(?:de\s+|d['’]\s*)$", re.I) if nouns else None
        self._place_after = re.compile(rf"\s*,\s*(?:une?|la|le|l['’])\s*(?:{nouns})\b", re.I) if nouns else None
        self._demonyms = self.grammar.demonym_words
        self.gazetteer = Gazetteer(
            alias for alias, entity in kb.aliases()
            if alias_key(alias) not in never_alone and not _foreign_country_name(alias, entity)
        )

    # -- the whole document ----------------------------------------------------------------

    def link(self, doc: Doc, window: tuple[date, date] | None) -> tuple[list[Mention], dict[str, Entity]]:
        """The document's mentions, linked, and the entities they link to (by id)."""
        text = doc.text  # spaCy rebuilds it from the tokens at each access
        roles = self.grammar.roles(text)
        institutions = self.grammar.institutions(text)
        pairs = self.grammar.pairs(text)
        named = self._gazetteer(text)
        named = self._add_ner(doc, text, named, roles, pairs)
        named = self._described_places(named, text)
        named = self._resolve_surnames(named)
        era = window or self._era(named)
        for candidate in named:
            if len(candidate.entities) > 1:
                candidate.entities = [self._best(candidate.entities, era, named)]
        resolved = [c for c in named if c.entities]
        day = window[0] if window and window[0] == window[1] else None
        resolved += self._resolve_roles([r for r in roles if r.places], resolved, day, era, text)
        resolved = self._resolve_institutions(institutions, resolved)
        resolved += self._peoples(doc, resolved)
        resolved += self._resolve_pairs(pairs, resolved, doc)
        return self._mentions(doc, resolved)

    # -- 1. gazetteer ----------------------------------------------------------------------

    def _gazetteer(self, text: str) -> list[_Candidate]:
        candidates = []
        for match in self.gazetteer.find(text):
            if self._compound_head and self._compound_head.search(text, max(0, match.start - 8), match.start):
                continue  # "France" in "Île-de-France"
            entities = self.kb.lookup(match.key)
            if entities:
                candidates.append(_Candidate(match.start, match.end, text[match.start:match.end],
                                             LABEL_OF_TYPE.get(entities[0].type, "MISC"), entities))
        return candidates

    # -- 3. named entities that the gazetteer did not cover ------------------------------------

    def _add_ner(self, doc: Doc, text: str, named: list[_Candidate], roles: list[RolePhrase],
                 pairs: list[PairPhrase]) -> list[_Candidate]:
        taken = [(c.start, c.end) for c in named] + [(r.start, r.end) for r in (*roles, *pairs)]
        result = list(named)
        for ent in doc.ents:
            for start, end, piece in self._pieces(ent):
                overlapping = _overlapping(named, start, end)
                if overlapping and not self._other_person(ent.label_, piece, start, end, overlapping):
                    continue
                if not overlapping and any(s < end and start < e for s, e in taken):
                    continue
                if overlapping:
                    result = [c for c in result if c not in overlapping]
                candidate = self._named_entity(text, ent, start, end, piece)
                if candidate:
                    result.append(candidate)
        return sorted(result, key=lambda c: c.start)

    def _pieces(self, ent: Span) -> Iterator[tuple[int, int, str]]:
        """An entity span split at line breaks and, for people, at "et"/commas ("Soylu et Gul"),
        each piece without leading titles ("M.", "MM.")."""
        splitter = _PEOPLE_SEPARATORS if ent.label_ == "PER" else _LINE_BREAK
        position = 0
        for piece in splitter.split(ent.text):
            at = ent.text.index(piece, position)
            position = at + len(piece)
            stripped = self._strip_titles(piece)
            if stripped:
                start = ent.start_char + at + piece.index(stripped)
                yield start, start + len(stripped), stripped

    def _strip_titles(self, text: str) -> str:
        """'M. Poutine' → 'Poutine', 'MM. Trump' → 'Trump' (any spacing, non-breaking included)."""
        text = text.strip(" \t\u00a0\u202f,;:-–—'\"«»()")
        while True:
            match = self.grammar.title_prefix.match(text)
            if not match:
                return text
            text = text[match.end():]

    def _other_person(self, label: str, text: str, start: int, end: int, overlapping: list[_Candidate]) -> bool:
        """A longer name that contains a known one is someone or something else: "Hunter Biden" is
        not Joe Biden, "Paris Saint-Germain" is a football club, not the French government."""
        if len(overlapping) != 1 or self.kb.lookup(text):
            return False
        inner = overlapping[0]
        if not (start <= inner.start and inner.end <= end) or (inner.start, inner.end) == (start, end):
            return False
        extra = (text[: inner.start - start] + " " + text[inner.end - start:]).split()
        if not extra or not all(word[:1].isupper() for word in extra):
            return False
        return label == "PER" or inner.entities[0].type in ("city", "place")

    def _named_entity(self, document: str, ent: Span, start: int, end: int, text: str) -> _Candidate | None:
        if _DIGIT.search(text) or len(text) < 2:
            return None
        entities = self.kb.lookup(text)
        if not entities and (self._is_heading_word(document, ent, text) or alias_key(text) in self._demonyms
                             or alias_key(text) in self._not_entities):
            return None
        if not entities and ent.label_ == "LOC":
            city = self.city(text)
            entities = [city] if city else []
        label = LABEL_OF_TYPE.get(entities[0].type, ent.label_) if entities else ent.label_
        if not entities and alias_key(text).split()[0] in self._thing_heads:
            label = "MISC"  # "Affaire Skripal" is no one
        if not entities:
            if label == "PER" and not text[:1].isupper():
                return None
            entities = [Entity(id=f"{LOCAL_PREFIX}{alias_key(text).replace(' ', '-')}", type=TYPE_OF_LABEL.get(label, "misc"),
                               name=text)]
        return _Candidate(start, end, text, label, entities)

    def _described_places(self, named: list[_Candidate], text: str) -> list[_Candidate]:
        """An unknown name the text calls a place ("la localité de Khan Cheikhoun", "Khan Cheikhoun,
        une ville tenue par les rebelles") is a place each time the article names it: the recogniser
        often takes a foreign town's name for a person's."""
        if self._place_before is None:
            return named
        places = {c.entities[0].id for c in named
                  if is_local(c.entities[0].id) and c.entities[0].type != "place"
                  and (self._place_before.search(text, max(0, c.start - 30), c.start)
                       or self._place_after.match(text, c.end))}
        for c in named:
            if c.entities[0].id in places:
                c.entities = [replace(c.entities[0], type="place")]
                c.label = "LOC"
        return named

    @staticmethod
    def _is_heading_word(document: str, ent: Span, text: str) -> bool:
        """A single capitalised word standing alone on its line ("Divergences") is a heading, not a name."""
        if " " in text:
            return False
        line_start = document.rfind("\n", 0, ent.start_char) + 1
        line_end = document.find("\n", ent.end_char)
        line = document[line_start: len(document) if line_end < 0 else line_end].strip()
        return len(line.split()) <= 3

    # -- within-document references ------------------------------------------------------------

    @staticmethod
    def _resolve_surnames(named: list[_Candidate]) -> list[_Candidate]:
        """A lone local name is someone the article names in full: "Dawes" is "Kevin Dawes" (surname),
        "Sergueï" next to "Lavrov" is Sergey Lavrov (first name of a known person named in the article)."""
        surnames, first_names = {}, {}
        for c in named:
            entity = c.entities[0]
            if entity.type != "person" or len(c.entities) != 1:
                continue
            for alias in (entity.name, *entity.aliases):
                words = alias_key(alias).split()
                if len(words) > 1:
                    surnames.setdefault(words[-1], entity)
                    first_names.setdefault(words[0], entity)
        for c in named:
            entity = c.entities[0]
            if is_local(entity.id) and entity.type == "person" and " " not in entity.name:
                key = alias_key(entity.name)
                c.entities = [surnames.get(key) or first_names.get(key) or entity]
        return named

    @staticmethod
    def _era(named: list[_Candidate]) -> tuple[date, date] | None:
        """Without a date: the period when the office-holders the article names were in office."""
        counts = Counter(c.entities[0].id for c in named if len(c.entities) == 1)
        people = {c.entities[0].id: c.entities[0] for c in named if len(c.entities) == 1}
        return common_era([(entity, counts[i]) for i, entity in people.items() if entity.type == "person"])

    def _best(self, entities: list[Entity], era: tuple[date, date] | None, named: list[_Candidate]) -> Entity:
        """Among homonyms: the one named unambiguously elsewhere, then the one in office at the time."""
        alone = Counter(c.entities[0].id for c in named if len(c.entities) == 1)

        def score(entity: Entity) -> tuple:
            in_office = bool(era) and any(o.overlaps(*era) for o in entity.offices)
            distance = min((_distance(o, era) for o in entity.offices), default=10**6) if era else 10**6
            return (-alone[entity.id], not in_office, distance, entity.type != "person")

        return min(entities, key=score)

    # -- 4. roles and pairs --------------------------------------------------------------------

    def _resolve_roles(self, roles: list[RolePhrase], resolved: list[_Candidate], day: date | None, era,
                       text: str) -> list[_Candidate]:
        found = []
        for phrase in roles:
            if self._name_follows(phrase, resolved, text) or self._inside_name(phrase, resolved):
                continue
            known = [*resolved, *found]  # people resolved from earlier phrases are anchors too
            holders = [self._holder(phrase, codes, known, day, era) for codes in phrase.places]
            for entity in holders:
                if entity is not None:
                    found.append(_Candidate(phrase.start, phrase.end, phrase.text, "PER", [entity]))
        return found

    def _resolve_institutions(self, phrases: list[RolePhrase], resolved: list[_Candidate]) -> list[_Candidate]:
        """A state institution named by its demonym stands for the country ("l'armée américaine");
        it replaces a span the recogniser found there without knowing it ("ministère russe des ...")."""
        for phrase in phrases:
            overlapping = _overlapping(resolved, phrase.start, phrase.end)
            if any(not is_local(c.entities[0].id) for c in overlapping):
                continue  # part of a role phrase or a known name
            codes = phrase.places[0]
            country = self.kb.country(codes[0]) if len(codes) == 1 else None
            if country:
                resolved = [c for c in resolved if c not in overlapping]
                resolved.append(_Candidate(phrase.start, phrase.end, phrase.text, "ORG", [country]))
        return resolved

    def _peoples(self, doc: Doc, resolved: list[_Candidate]) -> list[_Candidate]:
        """A people named by its capitalised plural demonym stands for its country ("Russes et
        Américains sont convenus d'un plan"); the lower-case adjective ("les diplomates russes")
        is left to the role and institution phrases."""
        found = []
        for token in doc:
            number = token.morph.get("Number")  # a proper noun often has none: its ending tells
            plural = number == ["Plur"] or (not number and token.text[-1:] in ("s", "x"))
            if not (token.text[:1].isupper() and token.pos_ in ("NOUN", "PROPN") and token.dep_ != "amod" and plural):
                continue
            codes = self.grammar.demonym_countries(token.text)
            country = self.kb.country(codes[0]) if len(codes) == 1 else None
            start, end = token.idx, token.idx + len(token.text)
            if country and not _overlapping(resolved, start, end):
                found.append(_Candidate(start, end, token.text, "LOC", [country]))
        return found

    @staticmethod
    def _name_follows(phrase: RolePhrase, resolved: list[_Candidate], text: str) -> bool:
        """'le président russe Vladimir Poutine': the name says who it is."""
        return any(c.start >= phrase.end and c.entities[0].type == "person" and c.start - phrase.end <= 3
                   and _NAME_GAP.match(text[phrase.end:c.start]) for c in resolved)

    @staticmethod
    def _inside_name(phrase: RolePhrase, resolved: list[_Candidate]) -> bool:
        return any(c.start <= phrase.start and phrase.end <= c.end for c in resolved)

    def _holder(self, phrase: RolePhrase, codes: tuple[str, ...], resolved, day: date | None, era) -> Entity | None:
        """The office holder a phrase denotes.

        On the article's known day, whoever held the office (the one the article names, if several).
        Otherwise, among everyone who held it, the one the article names most often; failing that,
        the only holder during the period (the article's month, or the era of the people it names);
        else nobody: a role is never guessed.
        """
        period = (day, day) if day else era
        wanted = [(code, role, select) for code in codes for role, select in self._what(phrase, code, resolved, period)]

        def holders(when) -> list[Entity]:
            found = [e for code, role, select in wanted for _, e in self._held(role, code, select, when)]
            return list({e.id: e for e in found}.values())

        candidates = holders(period if day else None)
        counts = Counter(c.entities[0].id for c in resolved)
        named = sorted((e for e in candidates if counts[e.id]), key=lambda e: -counts[e.id])
        if named:
            return named[0]
        if day:
            return candidates[0] if candidates else None
        during = holders(era) if era is not None else []
        return during[0] if len(during) == 1 else None

    def _what(self, phrase: RolePhrase, code: str, resolved, era) -> list[tuple[str | None, str | None]]:
        """Which office a phrase asks for, in order of preference."""
        if phrase.select == "counterpart":
            anchor = self._anchor_office(phrase, resolved, era)
            if anchor is None or anchor.head_of_state or anchor.head_of_government:
                return self._leader(code, era)  # a leader's counterpart leads the other country
            return [(anchor.role, None)] + self._leader(code, era)
        if phrase.select == "leader":
            return self._leader(code, era)
        return [(phrase.role, phrase.select)]

    def _leader(self, code: str, era) -> list[tuple[str | None, str | None]]:
        if code in self.grammar.ceremonial:
            return [(None, "head_of_government")]
        heads = self._held(None, code, "head_of_state", era)
        if heads and heads[0][0].role in ("king", "queen"):
            return [(None, "head_of_government"), (None, "head_of_state")]
        return [(None, "head_of_state"), (None, "head_of_government")]

    def _anchor_office(self, phrase: RolePhrase, resolved: list[_Candidate], era):
        """'X a reçu son homologue russe': the office X held, X being the nearest office-holder before."""
        for c in sorted((c for c in resolved if c.end <= phrase.start), key=lambda c: -c.start):
            offices = [o for o in c.entities[0].offices if era is None or o.overlaps(*era)]
            if offices:
                return offices[-1]
        return None

    def _held(self, role, code, select, era):
        if era is None:
            return self.kb.holders(role, code, select=select)
        if era[0] == era[1]:
            return self.kb.holders(role, code, on=era[0], select=select)
        return self.kb.holders(role, code, between=era, select=select)

    @staticmethod
    def _resolve_pairs(pairs: list[PairPhrase], resolved: list[_Candidate], doc: Doc) -> list[_Candidate]:
        """'les deux hommes': the two people named together most recently (closer sentences weigh more)."""
        starts = [sent.start_char for sent in sentence_spans(doc)]
        found: list[_Candidate] = []
        for pair in pairs:
            here = _bisect(starts, pair.start)
            people: dict[int, dict[str, Entity]] = {}
            for c in (*resolved, *found):
                if c.end <= pair.start and c.entities[0].type == "person":
                    people.setdefault(_bisect(starts, c.start), {})[c.entities[0].id] = c.entities[0]
            weights: Counter[tuple[str, str]] = Counter()
            for sentence, members in people.items():
                ids = sorted(members)
                for i, first in enumerate(ids):
                    for second in ids[i + 1:]:
                        weights[(first, second)] += 0.5 ** (here - sentence)
            if not weights:
                continue
            best = max(weights, key=lambda ids: weights[ids])
            everyone = {i: e for members in people.values() for i, e in members.items()}
            found += [_Candidate(pair.start, pair.end, pair.text, "PER", [everyone[i]]) for i in best]
        return found

    # -- what a name means -------------------------------------------------------------------

    def city(self, name: str):
        """The GeoNames city a name means in this language's press ("Odessa": Odesa, not the Texan
        town whose own name it is)."""
        return self.kb.city(self._city_names.get(alias_key(name), name))

    def describe(self, name: str, on: date) -> dict:
        """What a name or role phrase links to on a day (`veille kb show`)."""
        phrases = [p for p in self.grammar.roles(name) if p.places and not name[p.end:].strip(" .")]
        if phrases:
            phrase = phrases[0]
            holders = [self._holder(phrase, codes, [], on, None) for codes in phrase.places]
            entities, via = [e for e in holders if e is not None], "role"
        else:
            entities, via = self.kb.lookup(name), "name"
            if not entities:
                city = self.city(name)
                entities = [city] if city else []
        series = self.kb.summit_series_named(name)
        return {
            "query": name,
            "date": on.isoformat(),
            "via": via,
            "entities": [_describe_entity(e, on) for e in entities],
            "summits": [_describe_summit(s) for s in self.kb.summits_of(series.series)] if series else [],
        }

    # -- output ----------------------------------------------------------------------------

    def _mentions(self, doc: Doc, candidates: list[_Candidate]) -> tuple[list[Mention], dict[str, Entity]]:
        starts = [sent.start_char for sent in sentence_spans(doc)]
        mentions = []
        entities = {c.entities[0].id: c.entities[0] for c in candidates}
        for c in sorted(candidates, key=lambda c: (c.start, c.end)):
            entity = c.entities[0]
            sentence = max(0, _bisect(starts, c.start))
            mentions.append(Mention(start=c.start, end=c.end, text=c.text, label=c.label, sentence=sentence,
                                    entity_id=entity.id, entity_name=entity.name, entity_type=entity.type))
        return mentions, entities


def _overlapping(candidates: list[_Candidate], start: int, end: int) -> list[_Candidate]:
    """The candidates whose span overlaps start..end."""
    return [c for c in candidates if c.start < end and start < c.end]


def _describe_entity(entity: Entity, on: date) -> dict:
    def office(o) -> dict:
        return {"role": o.role, "of": o.of, "title": o.title, "start": o.start and o.start.isoformat(),
                "end": o.end and o.end.isoformat(), "acting": o.acting, "held_on_date": o.held_on(on)}

    return {**entity.summary(), "stands_for": entity.stands_for, "aliases": entity.aliases,
            "offices": [office(o) for o in entity.offices]}


def _describe_summit(summit) -> dict:
    return {"series": summit.series, "name": summit.name, "start": summit.start.isoformat(),
            "end": summit.end.isoformat(), "city": summit.city, "country": summit.country}


def _foreign_country_name(alias: str, entity: Entity) -> bool:
    """A country's English name ("Jordan") is kept for lookups but not searched for in French text."""
    return entity.type == "country" and alias == entity.name and alias != entity.label_fr


def _distance(office, era: tuple[date, date]) -> int:
    if office.overlaps(*era):
        return 0
    if office.end and office.end <= era[0]:
        return (era[0] - office.end).days
    return ((office.start or date.min) - era[1]).days


def _bisect(starts: list[int], value: int) -> int:
    """Index of the sentence (by start offsets) that contains ``value``."""
    return bisect_right(starts, value) - 1
