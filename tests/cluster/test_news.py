from veille.cluster.features import FEATURES, pair_features
from veille.cluster.model import PairModel, cannot_link
from veille.cluster.news import MemoryIndex, NewsClusterer, blocking_keys
from veille.cluster.profile import ArticleProfile, build_profile

CALL = ("{a} et {b} se sont entretenus {day} par téléphone de la situation en {topic}, "
        "a annoncé la présidence dans un communiqué. Les deux dirigeants ont évoqué {detail}.")


def profile(n: int, text: str, published: str | None, people=("Q1", "Q2")) -> ArticleProfile:
    entities = [{"id": p, "type": "person", "mentions": 2} for p in people]
    article = {"id": f"a{n}", "language": "fr", "outlet": f"site{n}.fr", "published": published,
               "title": text.split(".")[0], "clean_text": text}
    return build_profile(article, entities, None)


def test_the_shipped_model_fits_the_features():
    model = PairModel.load()
    assert len(model.weights) == len(FEATURES) and 0 < model.threshold < 1


def test_far_apart_in_time_never_link_whatever_the_text():
    text = CALL.format(a="Emma Durand", b="Paul Martin", day="mardi", topic="Syrie", detail="un cessez-le-feu")
    a, b = profile(1, text, "2020-03-03"), profile(2, text, "2020-06-02")
    assert cannot_link(pair_features(a, b)) and PairModel.load().probability(a, b) == 0.0


def test_main_events_on_different_weekdays_are_different_news_of_one_story():
    threat = {"type": "THREATEN", "actors": [{"id": "Q1", "name": "Emma Durand", "role": "source"}],
              "date": None, "date_precision": "unknown", "date_constraint": "Sunday"}
    text = CALL.format(a="Emma Durand", b="Paul Martin", day="", topic="Syrie", detail="un cessez-le-feu")
    entities = [{"id": p, "type": "person", "mentions": 2} for p in ("Q1", "Q2")]

    def article(n, event):
        return build_profile({"id": f"a{n}", "language": "fr", "published": None, "clean_text": text}, entities, event)

    sunday, monday = article(1, threat), article(2, {**threat, "date_constraint": "Monday"})
    model = PairModel.load()
    assert cannot_link(pair_features(sunday, monday)) and model.probability(sunday, monday) == 0.0
    assert model.probability(sunday, article(3, threat)) > model.threshold


def test_meetings_between_other_people_are_other_news():
    text = CALL.format(a="Emma Durand", b="Paul Martin", day="", topic="Syrie", detail="un cessez-le-feu")
    people = [{"id": p, "type": "person", "mentions": 2} for p in ("Q1", "Q2", "Q3", "Q4")]

    def meeting(n, *actors):
        event = {"type": "CONSULT", "actors": [{"id": a, "name": a, "role": "source"} for a in actors],
                 "date": "2016-09-05", "date_precision": "day"}
        return build_profile({"id": f"a{n}", "language": "fr", "published": "2016-09-05", "clean_text": text},
                             people, event)

    presidents, ministers = meeting(1, "Q1", "Q2"), meeting(2, "Q3", "Q4")
    model = PairModel.load()
    assert model.probability(presidents, ministers) == 0.0  # the same summit, the same day
    assert model.probability(presidents, meeting(3, "Q2", "Q1")) > model.threshold


def talks(n: int, published: str | None = None, **when) -> ArticleProfile:
    """A report of the same talks between Q1 and Q2, its main event dated as ``when`` says."""
    text = CALL.format(a="Emma Durand", b="Paul Martin", day="", topic="Syrie", detail="un cessez-le-feu")
    entities = [{"id": p, "type": "person", "mentions": 2} for p in ("Q1", "Q2")]
    event = {"type": "CONSULT", "actors": [{"id": a, "name": a, "role": "source"} for a in ("Q1", "Q2")], **when}
    return build_profile({"id": f"a{n}", "language": "fr", "published": published, "clean_text": text}, entities, event)


def test_main_events_on_other_days_of_one_month_are_other_news():
    fifth = talks(1, date=None, date_precision="unknown", date_constraint="on XXXX-09-05")
    ninth = talks(2, date="2016-09-09", date_precision="day")
    december = talks(3, date="2016-12-05", date_precision="day")  # a misprinted month is no proof
    model = PairModel.load()
    assert fifth.event.month_day == "09-05" and ninth.event.month_day == "09-09"
    assert model.probability(fifth, ninth) == 0.0
    assert model.probability(fifth, talks(4, date="2016-09-05", date_precision="day")) > model.threshold
    assert model.probability(fifth, december) > 0.0


def test_a_day_without_its_year_read_in_the_other_articles_year_gives_its_weekday():
    fifth = talks(1, date=None, date_precision="unknown", date_constraint="on XXXX-09-05")  # a Monday in 2016
    friday = talks(2, "2016-09", date=None, date_precision="unknown",
                   date_constraint="Friday between 2016-08-25 and 2016-10-07")
    monday = talks(3, "2016-09", date=None, date_precision="unknown", date_constraint="Monday")
    model = PairModel.load()
    assert model.probability(fifth, friday) == 0.0
    assert model.probability(fifth, monday) > model.threshold
    assert model.probability(fifth, talks(4, date=None, date_precision="unknown", date_constraint="Friday")) > 0.0


