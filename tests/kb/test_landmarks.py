"""Landmarks: each stands in a known city of a known country, under names no other entity has."""

import pytest

from veille.kb.base import KnowledgeBase
from veille.kb.model import alias_key


@pytest.fixture(scope="module")
def kb():
    return KnowledgeBase.load()


def test_every_landmark_has_its_city_and_country(kb):
    landmarks = [e for e in kb.entities.values() if e.type == "landmark"]
    assert len(landmarks) >= 20
    for landmark in landmarks:
        assert landmark.city and kb.country(landmark.country), landmark.name


def test_landmark_names_are_their_own(kb):
    for landmark in (e for e in kb.entities.values() if e.type == "landmark"):
        for alias in landmark.aliases:
            assert [e.id for e in kb.lookup(alias)] == [landmark.id], (landmark.name, alias)


def test_a_landmark_is_found_by_its_french_name(kb):
    [found] = kb.lookup("place Tahrir")
    assert (found.name, found.city, found.country) == ("Tahrir Square", "Cairo", "EG")
    assert alias_key("Champs-Elysées") == alias_key("Champs-Élysées")
