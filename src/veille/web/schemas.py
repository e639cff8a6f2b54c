"""The shapes of the JSON API, for /openapi.json: the error body every error has, and the bodies of the
main routes (docs/json.md and docs/web.md say what each field means).

They document; they do not filter: a route returns the data that web/pages.py builds, and
tests/web/test_api.py checks real answers against the schemas published here, so the two stay in step.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from ..store.breakdown import BREAKDOWN_SAMPLE, FACET_SIZE, PLACES_SHOWN


class ErrorDetail(BaseModel):
    status: int = Field(description="The HTTP status, repeated.")
    code: str = Field(description="bad_request, not_found, method_not_allowed, query_time_limit, "
                                  "store_error or internal_error.")
    message: str = Field(description="What went wrong, in one line (never a path or a traceback).")


class Error(BaseModel):
    """Every error of the API: ``{"error": {"status", "code", "message"}}``."""

    error: ErrorDetail


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": Error, "description": "An invalid parameter: a bad date, an unknown type, mode, topic, "
                                         "country, sort or format, a number out of range, a control character."},
    503: {"model": Error, "description": "The request's queries ran past the time limit."},
    500: {"model": Error, "description": "A store that cannot be read, or a bug (no traceback)."},
}
NOT_FOUND = {404: {"model": Error, "description": "No such id."}}


# -- events -------------------------------------------------------------------------------------

class Actor(BaseModel):
    id: str | None = Field(description="Entity id (a Wikidata QID where known), or null.")
    name: str = Field(description="Canonical English name.")
    type: str | None = Field(None, description="Entity type (person, country, organisation…), where known.")
    role: str | None = Field(description="source or target.")


class Location(BaseModel):
    city: str | None
    country: str | None


class MonthCount(BaseModel):
    month: str = Field(description="YYYY-MM.")
    count: int


class EventCluster(BaseModel):
    """A real-world event: the reports of it across articles, merged."""

    id: str
    type: str = Field(description="PLOVER event type.")
    mode: str | None = Field(description="PLOVER mode of the type, or null.")
    actors: list[Actor]
    participants: str = Field(description='Who did what to whom: "Barack Obama → Vladimir Putin".')
    date: str | None = Field(description="ISO day, month or TimeML value; null when unknown. The day inferred "
                                         "for its reports when they state none (date_source cluster).")
    date_precision: str | None = Field(description="day, reference (the articles' day), month, weekend, week, "
                                                   "season, year, decade, century; unknown or null when undated.")
    date_constraint: str | None = Field(description='What is known when the day is not ("Tuesday").')
    date_source: str | None = Field(description="text, article (its articles' day), cluster (a day inferred for "
                                                "its reports, which state none), or null.")
    date_reason: dict[str, Any] | None = Field(description='For date_source cluster, why: {"rule", "from"}.')
    stated_date: str | None = Field(description="The date its reports state (date, unless date_source is cluster).")
    stated_precision: str | None = Field(description="The precision of stated_date.")
    location: Location | None
    topics: list[str]
    story_id: str | None
    n_events: int
    n_articles: int
    n_sources: int = Field(description="Articles that report it, near-duplicates counted once.")
    n_outlets: int
    first_seen: str | None
    last_seen: str | None
    sentence: str | None = Field(description="The first evidence sentence of its earliest main report.")
    headline: str = Field(description='"Barack Obama → Vladimir Putin: REQUEST (Lima, 2016-11-20)".')


class FacetValue(BaseModel):
    value: str = Field(description="What the filter of this facet takes: a PLOVER type, a country's English "
                                   "name, an entity id, an outlet.")
    name: str = Field(description="What a link to it shows (an actor's name).")
    count: int = Field(description="Event clusters of the list that have it: how many the filter would keep.")


class Facets(BaseModel):
    __doc__ = f"The most frequent values ({FACET_SIZE} at most) of each facet among the listed event clusters."

    events: int = Field(description="Event clusters that the facets and places count: every one that matches, "
                                    f"or the latest {BREAKDOWN_SAMPLE:,} where more match.")
    type: list[FacetValue]
    country: list[FacetValue] = Field(description="Where it happened or an actor's country, as the country "
                                                  "filter reads it.")
    actor: list[FacetValue] = Field(description="Actors that take part, those the filter names left out.")
    outlet: list[FacetValue] = Field(description="Outlets of the articles that report it.")


class Place(BaseModel):
    city: str | None = Field(description="As stored (the city's English name); null for events with only a country.")
    country: str | None
    count: int = Field(description="Event clusters that happened there.")
    lon: float | None = Field(description="Longitude of the city, else of the country's capital; null where the "
                                          "place is nowhere known.")
    lat: float | None


class EventsPage(BaseModel):
    filters: dict[str, Any] = Field(description="The parameters that narrowed the list, as understood "
                                                "(topic=Syrie gives \"topic\": \"Syria\").")
    total: int = Field(description="Event clusters that match, in all.")
    limit: int
    offset: int
    events: list[EventCluster]
    per_month: list[MonthCount] = Field(description="Matching event clusters dated by a day or a month, per month "
                                                    "(a week, a season, a year or coarser is in no month).")
    facets: Facets
    places: list[Place] = Field(description="Where the matching event clusters happened, the busiest place "
                                            f"first ({PLACES_SHOWN} at most; counted as facets are).")


class Evidence(BaseModel):
    article_id: str
    sentence: str
    start: int = Field(description="Character offset in the article's clean text.")
    end: int


class Quote(BaseModel):
    article_id: str
    start: int
    end: int
    speaker_id: str | None
    speaker: str | None
    text: str


class Event(BaseModel):
    """One article's report of an event (docs/json.md)."""

    id: str
    type: str
    mode: str | None
    cameo: str | None = Field(description='CAMEO root code of the type ("04").')
    actors: list[Actor]
    participants: str
    date: str | None
    date_precision: str | None
    date_source: str | None = Field(description="text, article or cluster.")
    date_constraint: str | None
    date_reason: dict[str, Any] | None
    location: Location | None
    topics: list[str]
    contexts: list[str]
    attribution: str | None
    cluster_id: str | None
    article_id: str
    articles: list[str]
    evidence: list[Evidence]
    confidence: float | None
    trace: dict[str, Any] | None
    quotes: list[Quote] | None = Field(None, description="Its actors' quotations (not in an event cluster's reports).")


