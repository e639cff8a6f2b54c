"""Stage: PLOVER events — who did what to whom, when and where — each with its evidence sentence.

For each sentence of a supported article:
1. triggers from the language's lexicon (lang/<code>/events.toml): a lemma of the right part of
   speech (pronominal verbs only with "se"), or a multi-word phrase;
2. modality: a negated trigger is dropped, a hypothetical one too; a future or planned event
   ("ont convenu de se rencontrer en juillet") becomes AGREE — unless it is imminent (a meeting
   announced for the next days keeps its type, as news reports it);
3. arguments from the dependency parse and the linked entities: the subject's entities are the
   source, objects and "à/avec/contre/entre" complements the target; reciprocal events (meetings,
   calls, agreements) put every participant among the actors; entities that only report the
   event ("selon le Kremlin", "a indiqué la Maison-Blanche") are not actors; when the parse gives
   no subject, the nearest entity before the trigger stands in. Metonyms ("Moscou", "le
   Kremlin") act for their country. No named actor, no event;
4. date, place and topics (see timing.py), quotes (quotes.py) and the CAMEO root code.

The main event of an article is chosen among these candidates, and typed, by the learned model of
main_event.py (whether the article reports a political event at all, which candidate, which
type); without a model, by the rule that is now one of its features: the first event, in reading
order, of the headline and lead (the first two sentences of the body) with a named actor.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from .. import lang
from ..dates import DateConstraint, weekday_of
from ..errors import ConfigError
from ..kb.base import KnowledgeBase
from ..kb.gazetteer import Gazetteer
from ..kb.model import Entity, alias_key
from ..models import Actor, Document, Event, Evidence, Mention
from ..settings import Settings
from . import main_event, timing
from .main_event import EventModel
from .parse import sentence_spans

ACTOR_TYPES = {"person", "country", "organisation", "government_body", "armed_group"}
_SUBJECTS = {"nsubj", "nsubj:pass", "obl:agent"}
_TARGET_RELATIONS = {"obj", "iobj", "obl:arg", "obl", "obl:mod"}
# "à/avec/contre X" is someone the event is directed at; "sur la Syrie", "en Syrie" is its topic or place.
_TARGET_PREPOSITIONS = {"à", "avec", "contre", "entre", "envers", "auprès"}
_METONYM_TYPES = {"city", "government_body"}
_PARTICIPANT_PREPOSITIONS = {"avec", "entre"}
_OF_PREPOSITIONS = {"de", "du", "des", "d"}
_AUXILIARIES = {"aux", "aux:tense", "aux:pass", "cop"}
_LEAD_SENTENCES = 2
# "les ministres turcs de l'Intérieur et de la Justice, Suleyman Soylu et Abdulhamit Gül"
_APPOSITION = re.compile(r"(?:\s+(?:et\s+)?(?:de|du|des|d['’])\s*[^,;:.()«»\"\n]{1,60}?)?\s*,\s*")
_LIST_SEPARATOR = re.compile(r"\s*,\s*|\s+et\s+")
_IMMINENT_DAYS = 3
_DETAIL_SENTENCES = 3  # in how many of the next sentences reporting its type a lead's details may be
_STATEMENT_TYPES = frozenset({"ACCUSE", "REQUEST", "THREATEN", "REJECT", "SUPPORT", "AGREE"})  # events made by saying
_CONTRACTIONS = {"au": "à", "aux": "à", "du": "de", "des": "de", "d'": "de", "d’": "de"}
# Verbs of these types may only frame the event they govern ("a ordonné l'expulsion").
FRAMING_TYPES = {"REQUEST", "AGREE", "SUPPORT"}
JUDGING_TYPES = {"ACCUSE", "REJECT"}  # verbs whose object's event is someone else's ("ordonner" frames one)
# Decisions and statements of a state, placed in its capital when the text names no place.
STATE_ACTION_TYPES = {"SANCTION", "ACCUSE", "THREATEN", "REQUEST", "REJECT", "SUPPORT", "AGREE", "RETREAT"}
# Events that happen where their sentence names a place, wherever the parse hangs it.
GATHERING_TYPES = {"PROTEST"}
# Types whose actors may all be private people unknown to the knowledge base (an attacker, a
# crowd's organiser); the others need at least one known political actor.
PRIVATE_ACTOR_TYPES = {"ASSAULT", "PROTEST", "COERCE", "MOBILIZE", "RETREAT"}
# Types whose participants are all actors when the event is mutual.
RECIPROCAL_TYPES = {"CONSULT", "AGREE", "COOPERATE"}
# Violence announced for later, and a measure announced on a condition, is a threat of it (PLOVER
# THREATEN, whose mode is what is threatened), by the act's type and mode (None: any other mode);
# a measure announced without a condition is the measure, decided.
VIOLENT_TYPES = {"ASSAULT", "MOBILIZE"}
CONCESSION_TYPES = {"RETREAT"}  # a concession announced for later is made when announced
THREATENED = {
    "SANCTION": {"expel": "expel", None: "restrict"},
    "COERCE": {"arrest": "arrest", None: "restrict"},
    "ASSAULT": {None: "violence"},
    "MOBILIZE": {None: "violence"},
}


@dataclass(frozen=True)
class Trigger:
    type: str
    mode: str | None
    reciprocal: bool
    pronominal: bool
    weight: float
    object_required: bool = False  # "recevoir" is a visit only when someone is received
    subject_blamed: bool = False  # "que la Russie soit responsable": the subject is the one accused
    of_target: bool = False  # a noun whose "de" complement undergoes it: "l'expulsion de 60 diplomates"


@dataclass
class Lexicon:
    lemmas: dict[tuple[str, str], Trigger]  # (lemma, POS) → trigger
    phrases: dict[str, Trigger]  # lower-case phrase → trigger
    negation: frozenset[str]
    failure: frozenset[str]  # verbs of a failed attempt ("échouer à"), from the negation cues
    future: frozenset[str]
    hypothetical: frozenset[str]
    reported: frozenset[str]
    topics: dict[str, tuple[str, ...]]
    contexts: dict[str, str]  # topic → PLOVER context
    cameo: dict[str, str]
    time_nouns: frozenset[str] = frozenset()  # lemmas of the time words a parse may hang objects on
    protest_movements: frozenset[str] = frozenset()  # "ont marché pour protester": a protest
    self_subjects: frozenset[str] = frozenset()  # "nous" in a quotation: its speaker
    self_governments: frozenset[str] = frozenset()  # "le gouvernement" in an office holder's quotation
    stance_prefix: re.Pattern | None = None  # "pro-", "anti-" right before a name: "l'exécutif pro-Pékin"
    max_phrase_words: int = field(default=1)
    phrase_starts: frozenset[str] = field(default=frozenset())  # first words of the phrases


def _prefix_pattern(prefixes: list[str]) -> re.Pattern | None:
    """Words joined by a hyphen to what follows, matched at the end of the text before a name."""
    if not prefixes:
        return None
    words = "|".join(re.escape(p) for p in prefixes)
    return re.compile(rf"(?<!\w)(?:{words})[-\u2010\u2011]$", re.IGNORECASE)


@cache
def load_lexicon(language: str) -> Lexicon:
    try:
        data = lang.toml(language, "events.toml")
    except (FileNotFoundError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(f"event lexicon of {language!r} cannot be read ({err})") from None
    lemmas, phrases = {}, {}
    for entry in data["trigger"]:
        trigger = Trigger(entry["type"], entry.get("mode"), bool(entry.get("reciprocal")),
                          bool(entry.get("pronominal")), float(entry.get("weight", 1.0)),
                          bool(entry.get("object_required")), bool(entry.get("subject_blamed")),
                          bool(entry.get("of_target")))
        if "phrase" in entry:
            phrases[entry["phrase"].casefold()] = trigger
        else:
            lemmas.setdefault((entry["lemma"].casefold(), entry.get("pos", "VERB")), trigger)
    modality = data.get("modality", {})
    return Lexicon(
        lemmas=lemmas, phrases=phrases,
        negation=frozenset(w.casefold() for w in modality.get("negation", [])),
        failure=frozenset(w.split()[0].casefold() for w in modality.get("negation", [])
                          if len(w.split()) == 2 and w.split()[1] in ("à", "de")),
        future=frozenset(w.casefold() for w in modality.get("future", [])),
        hypothetical=frozenset(w.casefold() for w in modality.get("hypothetical", [])),
        reported=frozenset(w.casefold() for w in modality.get("reported", [])),
        topics={tag: tuple(alias_key(c) for c in cues) for tag, cues in data.get("topics", {}).items()},
        contexts=dict(data.get("contexts", {})),
        cameo=dict(data.get("cameo", {})),
        time_nouns=frozenset(w.casefold() for w in data.get("parse", {}).get("time_nouns", [])),
        protest_movements=frozenset(w.casefold() for w in data.get("parse", {}).get("protest_movements", [])),
        self_subjects=frozenset(w.casefold() for w in data.get("parse", {}).get("self_subjects", [])),
        self_governments=frozenset(w.casefold() for w in data.get("parse", {}).get("self_governments", [])),
        stance_prefix=_prefix_pattern(data.get("parse", {}).get("stance_prefixes", [])),
        max_phrase_words=max((len(p.split()) for p in phrases), default=1),
        phrase_starts=frozenset(p.split()[0] for p in phrases),
    )


class NameFinder:
    """Which labels a text cues: names → label, found whole-word, accents and case aside."""

    def __init__(self, labels: dict[str, str]) -> None:
        self._labels = {alias_key(name): label for name, label in labels.items()}
        self._gazetteer = Gazetteer(name.casefold() for name in labels)

    def find(self, text: str) -> set[str]:
        return {self._labels[match.key] for match in self._gazetteer.find(text) if match.key in self._labels}


class EventStage:
    name = "events"
    requires = frozenset({"spacy_doc", "entities", "quotes", "article.published"})
    assigns = frozenset({"events", "main_event"})

    def __init__(self, kb: KnowledgeBase | None = None, language: str = "fr", *,
                 model: EventModel | None = None, rules_only: bool = False) -> None:
        self._kb = kb
        self.language = language
        self.model = model  # the learned main-event model; the shipped one unless given (or rules_only)
        self.rules_only = rules_only

    def initialize(self, settings: Settings) -> None:
        if self.model is None and not self.rules_only:
            self.model = main_event.shipped_model()
        self.kb = self._kb or KnowledgeBase.load(self.language)
        self.lexicon = load_lexicon(self.language)
        self.topic_finder = NameFinder({cue: tag for tag, cues in self.lexicon.topics.items() for cue in cues})
        self.series_finder = NameFinder({alias: series.series for series in self.kb.series.values()
                                         for alias in series.aliases if len(alias) > 3})

    def __call__(self, docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            if doc.spacy_doc is not None:
                doc.events = EventExtractor(self, doc).events(self.model)
            yield doc


class EventExtractor:
    """The events of one document."""

    def __init__(self, stage: EventStage, doc: Document) -> None:
        self.kb, self.lexicon, self.doc = stage.kb, stage.lexicon, doc
        self.spacy_doc = doc.spacy_doc
        self.sentences = sentence_spans(self.spacy_doc)
        self.topic_finder = stage.topic_finder
        self.timing = timing.DocumentTiming(self.kb, doc, stage.series_finder, stage.language)
        self.mentions_by_sentence: dict[int, list[Mention]] = {}  # who may act or be where, by sentence
        for mention in doc.mentions:
            if not self._stance(mention):
                self.mentions_by_sentence.setdefault(mention.sentence, []).append(mention)
        self.lead = self._lead_sentences()
        self._spans: dict[tuple[int, int], object] = {}  # a mention's characters → its tokens

    def events(self, model: EventModel | None = None) -> list[Event]:
        """The article's events; the main one chosen by ``model`` (main_event.py), or by the
        reading-order rule (``_main``) without one."""
        found = self.candidates()
        main = self._choose(found, model) if model else self._main(found)
        if main is None:
            return found
        if not model:
            main.trace = {"decided_by": "rule", "rule": "the lead's first event (a meeting of named people first)"}
        main.is_main = True
        self._complete_source(main, found)
        self._name_people(main, found)
        self._date_from_details(main, found)
        self._date_from_unnamed(main, found)
        self._date_from_restatement(main)
        return found

    def candidates(self) -> list[Event]:
        """Every event the lexicon and the parse find, in reading order, none of them main yet."""
        found: list[Event] = []
        self.tokens: dict[str, object] = {}  # event id → its trigger token, for choosing the main event
        self.shifted: set[str] = set()  # events dated from another day of their sentence ("la veille")
        # (sentence, type, day or weekday) of the events told without an actor
        self.unnamed: list[tuple[int, str, timing.When]] = []
        for index, sentence in enumerate(self.sentences):
            for token, trigger in self._triggers(sentence):
                event = self._event(index, sentence, token, trigger, len(found))
                if event and not any(_same(event, other) for other in found):
                    found.append(event)
                    self.tokens[event.id] = token
        return found

    def decision_inputs(self, found: list[Event]) -> tuple[dict[str, float], list[tuple[str, dict[str, float]]]]:
        """What the learned model reads: the typer's features of the article, and (type, ranker
        features) of each candidate event."""
        rule_main = self._main(found)
        framed = {i for e in found for i in _governors(self.tokens[e.id])}
        heading = set(self._heading())
        lead_tokens = [t for i in self.lead if i not in heading for t in self.sentences[i]]
        headline_tokens = [t for i in sorted(heading) for t in self.sentences[i]]
        in_lead = [(e.type, self.tokens[e.id].lemma_.casefold(), e is rule_main) for e in found if e.sentence in self.lead]
        article = main_event.article_features(headline_tokens, lead_tokens, in_lead)
        counts = Counter(e.type for e in found)
        seen: set[str] = set()
        candidates = []
        for event in found:
            token = self.tokens[event.id]
            facts = main_event.CandidateFacts(
                type=event.type, mode=event.mode, trigger=token.lemma_.casefold(), sentence=event.sentence or 0,
                lead_rank=self.lead.index(event.sentence) if event.sentence in self.lead else None,
                in_headline=event.sentence in heading, depth=_depth(token), framed=token.i in framed,
                sources=sum(1 for a in event.actors if a.role == "source"),
                targets=sum(1 for a in event.actors if a.role == "target"), people=_people(event),
                date_precision=event.date_precision, rule_main=event is rule_main, same_type=counts[event.type],
                first_of_type=event.type not in seen)
            seen.add(event.type)
            candidates.append((event.type, main_event.candidate_features(facts)))
        return article, candidates

    def _choose(self, found: list[Event], model: EventModel) -> Event | None:
        """The main event as the learned model decides it, retyped when the model is sure of
        another type, with the model's probability and trace."""
        article, candidates = self.decision_inputs(found)
        decision = model.decide(article, candidates)
        if decision.main is None:
            return None
        main = found[decision.main]
        if decision.type != main.type:
            main.type, main.mode, main.cameo = decision.type, None, self.lexicon.cameo.get(decision.type)
        main.confidence, main.trace = decision.confidence, decision.trace
        return main

    def _heading(self) -> list[int]:
        """The headline's sentences, when the text opens with it."""
        title = self.doc.article.title or ""
        title_end = len(title) if title and self.doc.article.clean_text.startswith(title) else 0
        return [i for i, s in enumerate(self.sentences) if s.start_char < title_end]

    def _complete_source(self, main: Event, events: list[Event]) -> None:
        """A lead told in the passive without its agent ("Le pasteur a été libéré") takes the agent of
        the first other report of its type, at no other time and on no one else, that names one
        ("libéré plus tôt par un tribunal turc": Turkey). Meetings have no agent to complete."""
        if main.type == "CONSULT" or not main.actors or any(actor.role == "source" for actor in main.actors):
            return
        targets = {actor.id for actor in main.actors}
        for event in _same_act(main, events):
            sources = [actor for actor in event.actors if actor.role == "source" and actor.id not in targets]
            others = {actor.id for actor in event.actors if actor.role == "target"}
            if not sources or (others and not others & targets):
                continue
            main.actors = [Actor(name=a.name, role="source", id=a.id) for a in sources] + main.actors
            return

    def _name_people(self, main: Event, events: list[Event]) -> None:
        """PLOVER names people first: a state told acting in the lead ("Washington a frappé la
        Syrie") gives way to its office holders whom another report of the same type, at no other
        time, shows acting ("Donald Trump a ordonné des frappes"). Targets stay as told."""
        day = _day_of(main) or self.timing.reference
        actors: list[Actor] = []
        for actor in main.actors:
            entity = self.timing.entity(actor.id) if actor.role == "source" else None
            holders = self._acting_for(entity.country, main, events, day) if entity and entity.type == "country" else []
            for named in holders or [actor]:
                if all(named.id != known.id for known in actors):
                    actors.append(named)
        main.actors = actors

    def _acting_for(self, country: str | None, main: Event, events: list[Event], day: date | None) -> list[Actor]:
        """The sources of the article's other reports of the main event's type, at no other time,
        who held an office of ``country`` on ``day`` (at any time, when the day is unknown)."""
        found = []
        for event in _same_act(main, events):
            for actor in event.actors:
                entity = self.timing.entity(actor.id) if actor.role == "source" else None
                if entity and entity.type == "person" and any(
                        office.of == country and (day is None or office.held_on(day)) for office in entity.offices):
                    found.append(Actor(name=actor.name, role="source", id=actor.id))
        return found

    def _date_from_restatement(self, main: Event) -> None:
        """A statement told without its day (an accusation, a demand, a threat...) takes the day of
        the next sentence when it refers back to it ("La dirigeante a fait cette déclaration lundi
        soir devant les députés")."""
        if (main.sentence is None or main.type not in _STATEMENT_TYPES
                or main.date_precision not in (None, "unknown", "reference")):
            return
        when = self.timing.restatement_date(main.sentence + 1)
        if when and (when.precision in ("day", "month") or when.constraint):
            main.date, main.date_precision, main.date_constraint = when.value, when.precision, when.constraint

    def _date_from_unnamed(self, main: Event, events: list[Event]) -> None:
        """A lead may tell the event without its actors and the next sentence name them ("Un accord
        a été adopté samedi par 195 pays." / "« Je déclare l'accord adopté », a déclaré Laurent
        Fabius"): the main event, when only its article dates it, takes the day of an earlier lead
        sentence reporting its type without a named actor (``unnamed``), if that day is recent.
        Or the lead names the actors and a later sentence gives the day ("Des centaines de milliers
        de personnes manifestent à Hong Kong" / "Au début de dimanche après-midi, de grandes foules
        s'étaient rassemblées"): a main event with no date at all takes the weekday of one of the
        next three sentences reporting its type, when that one names no actor."""
        if main.sentence is None or main.date_precision not in (None, "unknown", "reference"):
            return
        following = self._next_reports(main, events) if main.date_precision is None else []
        for index, event_type, when in self.unnamed:
            if event_type != main.type:
                continue
            if (index < main.sentence and index in self.lead and when.precision == "day"
                    and self.timing.recent(date.fromisoformat(when.value[:10]))):
                main.date, main.date_precision, main.date_constraint = when.value, "day", None
                return
            if when.constraint and index in following:
                main.date_precision, main.date_constraint = "unknown", when.constraint
                return

    def _next_reports(self, main: Event, events: list[Event]) -> list[int]:
        """The next sentences after the main event's that report its type, named or not."""
        named = {e.sentence for e in events if e.type == main.type}
        unnamed = {index for index, event_type, _ in self.unnamed if event_type == main.type}
        return sorted(i for i in named | unnamed if i > main.sentence)[:_DETAIL_SENTENCES]

    def _date_from_details(self, main: Event, events: list[Event]) -> None:
        """A lead that reports an event without its day ("Moscou a annoncé l'expulsion de 60
        diplomates") takes the day of the sentence that gives the details ("Sergueï Lavrov a annoncé
        ce 29 mars l'expulsion..."): the first later event of the same type, in one of the next three
        sentences that report that type (a photo caption may come between),
        whose acting side is the lead's (the same actor, or a person or body of the same country) and
        whose day is within a week of the article's (an earlier meeting recalled is not the lead's) and
        is the sentence's own day (not "la veille" of it: the sentence then tells of two days).
        A lead dated only by its article's day takes it too when it is told in the present, as
        headlines are ("Trump et Macron échangent par téléphone"); one told in the past keeps the
        article's day, a better guess than a detail's, often about another event. In an article
        without a day, a lead with no date at all takes what the details say of theirs
        ("vendredi 12 octobre": a Friday, a 12 October)."""
        if main.sentence is None or main.date_precision not in (None, "unknown", "reference"):
            return
        if main.date_precision == "reference" and timing.clause_tense(self.tokens[main.id]) != "present":
            return
        constraint = DateConstraint.parse(main.date_constraint)
        sides = self._sides(main)
        later = [e for e in events if e.type == main.type and (e.sentence or 0) > main.sentence]
        sentences = sorted({e.sentence for e in later})[:_DETAIL_SENTENCES]
        for event in later:
            if event.sentence not in sentences:
                break
            if event.id in self.shifted or not sides & self._sides(event):
                continue
            day = _day_of(event)
            if day and self.timing.recent(day) and (constraint is None or constraint.fits(event.date)):
                main.date, main.date_precision, main.date_constraint = event.date, "day", None
                return
            if main.date_precision is None and event.date_precision == "unknown" and event.date_constraint:
                main.date_precision, main.date_constraint = "unknown", event.date_constraint
                return

    def _armed(self, actor: Actor) -> bool:
        """Whether an actor can move troops or police: a state, its government, an armed group, or
        someone holding an office."""
        entity = self.timing.entity(actor.id)
        if entity is None:
            return False
        return entity.type in ("country", "government_body", "armed_group") or bool(entity.offices)

    def _sides(self, event: Event) -> set[str]:
        """Who acts in an event: its source actors and the countries they belong to or stand for."""
        sides = set()
        for actor in event.actors:
            if actor.role != "source" or not actor.id:
                continue
            sides.add(actor.id)
            entity = self.timing.entity(actor.id)
            if entity and entity.type in ("country", "government_body", "person"):
                sides.add(entity.stands_for or entity.country or actor.id)
        return sides

    # -- 1. triggers -----------------------------------------------------------------------

    def _triggers(self, sentence) -> Iterator[tuple[object, Trigger]]:
        tokens = [t for t in sentence if not t.is_quote]  # 'en soit "responsable"' is the phrase
        used: set[int] = set()
        starts = self.lexicon.phrase_starts
        openings = [i for i, t in enumerate(tokens) if t.lower_ in starts or t.lemma_.casefold() in starts]
        for size in range(self.lexicon.max_phrase_words, 1, -1):
            for start in openings:
                window = tokens[start:start + size]
                if len(window) < size:
                    continue
                for form in (" ".join(t.lower_ for t in window), " ".join(t.lemma_.casefold() for t in window)):
                    trigger = self.lexicon.phrases.get(form)
                    if trigger and not used & {t.i for t in window}:
                        used |= {t.i for t in window}
                        yield _head_of(window), trigger
                        break
        for token in tokens:
            if token.i in used:
                continue
            # the tagger takes some headline verbs for auxiliaries ("la Russie expulse", AUX)
            pos = "VERB" if token.pos_ == "AUX" and token.dep_ not in _AUXILIARIES else token.pos_
            trigger = self.lexicon.lemmas.get((token.lemma_.casefold(), pos))
            if trigger and (not trigger.pronominal or _is_pronominal(token)):
                yield token, self._sense(token, trigger)
            elif token.pos_ == "VERB" and (sense := self._sense(token, None)):
                yield token, sense  # "ont évoqué par téléphone": the complement makes the event

    def _sense(self, token, trigger: Trigger | None) -> Trigger | None:
        """A verb's preposition can change its sense: "appeler à la retenue" is a request, "appeler
        Poutine" a call — the lexicon lists such senses as phrases ("appeler à")."""
        lemma = token.lemma_.casefold()

        def phrase(*words: str) -> Trigger | None:
            return self.lexicon.phrases.get(" ".join((lemma, *words)))

        for child in token.children:
            if child.dep_ in ("obl:arg", "obl:mod", "obl", "xcomp", "iobj"):
                for marker in child.children:
                    if marker.dep_ in ("case", "mark"):
                        # "appeler à" / "s'entretenir ... par téléphone" / "parler au téléphone"
                        word = _CONTRACTIONS.get(marker.lower_, marker.lower_)
                        sense = phrase(word, child.lemma_.casefold()) or phrase(word)
                        if sense:
                            return sense
            elif child.dep_ == "amod":  # "une « très bonne conversation » téléphonique"
                sense = phrase(child.lemma_.casefold())
                if sense:
                    return sense
        for following in token.doc[token.i + 1: token.i + 4]:  # "a appelé vendredi à la retenue", misparsed
            if following.dep_ in ("case", "mark"):
                sense = phrase(_CONTRACTIONS.get(following.lower_, following.lower_))
                if sense:
                    return sense
        return trigger

    # -- 2-4. one event --------------------------------------------------------------------

    def _event(self, index: int, sentence, token, trigger: Trigger, number: int) -> Event | None:
        head = _clause_head(token, self.lexicon.time_nouns)
        judged = self._judged(token)
        if judged:
            head = token  # "Trump a dénoncé une attaque": the attack is not Trump's

        if self._negated(token, head) or self._hypothetical(head):
            return None
        event_type, mode = trigger.type, trigger.mode
        if event_type == "ACCUSE" and token.dep_ in ("advcl", "xcomp") and \
                token.head.lemma_.casefold() in self.lexicon.protest_movements:
            event_type, mode = "PROTEST", "demo"  # "ont marché pour protester contre…"
        sources, targets = self._arguments(index, sentence, token, head, trigger, guess_subject=not judged)
        if not sources and not judged:
            sources = self._quoted_speaker(index, token, head)
        if trigger.object_required and not targets:
            return None
        if trigger.subject_blamed:  # the accuser is the person the sentence gives the claim to
            sources, targets = self._speaker(index, sources), sources
        if not sources and event_type == "PROTEST":
            sources = self._movements(index)
        reciprocal = trigger.reciprocal or (event_type in RECIPROCAL_TYPES and not targets)
        people = [m for m in sources + targets if m.entity_type == "person"]
        if reciprocal and len(people) < 2:
            sources = sources + self._protagonists(index, head, people)
        elif sources and not targets and not reciprocal:
            targets = self._next_person(index, token, head, sources)
        if not sources and not targets:
            self._note_unnamed(index, sentence, token, event_type)
            return None
        event_id = f"{self.doc.article.id}-e{number + 1}"
        when = self.timing.event_date(index, sentence, token)
        if when and when.shifted:
            self.shifted.add(event_id)
        if self._future(token, head) and not timing.imminent(when, self.timing.reference, _IMMINENT_DAYS):
            if event_type in THREATENED:
                # "frapperont", "imposeront des sanctions si...": a warning; "Londres va expulser 23
                # diplomates", with no condition: the measure, decided as announced
                if event_type in VIOLENT_TYPES or self._conditioned(head):
                    event_type, mode = "THREATEN", THREATENED[event_type].get(mode, THREATENED[event_type][None])
            elif event_type in CONCESSION_TYPES and not self._conditioned(head):
                pass  # "a décidé de suspendre le projet": the concession, decided as announced
            else:  # "ont convenu de se rencontrer": a promise to cooperate
                event_type, mode, reciprocal = "AGREE", None, True
        actors = self._actors(sources, targets, reciprocal)
        if event_type == "MOBILIZE" and actors and not any(self._armed(a) for a in actors if a.role == "source"):
            event_type, mode = "PROTEST", "demo"  # PLOVER's MOBILIZE is troops and police; a movement protests
        if not actors or (event_type not in PRIVATE_ACTOR_TYPES and all(_local(a) for a in actors)):
            return None  # a footballer "s'offre" a win: no political actor, no political event
        place = None if mode == "phone" else self.timing.event_place(index, sentence, token, when,
                                                                     meeting=event_type == "CONSULT",
                                                                     gathering=event_type in GATHERING_TYPES)
        if place is None and event_type in STATE_ACTION_TYPES and actors:
            place = self.timing.seat_of(actors[0].id)  # a government decides in its capital
        evidence = Evidence(self.doc.article.id, sentence.start_char, sentence.end_char, sentence.text)
        topics = self._topics(sentence, actors)
        return Event(
            id=event_id,
            article_id=self.doc.article.id,
            type=event_type,
            mode=mode,
            actors=actors,
            date=when.value if when else None,
            date_precision=when.precision if when else None,
            date_constraint=when.constraint if when else None,
            location=place,
            topics=topics,
            contexts=sorted({self.lexicon.contexts[t] for t in topics if t in self.lexicon.contexts}),
            attribution=self._attribution(index, head),
            evidence=[evidence],
            confidence=round(trigger.weight * (1.0 if sources else 0.7), 2),
            cameo=self.lexicon.cameo.get(event_type),
            sentence=index,
        )

    def _note_unnamed(self, index: int, sentence, token, event_type: str) -> None:
        when = self.timing.event_date(index, sentence, token)
        if when and (when.precision == "day" or weekday_of(when.constraint) is not None) and not when.shifted:
            self.unnamed.append((index, event_type, when))

    def _negated(self, token, head) -> bool:
        """"n'a pas condamné", "sans s'entendre", "échouent à s'entendre" (a failed attempt)."""
        cues = self.lexicon.negation
        if any(child.lemma_.casefold() in cues or child.lower_ in cues
               for node in {token, head} for child in node.children if child.dep_ in ("advmod", "det", "mark")):
            return True
        governor = head.head if head.dep_ in ("xcomp", "ccomp") and head.head.i != head.i else None
        return governor is not None and governor.lemma_.casefold() in self.lexicon.failure

    def _hypothetical(self, head) -> bool:
        """"Si Moscou attaquait…": a hypothetical marker drops the event. The conditional alone does
        not: French news uses it for reported facts ("ils se seraient rencontrés" = reportedly met)."""
        return any(child.lower_ in self.lexicon.hypothetical for child in head.children if child.dep_ == "mark")

    def _conditioned(self, head) -> bool:
        """"imposeront des sanctions si elle ne libère pas…": the clause sets a condition."""
        return any(self._hypothetical(child) for child in head.children if child.dep_ == "advcl")

    def _future(self, token, head) -> bool:
        nodes = [token, head, *[c for c in head.children if c.dep_.startswith("aux")]]
        if any("Fut" in node.morph.get("Tense") for node in nodes):
            return True
        governor = head.head if head.dep_ in ("xcomp", "ccomp") else None
        return governor is not None and governor.lemma_.casefold() in self.lexicon.future

    # -- arguments -------------------------------------------------------------------------

    def _judged(self, token) -> bool:
        """Whether a noun trigger is the object of a verb that judges it (dénoncer, condamner,
        rejeter): that verb's subject is not the agent of the noun's event, unlike the subject of a
        verb that frames it (annoncer, ordonner). The verb is the noun's first verb ancestor: the
        parser often hangs the object on a weekday ("a dénoncé dimanche une attaque")."""
        if token.pos_ != "NOUN":
            return False
        verb = next((t for t in _ancestors(token, 2) if t.pos_ == "VERB"), None)
        trigger = verb is not None and self.lexicon.lemmas.get((verb.lemma_.casefold(), verb.pos_))
        return bool(trigger) and trigger.type in JUDGING_TYPES

    def _arguments(self, index: int, sentence, token, head, trigger: Trigger, *, guess_subject: bool = True,
                   ) -> tuple[list[Mention], list[Mention]]:
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
            candidates = self._earlier(index, mentions) if _opens_with_verb(sentence, token) else mentions
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
        fragments = [i for i in self._whole_sentence(index) if i < index]
        return [m for i in fragments for m in self.mentions_by_sentence.get(i, []) if self._can_act(m)] + mentions

    def _deciders(self, mentions: list[Mention], noun) -> list[Mention]:
        """"la décision de la France d'expulser", "la décision prise par Moscou d'expulser": who
        the noun an infinitive completes belongs to, or who took it, acts."""
        # the parser often hangs the infinitive one noun too high ("en réponse à la décision de…")
        nouns = {noun.i} | {c.i for c in noun.children if c.dep_ == "nmod" and c.pos_ == "NOUN"}
        found = []
        for mention in mentions:
            span = self._span(mention)
            if span is not None and span.root.head.i in nouns and span.root.dep_ == "nmod" \
                    and _preposition(span.root) in ("de", "d", "par"):
                found.append(mention)
        return found

    def _quoted_speaker(self, index: int, token, head) -> list[Mention]:
        """A speaker's own act told in their quotation ("« Le gouvernement a décidé de suspendre la
        procédure », a déclaré Carrie Lam"): the speaker acts when the quotation's subject is the
        speaker ("nous", "je") or, for an office holder, the government."""
        quote = next((q for q in self.doc.quotes if q.speaker_id and q.start <= token.idx < q.end), None)
        subject = _subject(head)
        if quote is None or subject is None or not quote.start <= subject.idx < quote.end:
            return []
        if subject.lower_ not in self.lexicon.self_subjects:
            speaker = self.timing.entity(quote.speaker_id)
            if subject.lemma_.casefold() not in self.lexicon.self_governments or not (speaker and speaker.offices):
                return []
        said = [m for i in self._whole_sentence(index) for m in self.mentions_by_sentence.get(i, [])
                if m.entity_id == quote.speaker_id and not quote.start <= m.start < quote.end]
        return said[:1]

    def _protagonists(self, index: int, head, known: list[Mention]) -> list[Mention]:
        """A meeting whose participants the parse did not attach ("... a demandé à Poutine, lors d'un
        entretien à Lima"): the people the sentence is about take part in it."""
        ids = {m.entity_id for m in known}
        # The speaker counts here ("Poutine a estimé ... malgré un entretien avec Obama"); a source
        # named with "selon" does not.
        people = [m for i in self._whole_sentence(index) for m in self.mentions_by_sentence.get(i, [])
                  if m.entity_type == "person" and m.entity_id not in ids and not self._attributed(m)]
        unique = list({m.entity_id: m for m in people}.values())
        counts = Counter(m.entity_id for m in self.doc.mentions)
        return sorted(unique, key=lambda m: -counts[m.entity_id])[:max(0, 2 - len(known))]

    def _speaker(self, index: int, accused: list[Mention]) -> list[Mention]:
        """Who makes a claim the sentence reports ("Pour Theresa May, il est probable que…",
        "…, a déclaré Theresa May"): the first person it names besides the accused."""
        ids = {m.entity_id for m in accused}
        people = [m for i in self._whole_sentence(index) for m in self.mentions_by_sentence.get(i, [])
                  if m.entity_type == "person" and m.entity_id not in ids]
        return people[:1]

    def _next_person(self, index: int, token, head, sources: list[Mention]) -> list[Mention]:
        """A request or accusation whose addressee the parse missed ("a demandé dimanche à son
        homologue russe Vladimir Poutine des efforts"): the next person the sentence names."""
        ids = {m.entity_id for m in sources}
        after = [m for i in self._whole_sentence(index) for m in self.mentions_by_sentence.get(i, [])
                 if m.start >= token.idx
                 and m.entity_type == "person" and m.entity_id not in ids and not self._reports(m, head)]
        return after[:1]

    def _whole_sentence(self, index: int) -> list[int]:
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

    def _movements(self, index: int) -> list[Mention]:
        """A protest's crowd is rarely named; the movement or organisation behind it often is, in the
        sentence or the lead."""
        for sentences in ([index], self.lead):
            found = [m for i in sentences for m in self.mentions_by_sentence.get(i, [])
                     if m.entity_type in ("organisation", "armed_group") and not m.entity_id.startswith("local:")]
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
        node = self._span(mention)
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
        preposition = _preposition(top)
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

    def _span(self, mention: Mention):
        """A mention's tokens (None when no token boundary fits), found once: every trigger of the
        sentence asks, some checks twice."""
        key = (mention.start, mention.end)
        if key not in self._spans:
            self._spans[key] = self.spacy_doc.char_span(*key, alignment_mode="expand")
        return self._spans[key]

    def _modified(self, mention: Mention, noun) -> bool:
        """Whether a mention is the noun a participle qualifies, or the name that noun stands beside
        ("Andrew Brunson, un pasteur américain détenu")."""
        span = self._span(mention)
        if span is None:
            return False
        return span.start <= noun.i < span.end or (noun.dep_ == "appos" and span.start <= noun.head.i < span.end)

    def _introduced(self, mention: Mention) -> bool:
        """"en France", "à Lima", "dans toute la France": a complement, not a subject."""
        span = self._span(mention)
        return span is not None and _preposition(span.root) not in (None, "de", "d")

    def _metonym(self, mention: Mention) -> bool:
        entity = self.doc.entities.get(mention.entity_id)
        return bool(entity and entity.type in _METONYM_TYPES)

    @staticmethod
    def _noun_relation(top, trigger: Trigger) -> str | None:
        """Inside a noun trigger: "entretien entre X et Y", "visite de X", "appel à X" — but
        "l'expulsion de X", "la libération de X": X undergoes it."""
        preposition = _preposition(top)
        if preposition in _OF_PREPOSITIONS:
            return "target" if trigger.of_target else "source"
        if preposition in _PARTICIPANT_PREPOSITIONS:
            return "source"
        if preposition in _TARGET_PREPOSITIONS:
            return "target"
        return "source" if preposition is None and top.dep_ in ("nmod", "appos", "flat:name") else None

    def _attribution(self, index: int, head) -> str | None:
        """Who the sentence says reported the event: "selon le Kremlin", "a indiqué la Maison-Blanche"."""
        for mention in self.mentions_by_sentence.get(index, []):
            if mention.entity_type in ACTOR_TYPES | {"city"} and self._reports(mention, head):
                return mention.entity_name
        return None

    def _attributed(self, mention: Mention) -> bool:
        """"selon le Kremlin", "d'après Washington": the source of the report."""
        span = self._span(mention)
        return span is not None and any(child.lower_ in self.lexicon.reported
                                        for child in span.root.children if child.dep_ == "case")

    def _reports(self, mention: Mention, head) -> bool:
        """Entities that only report the event: "selon le Kremlin", "a indiqué la Maison-Blanche"."""
        span = self._span(mention)
        if span is None:
            return False
        root = span.root
        if self._attributed(mention):
            return True
        governor = root.head
        return (root.dep_ in _SUBJECTS and governor.i != head.i
                and governor.lemma_.casefold() in self.lexicon.reported and head.is_ancestor(governor) is False
                and governor.is_ancestor(head))

    def _actors(self, sources: list[Mention], targets: list[Mention], reciprocal: bool) -> list[Actor]:
        actors: list[Actor] = []
        seen: set[str] = set()
        groups = [(sources + targets, "source")] if reciprocal else [(sources, "source"), (targets, "target")]
        for mentions, role in groups:
            entities = _prefer_officials(_prefer_people([self._actor_entity(m) for m in mentions]), self.timing.reference)
            for entity in entities:
                if entity.id not in seen:
                    seen.add(entity.id)
                    actors.append(Actor(name=entity.name, role=role, id=entity.id))
        return actors

    def _actor_entity(self, mention: Mention) -> Entity:
        entity = self.doc.entities.get(mention.entity_id) or Entity(
            id=mention.entity_id, type=mention.entity_type or "misc", name=mention.entity_name or mention.text)
        if entity.type in ("city", "government_body") and entity.stands_for:
            return self.kb.country(entity.stands_for) or entity  # "Moscou", "le Kremlin" act for Russia
        return entity

    # -- topics and main event ---------------------------------------------------------------

    def _topics(self, sentence, actors: list[Actor]) -> list[str]:
        """What the event is about: topic cues in its sentence and the headline — not the actors'
        own countries (Russia is no topic of a meeting with Putin)."""
        found = self.topic_finder.find(sentence.text) | self.topic_finder.find(self.doc.article.title or "")
        own = set()
        for actor in actors:
            entity = self.doc.entities.get(actor.id) or self.kb.get(actor.id or "")
            country = self.kb.country(entity.country) if entity else None
            own |= {alias_key(actor.name)} | ({alias_key(country.name)} if country else set())
        return [tag for tag in self.lexicon.topics if tag in found and alias_key(tag) not in own][:3]

    def _main(self, events: list[Event]) -> Event | None:
        """The event the headline and lead report.

        A meeting or call between named people frames whatever else the lead says ("a demandé à
        Poutine ... lors d'un entretien": the entretien). Otherwise the first sentence with an event,
        and in it the event closest to the sentence's main verb — but a verb that only frames
        another event ("a ordonné l'expulsion", "a annoncé des sanctions") gives way to it.
        """
        lead = self.lead
        in_lead = [e for e in events if e.sentence in lead and e.actors]
        framed = {i for e in in_lead for i in _governors(self.tokens[e.id])}
        in_lead = [e for e in in_lead if not (e.type in FRAMING_TYPES and self.tokens[e.id].i in framed)] or in_lead
        meetings = [e for e in in_lead if e.type == "CONSULT" and _people(e) >= 2]

        def rank(event: Event) -> tuple:
            return lead.index(event.sentence), _depth(self.tokens[event.id]), -(event.confidence or 0)

        return min(meetings or in_lead, key=rank, default=None)

    def _lead_sentences(self) -> list[int]:
        """The headline's sentences (when the text opens with it) and the first sentences of the body."""
        heading = self._heading()
        body: list[int] = []
        groups = 0
        for i, sentence in enumerate(self.sentences):  # whole sentences: parser fragments count as one
            if i in heading or i in body:
                continue
            if groups == _LEAD_SENTENCES:
                break
            body += [j for j in self._whole_sentence(i) if j >= i]
            groups += 1
        return heading + body


