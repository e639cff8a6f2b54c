"""Stage: PLOVER events — who did what to whom, when and where — each with its evidence sentence.

For each sentence of a supported article:
1. triggers (triggers.py) from the language's lexicon (lang/<code>/events.toml): a lemma of the
   right part of speech (pronominal verbs only with "se"), or a multi-word phrase;
2. modality (modality.py): a negated trigger is dropped, a hypothetical one too; a future or
   planned event ("ont convenu de se rencontrer en juillet") becomes AGREE — unless it is imminent
   (a meeting announced for the next days keeps its type, as news reports it);
3. arguments (arguments.py): who takes part, as source or target; reciprocal events (meetings,
   calls, agreements) put every participant among the actors. No named actor, no event;
4. date (timing.py, on what the article tells of its own time: article_time.py), place
   (places.py), topics, attribution, quotes (quotes.py) and the CAMEO root code.

The components: lexicon.py (the trigger lexicon), triggers.py, modality.py, this module (the
candidate events and the stage), arguments.py (roles), syntax.py (the readings of the parse the
rules share), timing.py and article_time.py (dating), places.py (placing: the rules and the
learned choice of the main event's place), main_event.py (the learned choice and type of the
main event, linear models of linear.py), participants.py (the learned choice of its actors),
completion.py (what the main event takes from the article's other events: its agent, its
people, its day).

The main event of an article is chosen among these candidates, and typed, by the learned model of
main_event.py (whether the article reports a political event at all, which candidate, which
type); without a model, by the rule that is now one of its features: the first event, in reading
order, of the headline and lead (the first two sentences of the body) with a named actor.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from ..dates import weekday_of
from ..kb.base import KnowledgeBase
from ..kb.gazetteer import Gazetteer
from ..kb.model import alias_key, is_local
from ..models import Actor, Document, Event, Evidence
from ..settings import Settings
from . import main_event, modality, participants, places, syntax, timing
from .arguments import Arguments
from .article_time import ArticleTime, When
from .completion import LeadCompletion
from .lexicon import Trigger, load_lexicon
from .main_event import EventModel
from .parse import sentence_spans
from .triggers import sentence_triggers

_LEAD_SENTENCES = 2
_IMMINENT_DAYS = 3
_ARMED_TYPES = ("country", "government_body", "security_force", "armed_group")  # the entities that can use force


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
        self.policy = stage.lexicon.policy
        self.spacy_doc = doc.spacy_doc
        self.sentences = sentence_spans(self.spacy_doc)
        self.topic_finder = stage.topic_finder
        time = ArticleTime(self.kb, doc, stage.series_finder, stage.language)
        self.timing = timing.DocumentTiming(time)  # when each event happened
        self.placing = places.DocumentPlacing(time)  # where, by the rules
        self.arguments = Arguments(doc, self.kb, self.lexicon, time.reference, self.sentences)
        self.lead = self._lead_sentences()

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
        completion = LeadCompletion(self.timing, self.arguments.entity, self.lead, self.tokens, self.shifted,
                                    self.unnamed, self.policy.statement)
        completion.complete(main, found)
        if model and model.actors:
            participants.choose(main, self.participant_candidates(main, found), model)
        completion.people_first(main)
        if model and model.places:
            places.choose(main, self.place_candidates(main), model)
        return found

    def place_candidates(self, main: Event):
        """The places the main event may have happened in, with what the place model reads."""
        return places.candidates(self.doc, self.placing, self.arguments, main, self.lead, self._heading())

    def participant_candidates(self, main: Event, found: list[Event]):
        """The entities that may take part in the main event, with what the actor model reads."""
        return participants.candidates(self.doc, self.arguments, main, found, self.lead, self._heading())

    def candidates(self) -> list[Event]:
        """Every event the lexicon and the parse find, in reading order, none of them main yet."""
        found: list[Event] = []
        self.tokens: dict[str, object] = {}  # event id → its trigger token, for choosing the main event
        self.shifted: set[str] = set()  # events dated from another day of their sentence ("la veille")
        # (sentence, type, day or weekday) of the events told without an actor
        self.unnamed: list[tuple[int, str, When]] = []
        for index, sentence in enumerate(self.sentences):
            for token, trigger in sentence_triggers(sentence, self.lexicon):
                event = self._event(index, sentence, token, trigger, len(found))
                if event and not any(_same(event, other) for other in found):
                    found.append(event)
                    self.tokens[event.id] = token
        return found

    def decision_inputs(self, found: list[Event]) -> tuple[dict[str, float], list[tuple[str, dict[str, float]]]]:
        """What the learned model reads: the typer's features of the article, and (type, ranker
        features) of each candidate event."""
        rule_main = self._main(found)
        framed = {i for e in found for i in syntax.governors(self.tokens[e.id])}
        heading = set(self._heading())
        lead_tokens = [t for i in self.lead if i not in heading for t in self.sentences[i]]
        headline_tokens = [t for i in sorted(heading) for t in self.sentences[i]]
        in_lead = [(e.type, self.tokens[e.id].lemma_.casefold(), e is rule_main) for e in found if e.sentence in self.lead]
        article = main_event.article_features(headline_tokens, lead_tokens, in_lead)
        counts = Counter(e.type for e in found)
        triggers = {self.tokens[e.id].i for e in found}
        # within its sentence (the parse is per sentence): the triggers above each candidate's, and
        # so every trigger that governs another
        governors = {e.id: {t.i for t in self.tokens[e.id].ancestors} & triggers for e in found}
        governing = set().union(*governors.values())
        seen: set[str] = set()
        candidates = []
        for event in found:
            token = self.tokens[event.id]
            facts = main_event.CandidateFacts(
                type=event.type, mode=event.mode, trigger=token.lemma_.casefold(), sentence=event.sentence or 0,
                lead_rank=self.lead.index(event.sentence) if event.sentence in self.lead else None,
                in_headline=event.sentence in heading, depth=syntax.depth(token), framed=token.i in framed,
                sources=sum(1 for a in event.actors if a.role == "source"),
                targets=sum(1 for a in event.actors if a.role == "target"), people=_people(event),
                political=sum(1 for a in event.actors if self._political(a)),
                unknown=sum(1 for a in event.actors if _local(a) or self.arguments.entity(a.id) is None),
                date_precision=event.date_precision, rule_main=event is rule_main, same_type=counts[event.type],
                first_of_type=event.type not in seen,
                below_other=bool(governors[event.id]), above_other=token.i in governing)
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

    def _political(self, actor: Actor) -> bool:
        """Whether the knowledge base knows an actor as a political one: one that can use force (as
        ``_armed``), or an organisation."""
        entity = self.arguments.entity(actor.id)
        return entity is not None and not _local(actor) and (
            entity.type in (*_ARMED_TYPES, "organisation") or bool(entity.offices))

    def _armed(self, actor: Actor) -> bool:
        """Whether an actor can move troops or police: a state, its government or security forces,
        an armed group, an organisation of states that deploys troops, or someone holding an office."""
        entity = self.arguments.entity(actor.id)
        if entity is None:
            return False
        return entity.type in _ARMED_TYPES or entity.commands_forces or bool(entity.offices)

    # -- 2-4. one event --------------------------------------------------------------------

    def _event(self, index: int, sentence, token, trigger: Trigger, number: int) -> Event | None:
        head = syntax.clause_head(token, self.lexicon.time_nouns)
        judged = self.arguments.judged(token)
        if judged:
            head = token  # "Trump a dénoncé une attaque": the attack is not Trump's

        if modality.negated(token, head, self.lexicon) or modality.hypothetical(head, self.lexicon):
            return None
        event_type, mode = trigger.type, trigger.mode
        if event_type == "ACCUSE" and token.dep_ in ("advcl", "xcomp") and \
                token.head.lemma_.casefold() in self.lexicon.protest_movements:
            event_type, mode = "PROTEST", "demo"  # "ont marché pour protester contre…"
        sources, targets = self.arguments.find(index, sentence, token, head, trigger, guess_subject=not judged)
        if not sources and not judged:
            sources = self.arguments.quoted_speaker(index, token, head)
        if trigger.object_required and not targets:
            return None
        if trigger.subject_blamed:  # the accuser is the person the sentence gives the claim to
            sources, targets = self.arguments.speaker(index, sources), sources
        if not sources and event_type == "PROTEST":
            sources = self.arguments.movements(index, self.lead)
        reciprocal = trigger.reciprocal or (event_type in self.policy.reciprocal and not targets)
        people = [m for m in sources + targets if m.entity_type == "person"]
        if reciprocal and len(people) < 2:
            sources = sources + self.arguments.protagonists(index, head, people)
        elif sources and not targets and not reciprocal:
            targets = self.arguments.next_person(index, token, head, sources)
        if not sources and not targets:
            self._note_unnamed(index, sentence, token, event_type)
            return None
        event_id = f"{self.doc.article.id}-e{number + 1}"
        when = self.timing.event_date(index, sentence, token)
        if when and when.shifted:
            self.shifted.add(event_id)
        announced = modality.future(token, head, self.lexicon)
        if announced and not timing.imminent(when, self.timing.reference, _IMMINENT_DAYS):
            if event_type in self.policy.threatened:
                # "frapperont", "imposeront des sanctions si...": a warning; "Londres va expulser 23
                # diplomates", with no condition: the measure, decided as announced
                if event_type in self.policy.violent or modality.conditioned(head, self.lexicon):
                    event_type, mode = "THREATEN", self.policy.threat_mode(event_type, mode)
            elif event_type in self.policy.concession and not modality.conditioned(head, self.lexicon):
                pass  # "a décidé de suspendre le projet": the concession, decided as announced
            else:  # "ont convenu de se rencontrer": a promise to cooperate
                event_type, mode, reciprocal = "AGREE", None, True
        actors = self.arguments.actors(sources, targets, reciprocal)
        if event_type == "MOBILIZE" and actors and not any(self._armed(a) for a in actors if a.role == "source"):
            event_type, mode = "PROTEST", "demo"  # PLOVER's MOBILIZE is troops and police; a movement protests
        if not actors or (event_type not in self.policy.private_actor and all(_local(a) for a in actors)):
            return None  # a footballer "s'offre" a win: no political actor, no political event
        place = None if mode == "phone" else self.placing.event_place(index, sentence, token, when,
                                                                      meeting=event_type == "CONSULT",
                                                                      gathering=event_type in self.policy.gathering)
        if place is None and event_type in self.policy.state_action and actors:
            place = self.placing.seat_of(self.arguments.entity(actors[0].id))  # a government decides in its capital
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
            attribution=self.arguments.attribution(index, head),
            evidence=[evidence],
            confidence=round(trigger.weight * (1.0 if sources else 0.7), 2),
            cameo=self.lexicon.cameo.get(event_type),
            sentence=index,
        )

    def _note_unnamed(self, index: int, sentence, token, event_type: str) -> None:
        when = self.timing.event_date(index, sentence, token)
        if when and (when.precision == "day" or weekday_of(when.constraint) is not None) and not when.shifted:
            self.unnamed.append((index, event_type, when))

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
        framed = {i for e in in_lead for i in syntax.governors(self.tokens[e.id])}
        in_lead = [e for e in in_lead if not (e.type in self.policy.framing and self.tokens[e.id].i in framed)] or in_lead
        meetings = [e for e in in_lead if e.type == "CONSULT" and _people(e) >= 2]

        def rank(event: Event) -> tuple:
            return lead.index(event.sentence), syntax.depth(self.tokens[event.id]), -(event.confidence or 0)

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
            body += [j for j in self.arguments.whole_sentence(i) if j >= i]
            groups += 1
        return heading + body


def _local(actor: Actor) -> bool:
    return is_local(actor.id)


def _people(event: Event) -> int:
    return sum(1 for actor in event.actors if actor.id and not actor.id.startswith(("iso:", "geonames:")))


def _same(event: Event, other: Event) -> bool:
    """One sentence reporting one event twice ("s'entretenir" and "entretien"): keep the first. The
    roles count: Russia expelling French diplomats in answer to France expelling Russian ones is two."""
    return (event.sentence == other.sentence and event.type == other.type
            and {(a.id, a.role) for a in event.actors} == {(a.id, a.role) for a in other.actors})