class Story(BaseModel):
    id: str
    name: str
    parties: list[str]
    first_seen: str | None
    last_seen: str | None
    n_events: int
    n_sources: int


class EventClusterWithReports(EventCluster):
    reports: list[Event]


class SourceArticle(BaseModel):
    id: str
    title: str
    url: str | None
    outlet: str | None
    published: str | None
    copy_of: str | None


class EvidenceInContext(BaseModel):
    start: int
    end: int
    before: str
    sentence: str
    after: str


class Source(BaseModel):
    """An article that reports the event, with its evidence between the sentences around it."""

    article: SourceArticle
    evidence: list[EvidenceInContext]
    quotes: list[Quote]
    decision: dict[str, Any] | None = Field(description="What made this article report it so (type, confidence, trace).")
    dated_from: dict[str, Any] | None = Field(description="The day read from other reports, and why.")


class EventPage(BaseModel):
    event: EventClusterWithReports
    story: Story | None
    sources: list[Source]


# -- articles -----------------------------------------------------------------------------------

class ArticleEntity(BaseModel):
    id: str
    name: str
    type: str
    wikidata: str | None
    country: str | None
    mentions: int


class Article(BaseModel):
    """An article (docs/json.md); ``source`` is a file's name, a web address or <stdin>."""

    id: str
    external_id: str | None
    source: str | None
    url: str | None
    outlet: str | None
    title: str = Field(description="Never empty: its own, the headline of its text or its first sentence.")
    title_source: str = Field(description="article, headline or lead.")
    published: str | None
    published_source: str | None
    published_range: str | None
    published_reason: str | None
    language: str | None
    status: str
    ingested_at: str
    cluster_id: str | None
    copy_of: str | None
    main_event: Event | None
    entities: list[ArticleEntity]


class ArticlesPage(BaseModel):
    filters: dict[str, Any]
    total: int
    limit: int
    offset: int
    articles: list[Article]


