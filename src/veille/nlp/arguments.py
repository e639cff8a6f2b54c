"""Who takes part in an event, and as what: the source and target mentions of a trigger, read from
the dependency parse and the linked entities (docs/events.md, step 3 of the events stage).

The subject's entities are the source, objects and "à/avec/contre/entre" complements the target;
entities that only report the event ("selon le Kremlin") take no part; people named in apposition
after a phrase read as their state act themselves; when the parse gives no subject, the nearest
entities before the trigger stand in.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from ..kb.base import KnowledgeBase
from ..kb.model import Entity, is_local
from ..models import Actor, Document, Mention
from . import syntax
from .lexicon import Lexicon, Trigger

ACTOR_TYPES = {"person", "country", "organisation", "government_body", "security_force", "armed_group"}
_SUBJECTS = {"nsubj", "nsubj:pass", "obl:agent"}
_TARGET_RELATIONS = {"obj", "iobj", "obl:arg", "obl", "obl:mod"}
# "à/avec/contre X" is someone the event is directed at; "sur la Syrie", "en Syrie" is its topic or place.
_TARGET_PREPOSITIONS = {"à", "avec", "contre", "entre", "envers", "auprès"}
_METONYM_TYPES = {"city", "government_body"}
_PARTICIPANT_PREPOSITIONS = {"avec", "entre"}
_OF_PREPOSITIONS = {"de", "du", "des", "d"}
# "les ministres turcs de l'Intérieur et de la Justice, Suleyman Soylu et Abdulhamit Gül"
_APPOSITION = re.compile(r"(?:\s+(?:et\s+)?(?:de|du|des|d['’])\s*[^,;:.()«»\"\n]{1,60}?)?\s*,\s*")
_LIST_SEPARATOR = re.compile(r"\s*,\s*|\s+et\s+")


class Arguments:
    """The participants of one document's events."""

    def __init__(self, doc: Document, kb: KnowledgeBase, lexicon: Lexicon, reference: date | None,
                 sentences: list) -> None:
        self.doc, self.kb, self.lexicon, self.sentences = doc, kb, lexicon, sentences
        self.reference = reference  # the article's day: who held an office then
        self.spacy_doc = doc.spacy_doc
        self.mentions_by_sentence: dict[int, list[Mention]] = {}  # who may act or be where, by sentence
        for mention in doc.mentions:
            if not self._stance(mention):
                self.mentions_by_sentence.setdefault(mention.sentence, []).append(mention)
        self._spans: dict[tuple[int, int], object] = {}  # a mention's characters → its tokens

    def judged(self, token) -> bool:
        """Whether a noun trigger is the object of a verb that judges it (dénoncer, condamner,
        rejeter): that verb's subject is not the agent of the noun's event, unlike the subject of a
        verb that frames it (annoncer, ordonner). The verb is the noun's first verb ancestor: the
        parser often hangs the object on a weekday ("a dénoncé dimanche une attaque")."""
        if token.pos_ != "NOUN":
            return False
        verb = next((t for t in syntax.ancestors(token, 2) if t.pos_ == "VERB"), None)
        trigger = verb is not None and self.lexicon.lemmas.get((verb.lemma_.casefold(), verb.pos_))
        return bool(trigger) and trigger.type in self.lexicon.policy.judging

    def find(self, index: int, sentence, token, head, trigger: Trigger, *, guess_subject: bool = True,
             ) -> tuple[list[Mention], list[Mention]]:
        """The source and the target mentions of a trigger (``head``: the verb that carries it)."""
        mentions = [m for m in self.mentions_by_sentence.get(index, []) if self._can_act(m)]
        mentions = [m for m in mentions if not self._reports(m, head)]
        sources, targets = [], []
        undergoer = _passive_modifier(token, trigger)
        for mention in mentions:
            relation = "target" if undergoer and self._modified(mention, undergoer) else \
                self._relation(mention, token, head, trigger)
            if relation == "source":
                sources.append(mention)
            elif relation == "target":
                targets.append(mention)
        before = [m for m in sources if m.end <= token.idx]
        if before and len(before) < len(sources):  # French is SVO: a "subject" after the verb is its object
            targets += [m for m in sources if m not in before]
            sources = before
        if not sources and token.dep_ == "acl" and token.head.pos_ == "NOUN":
            sources = self._deciders(mentions, token.head)
        if not sources and guess_subject and not undergoer:  # no subject in the parse: the bare noun phrases right before the trigger
            candidates = self._earlier(index, mentions) if syntax.opens_with_verb(sentence, token) else mentions
            sources = _closest_group([m for m in candidates if m.end <= token.idx
                                      and m not in targets and not self._introduced(m)])
        sources, targets = self._apposed(sources, mentions), self._apposed(targets, mentions)
        return sources, [t for t in targets if t not in sources]

    def _apposed(self, group: list[Mention], mentions: list[Mention]) -> list[Mention]:
        """A body read as its state, with the people it means named in apposition ("les ministres
        turcs de l'Intérieur et de la Justice, Suleyman Soylu et Abdulhamit Gül"): the people act."""
        found = []
        for mention in group:
            people = self._named_after(mention, mentions)
            found += [m for m in (people or [mention]) if m not in found]
        return found

    def _named_after(self, mention: Mention, mentions: list[Mention]) -> list[Mention]:
        """The people named in apposition after a phrase read as a state or as one office holder
        ("les ministres turcs de l'Intérieur et de la Justice" names two)."""
        text = self.doc.article.clean_text
        phrase = self.doc.entities.get(mention.entity_id)
        if mention.entity_type not in ("country", "person") or phrase is None or \
                not any(word.islower() for word in mention.text.split()):
            return []  # a name ("la Turquie, ...", "Erdogan, ...") is followed by anything but its staff
        people, end, gap = [], mention.end, _APPOSITION
        for other in sorted((m for m in mentions if m.start >= mention.end), key=lambda m: m.start):
            if other.entity_type != "person" or not gap.fullmatch(text, end, other.start):
                break
            entity = self.doc.entities.get(other.entity_id)
            if entity and entity.country and phrase.country and entity.country != phrase.country:
                break  # someone of another state: no apposition
            people.append(other)
            end, gap = other.end, _LIST_SEPARATOR
        return people

    def _earlier(self, index: int, mentions: list[Mention]) -> list[Mention]:
        """The sentence's mentions, after those of the fragments the parser cut off before it
        ("Russes et Américains, qui soutiennent des camps adverses," | "sont convenus d'un plan":
        the verb's subject is in the fragment before)."""
        fragments = [i for i in self.whole_sentence(index) if i < index]
        return [m for i in fragments for m in self.mentions_by_sentence.get(i, []) if self._can_act(m)] + mentions

    def _deciders(self, mentions: list[Mention], noun) -> list[Mention]:
        """"la décision de la France d'expulser", "la décision prise par Moscou d'expulser": who
        the noun an infinitive completes belongs to, or who took it, acts."""
        # the parser often hangs the infinitive one noun too high ("en réponse à la décision de…")
        nouns = {noun.i} | {c.i for c in noun.children if c.dep_ == "nmod" and c.pos_ == "NOUN"}
        found = []
        for mention in mentions:
            span = self.span(mention)
            if span is not None and span.root.head.i in nouns and span.root.dep_ == "nmod" \
                    and syntax.preposition(span.root) in ("de", "d", "par"):
                found.append(mention)
        return found

    def quoted_speaker(self, index: int, token, head) -> list[Mention]:
        """A speaker's own act told in their quotation ("« Le gouvernement a décidé de suspendre la
        procédure », a déclaré Carrie Lam"): the speaker acts when the quotation's subject is the
        speaker ("nous", "je") or, for an office holder, the government."""
        quote = next((q for q in self.doc.quotes if q.speaker_id and q.start <= token.idx < q.end), None)
        subject = syntax.subject(head)
        if quote is None or subject is None or not quote.start <= subject.idx < quote.end:
            return []
        if subject.lower_ not in self.lexicon.self_subjects:
            speaker = self.entity(quote.speaker_id)
            if subject.lemma_.casefold() not in self.lexicon.self_governments or not (speaker and speaker.offices):
                return []
        said = [m for i in self.whole_sentence(index) for m in self.mentions_by_sentence.get(i, [])
                if m.entity_id == quote.speaker_id and not quote.start <= m.start < quote.end]
        return said[:1]

    def protagonists(self, index: int, head, known: list[Mention]) -> list[Mention]:
        """A meeting whose participants the parse did not attach ("... a demandé à Poutine, lors d'un
        entretien à Lima"): the people the sentence is about take part in it."""
        ids = {m.entity_id for m in known}
        # The speaker counts here ("Poutine a estimé ... malgré un entretien avec Obama"); a source
        # named with "selon" does not.
        people = [m for i in self.whole_sentence(index) for m in self.mentions_by_sentence.get(i, [])
                  if m.entity_type == "person" and m.entity_id not in ids and not self._attributed(m)]
        unique = list({m.entity_id: m for m in people}.values())
        counts = Counter(m.entity_id for m in self.doc.mentions)
        return sorted(unique, key=lambda m: -counts[m.entity_id])[:max(0, 2 - len(known))]

    def speaker(self, index: int, accused: list[Mention]) -> list[Mention]:
        """Who makes a claim the sentence reports ("Pour Theresa May, il est probable que…",
        "…, a déclaré Theresa May"): the first person it names besides the accused."""
        ids = {m.entity_id for m in accused}
        people = [m for i in self.whole_sentence(index) for m in self.mentions_by_sentence.get(i, [])
                  if m.entity_type == "person" and m.entity_id not in ids]
        return people[:1]

    def next_person(self, index: int, token, head, sources: list[Mention]) -> list[Mention]:
        """A request or accusation whose addressee the parse missed ("a demandé dimanche à son
        homologue russe Vladimir Poutine des efforts"): the next person the sentence names."""
        ids = {m.entity_id for m in sources}
        after = [m for i in self.whole_sentence(index) for m in self.mentions_by_sentence.get(i, [])
                 if m.start >= token.idx
                 and m.entity_type == "person" and m.entity_id not in ids and not self._reports(m, head)]
        return after[:1]

    def whole_sentence(self, index: int) -> list[int]:
        """The sentence and the fragments the parser cut it into: a piece that does not end with
        punctuation and is not followed by a line break goes on in the next one."""
        text = self.doc.article.clean_text

        def continues(i: int) -> bool:
            if i < 0 or i + 1 >= len(self.sentences):
                return False
            current, following = self.sentences[i], self.sentences[i + 1]
            ending = current.text.rstrip()
            return bool(ending) and ending[-1] not in ".!?»\"”:;" and "\n" not in text[current.end_char:following.start_char]

        first = index
        while continues(first - 1):
            first -= 1
        last = index
        while continues(last):
            last += 1
        return list(range(first, last + 1))

    def movements(self, index: int, lead: list[int]) -> list[Mention]:
        """A protest's crowd is rarely named; the movement or organisation behind it often is, in the
        sentence or the lead."""
        for sentences in ([index], lead):
            found = [m for i in sentences for m in self.mentions_by_sentence.get(i, [])
                     if m.entity_type in ("organisation", "armed_group") and not is_local(m.entity_id)]
            if found:
                return found[:1]
        return []

    def _can_act(self, mention: Mention) -> bool:
        if mention.entity_type in ACTOR_TYPES:
            return True
        entity = self.doc.entities.get(mention.entity_id)
        return bool(entity and entity.type == "city" and entity.stands_for)

    def _stance(self, mention: Mention) -> bool:
        """A name joined to "pro-" or "anti-" ("l'exécutif pro-Pékin"): what one is for or against."""
        pattern = self.lexicon.stance_prefix
        text = self.doc.article.clean_text
        return bool(pattern and pattern.search(text, max(0, mention.start - 8), mention.start))

    def _relation(self, mention: Mention, token, head, trigger: Trigger) -> str | None:
        node = self.span(mention)
        if node is None:
            return None
        node = node.root
        path = []
        while node.i != head.i and node.head.i != node.i:
            path.append(node)
            node = node.head
            if node.i == token.i and token.i != head.i:
                return self._noun_relation(path[-1], trigger)
        if node.i != head.i or not path:
            return None
        top = path[-1]
        if top.dep_ == "nsubj:pass" or (top.dep_ == "conj" and top.head.dep_ == "nsubj:pass"):
            return "target"  # "quatre diplomates ont été expulsés": who undergoes it
        if top.dep_ in _SUBJECTS or (top.dep_ == "conj" and top.head.dep_ in _SUBJECTS):
            return "source"
        preposition = syntax.preposition(top)
        if self._metonym(mention) and top.dep_ not in ("obj", "iobj"):
            return None  # "à Moscou", "au Kremlin" say where, not to whom
        if top.dep_ in _TARGET_RELATIONS and (preposition is None or preposition in _TARGET_PREPOSITIONS):
            return "target"
        if top.dep_ == "xcomp" and top.pos_ == "PROPN":  # "a accueilli Donald ... Trump", misparsed
            return "target"
        if top.dep_ == "nmod" and top.head.i == token.i and token.pos_ in ("VERB", "AUX") and top.i > token.i \
                and preposition in (None, "des"):  # "Moscou expulse des diplomates": an object parsed as
            return "target"  # a noun's modifier, its article as a preposition
        return None

    def span(self, mention: Mention):
        """A mention's tokens (None when no token boundary fits), found once: every trigger of the
        sentence asks, some checks twice."""
        key = (mention.start, mention.end)
        if key not in self._spans:
            self._spans[key] = self.spacy_doc.char_span(*key, alignment_mode="expand")
        return self._spans[key]

    def _modified(self, mention: Mention, noun) -> bool:
        """Whether a mention is the noun a participle qualifies, or the name that noun stands beside
        ("Andrew Brunson, un pasteur américain détenu")."""
        span = self.span(mention)
        if span is None:
            return False
        return span.start <= noun.i < span.end or (noun.dep_ == "appos" and span.start <= noun.head.i < span.end)

    def _introduced(self, mention: Mention) -> bool:
        """"en France", "à Lima", "dans toute la France": a complement, not a subject."""
        span = self.span(mention)
        return span is not None and syntax.preposition(span.root) not in (None, "de", "d")

    def _metonym(self, mention: Mention) -> bool:
        entity = self.doc.entities.get(mention.entity_id)
        return bool(entity and entity.type in _METONYM_TYPES)

    @staticmethod
    def _noun_relation(top, trigger: Trigger) -> str | None:
        """Inside a noun trigger: "entretien entre X et Y", "visite de X", "appel à X" — but
        "l'expulsion de X", "la libération de X": X undergoes it."""
        preposition = syntax.preposition(top)
        if preposition in _OF_PREPOSITIONS:
            return "target" if trigger.of_target else "source"
        if preposition in _PARTICIPANT_PREPOSITIONS:
            return "source"
        if preposition in _TARGET_PREPOSITIONS:
            return "target"
        return "source" if preposition is None and top.dep_ in ("nmod", "appos", "flat:name") else None

    def attribution(self, index: int, head) -> str | None:
        """Who the sentence says reported the event: "selon le Kremlin", "a indiqué la Maison-Blanche"."""
        for mention in self.mentions_by_sentence.get(index, []):
            if mention.entity_type in ACTOR_TYPES | {"city"} and self._reports(mention, head):
                return mention.entity_name
        return None

    def _attributed(self, mention: Mention) -> bool:
        """"selon le Kremlin", "d'après Washington": the source of the report."""
        span = self.span(mention)
        return span is not None and any(child.lower_ in self.lexicon.reported
                                        for child in span.root.children if child.dep_ == "case")

    def _reports(self, mention: Mention, head) -> bool:
        """Entities that only report the event: "selon le Kremlin", "a indiqué la Maison-Blanche"."""
        span = self.span(mention)
        if span is None:
            return False
        root = span.root
        if self._attributed(mention):
            return True
        governor = root.head
        return (root.dep_ in _SUBJECTS and governor.i != head.i
                and governor.lemma_.casefold() in self.lexicon.reported and head.is_ancestor(governor) is False
                and governor.is_ancestor(head))

    def actors(self, sources: list[Mention], targets: list[Mention], reciprocal: bool) -> list[Actor]:
        actors: list[Actor] = []
        seen: set[str] = set()
        groups = [(sources + targets, "source")] if reciprocal else [(sources, "source"), (targets, "target")]
        for mentions, role in groups:
            entities = _prefer_officials(_prefer_people([self.actor_entity(m) for m in mentions]), self.reference)
            for entity in entities:
                if entity.id not in seen:
                    seen.add(entity.id)
                    actors.append(Actor(name=entity.name, role=role, id=entity.id))
        return actors

    def entity(self, actor_id: str | None) -> Entity | None:
        """An actor's entity: as linked in the article, else from the knowledge base."""
        return self.doc.entities.get(actor_id) or (self.kb.get(actor_id) if actor_id else None)

    def actor_entity(self, mention: Mention) -> Entity:
        entity = self.doc.entities.get(mention.entity_id) or Entity(
            id=mention.entity_id, type=mention.entity_type or "misc", name=mention.entity_name or mention.text)
        if entity.type in ("city", "government_body") and entity.stands_for:
            return self.kb.country(entity.stands_for) or entity  # "Moscou", "le Kremlin" act for Russia
        return entity


