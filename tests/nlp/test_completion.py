"""The completion of a chosen main event, on hand-built events: no parse, no model."""

from datetime import date

import pytest

from veille.kb.model import Entity, Office
from veille.models import Actor, Event
from veille.nlp.completion import LeadCompletion

RUSSIA = Entity(id="Q159", type="country", name="Russia", country="RU")
LAVROV = Entity(id="veille:sergey-lavrov", type="person", name="Sergey Lavrov", country="RU",
                offices=[Office(role="foreign_minister", of="RU", start=date(2004, 3, 9), end=None)])
USA = Entity(id="Q30", type="country", name="United States", country="US")


ENTITIES = {entity.id: entity for entity in (RUSSIA, LAVROV, USA)}  # what the article and knowledge base know


class Timing:
    """What the completion reads of the article's time."""

    def __init__(self, reference: date | None) -> None:
        self.reference = reference


def _completion(reference=date(2018, 4, 10)):
    return LeadCompletion(Timing(reference), ENTITIES.get, lead=[0], tokens={}, shifted=set(), unnamed=[],
                          statement_types=frozenset())


def _event(*actors, day=None):
    return Event(id="e", article_id="a", type="ACCUSE", actors=[Actor(e.name, role, e.id) for e, role in actors],
                 date=day, date_precision="day" if day else None, trace={})


def test_a_state_gives_way_to_its_office_holder_among_the_actors():
    main = _event((LAVROV, "source"), (RUSSIA, "source"), (USA, "target"))
    _completion().people_first(main)
    assert [a.name for a in main.actors] == ["Sergey Lavrov", "United States"]
    assert main.trace["people_first"] == ["Russia"]


@pytest.mark.parametrize("reference, day", [(date(2001, 4, 10), None), (None, "2001-04-10")])
def test_a_state_stays_beside_someone_who_did_not_then_serve_it(reference, day):
    main = _event((LAVROV, "source"), (RUSSIA, "source"), day=day)
    _completion(reference).people_first(main)
    assert [a.name for a in main.actors] == ["Sergey Lavrov", "Russia"]
    assert "people_first" not in main.trace


def test_another_state_stays():
    main = _event((LAVROV, "source"), (USA, "target"))
    _completion().people_first(main)
    assert [a.name for a in main.actors] == ["Sergey Lavrov", "United States"]