def _day_of(event: Event) -> date | None:
    return date.fromisoformat(event.date[:10]) if event.date_precision == "day" and event.date else None


def _same_act(main: Event, events: list[Event]) -> Iterator[Event]:
    """The article's other reports of the main event's type, at no other time: maybe the same act."""
    return (e for e in events if e is not main and e.type == main.type and not _other_times(e, main))


def _other_times(a: Event, b: Event) -> bool:
    """Events dated to different days, months or years ("en 2014" against "samedi 14 avril 2018")."""
    lengths = {"day": 10, "month": 7, "year": 4}
    if not (a.date and b.date and a.date_precision in lengths and b.date_precision in lengths):
        return False
    length = min(lengths[a.date_precision], lengths[b.date_precision])
    return a.date[:length] != b.date[:length]


def _governors(token, levels: int = 2) -> list[int]:
    """The verbs a trigger is the object of, up to two levels ("ordonne ... d'entamer leur retrait")."""
    found = []
    for _ in range(levels):
        if token.dep_ not in ("obj", "xcomp", "ccomp", "obl:arg") or token.head.i == token.i:
            break
        token = token.head
        found.append(token.i)
    return found


def _depth(token) -> int:
    """How far below the sentence's root a trigger sits (its main verb is 0)."""
    depth = 0
    while token.head.i != token.i and depth < 20:
        token, depth = token.head, depth + 1
    return depth