class Span(BaseModel):
    start: int
    end: int


class Mention(BaseModel):
    start: int
    end: int
    text: str
    label: str | None
    sentence: int | None
    entity_id: str | None
    entity_name: str | None
    entity_type: str | None


class Segment(BaseModel):
    text: str
    event: str | None = Field(description="The event whose evidence this piece is, or null for plain text.")


class ArticleDetail(Article):
    clean_text: str | None
    language_confidence: float | None
    sentences: list[Span]
    mentions: list[Mention]
    events: list[Event]
    quotes: list[Quote]
    segments: list[Segment] = Field(description="The clean text cut into plain and evidence pieces.")


# -- actors -------------------------------------------------------------------------------------

class ActorSummary(BaseModel):
    id: str = Field(description="Entity id (a Wikidata QID where known).")
    name: str
    type: str = Field(description="person, country, organisation, government_body…")
    country: str | None = Field(description="ISO 3166-1 alpha-2 code: nationality, seat or location.")
    n_reports: int = Field(description="Reports (one article's event) that name it.")
    n_events: int = Field(description="Event clusters it takes part in.")


class ActorsPage(BaseModel):
    filters: dict[str, Any] = Field(description='The name searched for ({"q": "Poutine"}), if any.')
    limit: int
    offset: int
    actors: list[ActorSummary] = Field(description="Ranked by the reports that name them.")


class Counterpart(BaseModel):
    id: str | None = Field(description="Entity id, or null for a name the knowledge base does not know.")
    name: str
    n_events: int = Field(description="Events shared with the actor.")
    types: dict[str, int] = Field(description="Shared events by PLOVER type.")


class Office(BaseModel):
    role: str = Field(description="president, prime_minister, foreign_minister…")
    of: str = Field(description="ISO alpha-2 code of the country, or the key of an organisation (UN…).")
    start: str | None
    end: str | None = Field(description="null while held.")


class ActorPage(BaseModel):
    """One actor: who it dealt with, how often, and one page of its events, the latest first."""

    id: str
    name: str
    type: str
    country: str | None
    wikidata: str | None
    n_events: int
    types: dict[str, int] = Field(description="Its events by PLOVER type.")
    counterparts: list[Counterpart]
    per_month: list[MonthCount]
    offices: list[Office] = Field(description="Offices from the knowledge base.")
    total: int = Field(description="Its events in all.")
    limit: int
    offset: int
    events: list[EventCluster] = Field(description="One page of its events, the latest first (limit, offset).")


# -- stories, topics ----------------------------------------------------------------------------

class StoriesPage(BaseModel):
    total: int
    limit: int
    offset: int
    stories: list[Story]


class StoryPage(BaseModel):
    story: Story
    per_month: list[MonthCount] = Field(description="All its dated events per month.")
    total: int = Field(description="Its events in all.")
    limit: int
    offset: int
    events: list[EventCluster] = Field(description="One page of its timeline, oldest first (limit, offset).")
    places: list[Place] = Field(description="Where its events happened (all of them, not only this page's).")


class Topics(BaseModel):
    topics: list[str] = Field(description="The tags the topic filter takes (it takes their French words too).")


# -- store ---------------------------------------------------------------------------------------

class Stats(BaseModel):
    """Counts of what the store holds, as `veille stats --format json` prints them."""

    articles: int
    analysed: int
    unsupported_language: int
    languages: dict[str, int] = Field(description="Articles by ISO 639-1 code (unknown: none detected).")
    outlets: int
    published_range: list[str | None] = Field(description="The first and last publication dates.")
    sentences: int
    mentions: int
    linked_mentions: int = Field(description="Mentions linked to a knowledge base entity.")
    entities: int
    imported_kb_entities: int = Field(description="Entities imported with `veille kb import`.")
    events: int = Field(description="Reports: one article's event.")
    event_types: dict[str, int] = Field(description="Reports by PLOVER type.")
    news_clusters: int
    event_clusters: int = Field(description="Real-world events.")
    near_duplicates: int
    stories: int
    failed_articles: int
    schema_version: int
