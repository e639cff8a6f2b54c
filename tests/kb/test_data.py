"""The shipped knowledge base is well formed and covers what the issue lists."""

from datetime import date

import pytest

from veille.kb.base import KnowledgeBase
from veille.kb.model import alias_key


@pytest.fixture(scope="module")
def kb():
    return KnowledgeBase.load()


def test_every_office_is_well_formed(kb):
    roles = {"president", "vice_president", "prime_minister", "chancellor", "king", "queen", "emir", "crown_prince",
             "supreme_leader", "foreign_minister", "secretary_general", "high_representative", "commission_president",
             "council_president", "director_general", "chairperson", "head_of_government", "envoy", "spokesperson",
             "defence_minister", "national_security_advisor", "interior_minister", "justice_minister"}
    known_places = {e.country for e in kb.entities.values() if e.type == "country"} | {
        e.key for e in kb.entities.values() if e.key}
    for entity in kb.entities.values():
        for office in entity.offices:
            assert office.role in roles, (entity.name, office.role)
            assert office.of in known_places, (entity.name, office.of)
            assert office.start is None or office.end is None or office.start <= office.end, entity.name


@pytest.mark.parametrize("role, of, select", [
    ("president", "US", None), ("president", "RU", None), ("president", "FR", None),
    (None, "GB", "head_of_government"), (None, "DE", "head_of_government"), (None, "CN", "head_of_state"),
    ("foreign_minister", "US", None), ("foreign_minister", "RU", None), ("foreign_minister", "FR", None),
    (None, "UA", "head_of_state"), (None, "SY", "head_of_state"), (None, "IR", "head_of_state"),
    (None, "IL", "head_of_government"), (None, "TR", "head_of_state"), (None, "KP", "head_of_state"),
    ("secretary_general", "UN", None), ("secretary_general", "NATO", None), ("commission_president", "EU", None),
])
def test_offices_are_covered_every_year_since_2000(kb, role, of, select):
    for year in range(2000, 2026):
        day = date(year, 7, 1)
        assert kb.holders(role, of, on=day, select=select), f"nobody holds {role or select} of {of} on {day}"


@pytest.mark.parametrize("alias, name", [
    ("Poutine", "Vladimir Putin"), ("Vladimir Poutine", "Vladimir Putin"), ("Bachar el-Assad", "Bashar al-Assad"),
    ("Bachar al-Assad", "Bashar al-Assad"), ("Bachar Al-Assad", "Bashar al-Assad"), ("la Maison-Blanche", "White House"),
    ("la Maison Blanche", "White House"), ("Erdogan", "Recep Tayyip Erdoğan"), ("Kim Jong-un", "Kim Jong-un"),
    ("Daech", "Islamic State"), ("Front al-Nosra", "Al-Nusra Front"), ("Etats-Unis", "United States"),
    ("Moscou", "Moscow"), ("le Kremlin", "Moscow Kremlin"), ("ONU", "United Nations"), ("Otan", "NATO"),
])
def test_spelling_variants_resolve(kb, alias, name):
    assert [e.name for e in kb.lookup(alias)] == [name]


def test_metonyms_stand_for_their_country(kb):
    assert kb.lookup("Kremlin")[0].stands_for == "RU"
    assert kb.lookup("Moscou")[0].stands_for == "RU"
    assert kb.lookup("Élysée")[0].stands_for == "FR"


def test_summits_have_dates_and_places(kb):
    apec_2016 = [s for s in kb.summits_of("APEC") if s.start.year == 2016]
    assert [(s.city, s.country) for s in apec_2016] == [("Lima", "PE")]
    assert kb.summit_series_named("sommet de l'Apec").series == "APEC"


def test_handover_day_belongs_to_the_new_holder(kb):
    def president(day):
        return [e.name for _, e in kb.holders("president", "US", on=day)]

    assert president(date(2017, 1, 19)) == ["Barack Obama"]
    assert president(date(2017, 1, 20)) == ["Donald Trump"]
    assert president(date(2021, 1, 20)) == ["Joe Biden"]


def test_people_described_in_several_files_are_merged(kb):
    [le_drian] = kb.lookup("Jean-Yves Le Drian")
    assert {o.role for o in le_drian.offices} >= {"foreign_minister", "defence_minister"}


def test_alias_keys_ignore_accents_case_apostrophes_and_hyphens():
    assert alias_key("L’Élysée") == alias_key("l'elysee")
    assert alias_key("Maison-Blanche") == alias_key("maison  blanche")