def _local(actor: Actor) -> bool:
    return not actor.id or actor.id.startswith("local:")


def _people(event: Event) -> int:
    return sum(1 for actor in event.actors if actor.id and not actor.id.startswith(("iso:", "geonames:")))


def _same(event: Event, other: Event) -> bool:
    """One sentence reporting one event twice ("s'entretenir" and "entretien"): keep the first. The
    roles count: Russia expelling French diplomats in answer to France expelling Russian ones is two."""
    return (event.sentence == other.sentence and event.type == other.type
            and {(a.id, a.role) for a in event.actors} == {(a.id, a.role) for a in other.actors})


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


def _opens_with_verb(sentence, token) -> bool:
    """Whether nothing but the verb group comes before the trigger in its sentence."""
    return all(t.pos_ in ("AUX", "VERB", "PUNCT", "ADV") or t.dep_.startswith("aux")
               for t in sentence if t.i < token.i)


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


def _head_of(tokens) -> object:
    inside = {t.i for t in tokens}
    return next((t for t in tokens if t.head.i not in inside or t.head.i == t.i), tokens[0])


def _ancestors(token, levels: int) -> list:
    found = []
    while len(found) < levels and token.head.i != token.i:
        token = token.head
        found.append(token)
    return found


def _clause_head(token, time_nouns: frozenset[str] = frozenset()):
    """The verb that carries a noun trigger ("ont eu une conversation" → "eu"), else the trigger.
    The parser often hangs a verb's object on the time word between them ("a annoncé mercredi des
    sanctions": "sanctions" under "mercredi"): the verb above that word carries the noun."""
    if token.pos_ not in ("NOUN", "PROPN"):
        return token
    carrier = token.head
    if carrier.lemma_.casefold() in time_nouns and token.dep_ in ("obj", "nmod") and carrier.head.pos_ in ("VERB", "AUX"):
        return carrier.head
    if carrier.pos_ in ("VERB", "AUX") and token.dep_ in ("obj", "nsubj", "obl:arg", "obl:mod"):
        return carrier
    return token