def test_a_weekday_outside_the_days_a_report_may_tell_is_other_news():
    # a paper of Saturday 15 June 2019 whose main event has only that day: it happened 12 to 15 June
    saturday_paper = talks(1, "2019-06-15", date="2019-06-15", date_precision="reference")
    sunday = talks(2, "2019-06", date=None, date_precision="unknown", date_constraint="Sunday")
    thursday = talks(3, "2019-06", date=None, date_precision="unknown", date_constraint="Thursday")
    model = PairModel.load()
    assert model.probability(saturday_paper, sunday) == 0.0
    assert model.probability(saturday_paper, thursday) > model.threshold


def test_reports_of_one_call_cluster_and_a_call_months_later_stays_apart():
    model = PairModel.load()
    index = MemoryIndex(blocking_keys)
    clusterer = NewsClusterer(model, index)
    first = CALL.format(a="Emma Durand", b="Paul Martin", day="mardi", topic="Syrie",
                        detail="un cessez-le-feu à Idleb et l'aide humanitaire")
    again = ("Entretien téléphonique mardi entre Emma Durand et Paul Martin sur la Syrie : "
             "les deux dirigeants ont évoqué un cessez-le-feu à Idleb et l'aide humanitaire, selon la présidence.")
    later = CALL.format(a="Emma Durand", b="Paul Martin", day="jeudi", topic="Syrie",
                        detail="les négociations de Genève")
    c1 = clusterer.add(profile(1, first, "2020-03-03"))
    c2 = clusterer.add(profile(2, again, "2020-03-04"))
    c3 = clusterer.add(profile(3, later, "2020-05-14"))
    assert c1 == c2 != c3


def test_a_copy_joins_its_original_and_profiles_round_trip():
    index = MemoryIndex(blocking_keys)
    clusterer = NewsClusterer(PairModel.load(), index)
    text = CALL.format(a="Emma Durand", b="Paul Martin", day="mardi", topic="Syrie", detail="la trêve")
    original = clusterer.add(profile(1, text, "2020-03-03"))
    unrelated = profile(2, "Le club a gagné la finale de la coupe nationale.", "2020-03-03", people=("Q9",))
    assert clusterer.add(unrelated, copy_of="a1") == original  # told it is a copy, it joins
    p = profile(3, text, None)
    assert ArticleProfile.from_json(p.to_json()) == p


class _Table:
    """A same-news model given as a table of pair probabilities."""

    threshold = 0.7

    def __init__(self, table):
        self.table = {frozenset(pair): p for pair, p in table.items()}

    def probability(self, a, b):
        return self.table.get(frozenset((a.article_id, b.article_id)), 0.0)


def test_regrouping_never_leaves_two_groups_under_one_name():
    # a1 starts the cluster (named after it) and a2 joins; a3 is a2's news but can never be a1's:
    # a1 keeps its name, alone, and a2 leaves with a3
    model = _Table({("a1", "a2"): 0.9, ("a2", "a3"): 0.95, ("a1", "a3"): 0.0})
    clusterer = NewsClusterer(model, MemoryIndex(lambda profile: ["shared"]))
    text = CALL.format(a="Emma Durand", b="Paul Martin", day="mardi", topic="Syrie", detail="la trêve")
    placed = [clusterer.add(profile(n, text, "2020-03-03")) for n in (1, 2, 3)]
    index = clusterer.index
    assert placed[:2] == ["a1", "a1"]
    assert index.news_cluster_of("a1") == "a1" != index.news_cluster_of("a2") == index.news_cluster_of("a3")


class _Counting(_Table):
    """A table model that counts the pairs it is asked about."""

    def __init__(self, table):
        super().__init__(table)
        self.asked: list[tuple[str, str]] = []

    def probability(self, a, b):
        self.asked.append((a.article_id, b.article_id))
        return super().probability(a, b)


def test_a_pair_is_scored_once_while_the_clusterer_remembers_it(monkeypatch):
    text = CALL.format(a="Emma Durand", b="Paul Martin", day="mardi", topic="Syrie", detail="la trêve")
    pairs = {(f"a{i}", f"a{j}"): 0.9 for i in range(1, 7) for j in range(i + 1, 7)}

    def place_all(bound):
        monkeypatch.setattr("veille.cluster.news.MAX_REMEMBERED_PAIRS", bound)
        model = _Counting(pairs)
        clusterer = NewsClusterer(model, MemoryIndex(lambda profile: ["shared"]))
        placed = [clusterer.add(profile(n, text, "2020-03-03")) for n in range(1, 7)]
        assert len(clusterer._pairs) <= bound
        return placed, model.asked

    remembered, asked = place_all(100_000)
    assert remembered == ["a1"] * 6 and len(asked) == len(set(asked))  # each pair scored once
    forgetful, asked_again = place_all(4)
    assert forgetful == remembered and len(asked_again) > len(asked)  # the same clusters, within the bound