def _prefer_people(entities: list[Entity]) -> list[Entity]:
    """PLOVER lists people first; a country or organisation acts only where no person does."""
    people = [e for e in entities if e.type == "person"]
    return people or entities


def _prefer_officials(entities: list[Entity], day) -> list[Entity]:
    """Among people, office-holders are the political actors: a spouse or an aide beside two
    presidents is not a party to their meeting."""
    officials = [e for e in entities if e.type == "person" and e.offices
                 and (day is None or any(o.held_on(day) for o in e.offices))]
    others = [e for e in entities if e.type == "person" and e not in officials]
    return officials if len(officials) >= 2 or (officials and len(others) <= 1 and len(entities) > 2) else entities


def _closest_group(mentions: list[Mention]) -> list[Mention]:
    """The entities right before the trigger, taken together when they form one group ("X et Y")."""
    if not mentions:
        return []
    last = mentions[-1]
    group = [m for m in mentions if m.start == last.start]
    for mention in reversed(mentions[:-1]):
        if mention.start in {g.start for g in group}:
            continue
        if last.start - mention.end > 40:
            break
        group.insert(0, mention)
        last = mention
    return group


def _passive_modifier(token, trigger: Trigger):
    """The noun a past participle trigger qualifies ("le pasteur détenu", "Brunson, arrêté en
    2016"): it undergoes the act. None for another token, and for a pronominal or mutual trigger,
    whose participle tells who acts ("les manifestants rassemblés")."""
    if trigger.pronominal or trigger.reciprocal:
        return None
    if token.pos_ == "VERB" and token.dep_ == "acl" and "Part" in token.morph.get("VerbForm") \
            and "Past" in token.morph.get("Tense") and token.head.pos_ in ("NOUN", "PROPN") \
            and syntax.spelled_as_participle(token):
        return token.head
    return None
