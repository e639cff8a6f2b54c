"""Plain data objects passed between pipeline stages, the store and the outer layers."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


# PLOVER event types (../PLOVER.md; docs/events.md), the values of Event.type.
EVENT_TYPES = ("AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT", "REQUEST", "ACCUSE",
               "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT")


@dataclass
class Record:
    """One article as a reader found it, before analysis."""

    source: str  # file path, "<stdin>" or URL it came from
    locator: str  # where inside the source ("line 12", "record 3"), "" for a whole file
    text: str
    external_id: str | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) or month (YYYY-MM)
    published_source: str | None = None  # metadata, url, html, text, metadata-line, inferred...

    @property
    def where(self) -> str:
        return f"{self.source}:{self.locator}" if self.locator else self.source


@dataclass
class Article:
    id: str
    source: str
    raw_text: str
    external_id: str | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    published_source: str | None = None
    clean_text: str = ""
    language: str | None = None
    language_confidence: float | None = None
    status: str = "pending"  # analysed | unsupported_language
    ingested_at: str | None = None
    cluster_id: str | None = None
    main_event_id: str | None = None


@dataclass
class Sentence:
    start: int  # character offsets into Article.clean_text
    end: int


@dataclass
class Mention:
    start: int
    end: int
    text: str
    label: str  # PER, LOC, ORG, MISC (spaCy's French labels) or a KB type
    sentence: int
    entity_id: str | None = None
    entity_name: str | None = None
    entity_type: str | None = None


@dataclass
class Actor:
    name: str
    role: str  # source | target
    id: str | None = None


@dataclass
class Evidence:
    article_id: str
    start: int
    end: int
    text: str


@dataclass
class Event:
    id: str
    article_id: str
    type: str
    mode: str | None = None
    actors: list[Actor] = field(default_factory=list)
    date: str | None = None
    date_precision: str | None = None
    location: dict[str, str | None] | None = None
    topics: list[str] = field(default_factory=list)
    contexts: list[str] = field(default_factory=list)  # PLOVER contexts implied by the topics
    attribution: str | None = None  # who the article says reported it ("selon le Kremlin")
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float | None = None
    cluster_id: str | None = None
    is_main: bool = False
    cameo: str | None = None  # CAMEO root code ("04"), for exports
    date_constraint: str | None = None  # what is known when the day is not ("Tuesday")
    sentence: int | None = None  # index of the evidence sentence in its article
    trace: dict[str, Any] | None = None  # what decided it: the model's probabilities and weightiest features


PLACE_BY_MODEL = "model"  # Event.trace["place_by"]: the place model chose the event's place (nlp.places)


def place_chosen_by_model(event: dict[str, Any]) -> bool:
    """Whether an event's place (as the store's JSON gives it) is the place model's choice: a
    likely place, not one its text attaches to it, so clustering never takes it for a fact that
    tells two reports apart."""
    return (event.get("trace") or {}).get("place_by") == PLACE_BY_MODEL


@dataclass
class Quote:
    article_id: str
    start: int
    end: int
    text: str
    speaker_id: str | None = None
    speaker: str | None = None


@dataclass
class Document:
    """An article travelling through the pipeline with everything stages add to it."""

    article: Article
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    entities: dict[str, Any] = field(default_factory=dict)  # entity id → kb.model.Entity linked in it
    spacy_doc: Any = None  # the parsed spaCy Doc, never stored
    where: str = ""  # the input it was read from ("file.jsonl:line 3"), for reports
    failure: str | None = None  # why its analysis failed (Pipeline.isolated); such a document is not stored

    @property
    def supported(self) -> bool:
        return self.article.status != "unsupported_language"


def to_dict(obj: Any) -> dict[str, Any]:
    return asdict(obj)
