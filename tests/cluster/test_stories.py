"""Stories' algorithms: parties, keys, days, runs over time and names (no store)."""

from datetime import date

import pytest

from veille.cluster import stories
from veille.kb.base import KnowledgeBase

KB = KnowledgeBase.load()
MACRON, PUTIN, BIDEN, FRANCE, RUSSIA = "Q3052772", "Q7747", "Q6279", "Q142", "Q159"
TUSK, GUTERRES, COMMISSION = "veille:donald-tusk", "Q311440", "Q8880"
BORNE, CGT = "veille:elisabeth-borne", "veille:general-confederation-of-labour-france"


def actor(entity_id, name=None, role="source"):
    return {"id": entity_id, "name": name or entity_id, "role": role}


@pytest.mark.parametrize("entity_id, day, party", [
    (PUTIN, date(2021, 6, 16), "RU"),
    (MACRON, date(2019, 12, 9), "FR"),  # also co-prince of Andorra: his own country's office first
    (GUTERRES, date(2020, 3, 23), "United Nations"),  # the organisation he then serves, not Portugal
    (TUSK, date(2016, 3, 18), "European Union"),  # President of the European Council then
    (TUSK, None, "PL"),  # no day, no office: his country
    (COMMISSION, None, "European Union"),  # a body of the Union stands for it
    (FRANCE, None, "FR"),
    ("local:bfmtv", None, None),  # a name no knowledge base knows stands for no one
])
def test_an_actor_stands_for_a_state_or_an_organisation(entity_id, day, party):
    assert stories.party(KB, entity_id, day) == party


def test_the_key_is_the_two_parties_most_involved():
    day = date(2021, 6, 16)
    assert stories.story_key([actor(BIDEN), actor(PUTIN), actor(RUSSIA)], ["cyber"], KB, day) == "RU+US"
    # three parties once each: the most reported actors (listed first) decide, not the alphabet
    assert stories.story_key([actor(PUTIN), actor(BIDEN), actor(MACRON)], [], KB, day) == "RU+US"
    assert stories.story_key([actor(MACRON), actor(PUTIN), actor(BIDEN)], [], KB, day) == "FR+RU"


def test_a_countrys_own_politics_keys_its_subject_too():
    day = date(2023, 1, 19)
    assert stories.story_key([actor(BORNE), actor(CGT)], ["pensions"], KB, day) == "FR:pensions"
    assert stories.story_key([actor(FRANCE), actor(CGT), actor(BORNE)], [], KB, day) == f"FR:{CGT}"
    assert stories.story_key([actor(FRANCE)], [], KB, day) == "FR"


def test_off_topic_names_and_outlets_key_no_story():
    unknown = [actor("local:foot-locker", "Foot Locker"), actor("local:bfmtv", "BFMTV"), actor(None, "PSG")]
    assert stories.story_key(unknown, ["sport"], KB, date(2023, 3, 19)) is None
    # an outlet the article names beside a known actor does not become a party
    with_outlet = [actor("local:bfmtv", "BFMTV"), actor(MACRON)]
    assert stories.story_key(with_outlet, [], KB, date(2023, 3, 19)) == f"FR:{MACRON}"


def test_the_day_of_an_event_and_history_recalled():
    assert stories.story_day("2018-04-14", "day", "2018-04-15") == "2018-04-14"
    assert stories.story_day("2018-04", "month", None) == "2018-04-01"
    assert stories.story_day("2018", "year", "2018-04-15") == "2018-04-15"  # a year places nothing: its report does
    assert stories.story_day(None, None, None) is None
    # "depuis mars 2011" in a report of 2018: history recalled, not news of the story
    assert stories.historical("2011-03", "2018-04-15")
    assert stories.historical("2011", "2018-04-15") and stories.historical("2017-04-15", "2018-04-15")
    assert not stories.historical("2017-04", "2018-04-15")  # up to 30 April 2017: less than a year
    assert not stories.historical("2018-03-30", "2018-04-15")
    assert not stories.historical("2011-03", None)


def test_runs_chain_days_within_a_year_whatever_the_order():
    members = [("c", "2019-06-01"), ("a", "2018-01-01"), ("b", "2018-12-31"), ("d", "2021-01-01")]
    assert stories.runs(members) == [["a", "b", "c"], ["d"]]
    assert stories.runs(reversed(members)) == stories.runs(members)
    assert stories.runs([("a", "2018-01-01"), ("b", "2019-01-01")]) == [["a", "b"]]  # 365 days apart
    assert stories.runs([("a", "2018-01-01"), ("b", "2019-01-02")]) == [["a"], ["b"]]
    assert stories.thread_id(["x-e2", "b-e1", "q-e4"]) == "s-b-e1"


def test_a_story_is_named_from_its_dominant_pair_and_topic():
    names = {"RU": "Russia", "US": "United States", "FR": "France"}
    summit = ([("Joe Biden", "US"), ("Vladimir Putin", "RU")], ["Ukraine", "cyber"])
    call = ([("Vladimir Putin", "RU"), ("Joe Biden", "US"), ("Sergey Lavrov", "RU")], ["cyber"])
    sanctions = ([("Antony Blinken", "US"), ("Russia", "RU")], ["sanctions", "cyber"])
    assert stories.story_name("RU+US", [summit, call, sanctions], names) == "Joe Biden – Vladimir Putin: cyber"
    strike = ([("France", "FR"), ("CGT", "FR"), ("Élisabeth Borne", "FR")], ["pensions", "France"])
    claim = ([("CGT", "FR")], ["pensions"])
    assert stories.story_name("FR:pensions", [strike, claim], names) == "CGT – Élisabeth Borne: pensions"
    assert stories.story_name("FR", [([("France", "FR")], ["France"])] * 2, names) == "France"