def _passive_modifier(token, trigger: Trigger):
    """The noun a past participle trigger qualifies ("le pasteur détenu", "Brunson, arrêté en
    2016"): it undergoes the act. None for another token, and for a pronominal or mutual trigger,
    whose participle tells who acts ("les manifestants rassemblés")."""
    if trigger.pronominal or trigger.reciprocal:
        return None
    if token.pos_ == "VERB" and token.dep_ == "acl" and "Part" in token.morph.get("VerbForm") \
            and "Past" in token.morph.get("Tense") and token.head.pos_ in ("NOUN", "PROPN") and _participle_form(token):
        return token.head
    return None


def _participle_form(token) -> bool:
    """Whether a verb the tagger calls a past participle is spelled as one: a headline's present
    ("Moscou expulse des diplomates") is often tagged so. Only the -er verbs' forms are sure."""
    if not token.lemma_.endswith("er"):
        return True
    return token.lower_.endswith(("é", "ée", "és", "ées"))


def _subject(head):
    """A clause's subject, or that of the verb it completes ("le gouvernement a décidé de suspendre")."""
    nodes = [head, head.head] if head.dep_ == "xcomp" else [head]
    return next((child for node in nodes for child in node.children if child.dep_ in ("nsubj", "nsubj:pass")), None)


def _is_pronominal(token) -> bool:
    return any(child.lower_ in ("se", "s'", "s’") for child in token.children)


def _preposition(token) -> str | None:
    for child in token.children:
        if child.dep_ == "case":
            return child.lower_.rstrip("'’")
    return None
