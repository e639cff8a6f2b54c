from dataclasses import replace
from datetime import date

from veille.cluster.events import (EventItem, EventLinker, consensus_date, day_in_news, inferred_day, joint_day,
                                   link_score, summarise)
from veille.cluster.profile import EventSignature


def item(n, day=None, weekday=None, news=None, main=True, actors=("Q1", "Q2"), type_="CONSULT", ref=None,
         month_day=None):
    return EventItem(id=f"e{n}", article_id=f"a{n}", news_cluster=news, is_main=main, reference_day=ref,
                     signature=EventSignature(type=type_, actors=list(actors), sources=list(actors), day=day,
                                              weekday=weekday, month_day=month_day))


def test_same_day_links_and_different_days_never_do():
    assert link_score(item(1, day="2016-02-14"), item(2, day="2016-02-14")) >= 1.0
    assert link_score(item(1, day="2016-02-14"), item(2, day="2016-03-14")) is None
    assert link_score(item(1, weekday=0, news="n"), item(2, weekday=2, news="n")) is None


def test_undated_reports_link_only_within_one_news_cluster():
    assert link_score(item(1), item(2)) is None  # same actors and type are not enough
    assert link_score(item(1, news="n"), item(2, news="n")) >= 1.0
    assert link_score(item(1, news="n"), item(2, news="n", type_="ACCUSE")) is None


def test_main_events_of_one_news_cluster_link_however_they_name_the_participants():
    protesters, target = item(1, news="n", actors=("Q1",)), item(2, news="n", actors=("Q2",))
    assert link_score(protesters, target) >= 1.0
    assert link_score(protesters, replace(target, is_main=False)) is None  # a passing report needs shared actors
    assert link_score(protesters, replace(target, news_cluster="m")) is None


def test_a_report_dated_by_its_article_must_come_after_the_event():
    assert link_score(item(1, day="2017-05-02", news="n"), item(2, ref="2017-05-03", news="n", main=False)) is not None
    assert link_score(item(1, day="2017-05-02", news="n"), item(2, ref="2017-06-03", news="n")) is None


class Index:
    def __init__(self):
        self.items, self.clusters = [], {}

    def event_candidates(self, it):
        return list(self.items)

    def event_cluster_of(self, event_id):
        return self.clusters[event_id]

    def linked_reports(self, cluster_id, limit):
        return [it for it in self.items if self.clusters[it.id] == cluster_id][-limit:]

    def add_event(self, it, cluster):
        self.items.append(it)
        self.clusters[it.id] = cluster


def test_no_chain_of_undated_reports_joins_two_days_into_one_event():
    linker = EventLinker(Index())
    saturday = linker.add(item(1, weekday=5, news="n"))
    assert linker.add(item(2, month_day="03-30", news="n")) == saturday  # nothing says they differ
    # a report of the 30th that is a Friday ties to the one of the 30th, but a Saturday is there
    assert linker.add(item(3, day="2018-03-30", weekday=4, month_day="03-30", news="n")) != saturday


def test_a_report_with_its_own_day_does_not_join_a_cluster_holding_a_report_it_contradicts():
    # An undated report arrived first; a report dated by its article (8 July) joined it through
    # their news cluster; a passing mention of 2 July in that article is tied to the undated
    # report alone: it is another event, whatever came first.
    linker = EventLinker(Index())
    meeting = linker.add(item(1, news="n"))
    assert linker.add(item(2, ref="2017-07-08", news="n")) == meeting
    assert linker.add(item(3, day="2017-07-02", news="n", main=False)) != meeting
    assert linker.add(item(4, day="2017-07-07", news="n", main=False)) == meeting


def test_linker_groups_reports_and_summary_counts_sources_once():
    linker = EventLinker(Index())
    assert linker.add(item(1, day="2016-02-14")) == linker.add(item(2, day="2016-02-14")) != linker.add(
        item(3, day="2016-04-18"))
    members = [
        {"article_id": "a1", "type": "CONSULT", "actors": [{"id": "Q1", "name": "A", "role": "source"}],
         "own_date": "2016-02-14", "own_precision": "day", "outlet": "x.fr", "seen": "2016-02-14", "topics": ["Syria"]},
        {"article_id": "a2", "type": "CONSULT", "actors": [{"id": "Q1", "name": "A", "role": "source"}],
         "own_date": None, "own_precision": "unknown", "date_constraint": "Sunday", "outlet": "y.fr",
         "copy_of": "a1", "seen": "2016-02-15", "topics": ["Syria"]},
    ]
    record = summarise("c", members)
    assert record["date"] == "2016-02-14" and record["n_articles"] == 2 and record["n_sources"] == 1
    assert record["n_outlets"] == 2 and record["first_seen"] == "2016-02-14" and record["topics"] == ["Syria"]
    assert consensus_date([{"own_precision": "unknown", "date_constraint": "Tuesday"}]) == (None, "unknown", "Tuesday")


def report(article, day=None, precision=None, constraint=None, main=True):
    return {"article_id": article, "own_date": day, "own_precision": precision, "date_constraint": constraint,
            "is_main": main}


def test_weekday_reports_outvote_a_stray_day_near_it():
    # one passing mention says Saturday the 7th; three undated reports say "dimanche"
    reports = [report("a", "2018-04-07", "day", main=False), report("b", "2018-04-09", "reference"),
               *(report(x, precision="unknown", constraint="Sunday") for x in "cde")]
    assert consensus_date(reports) == ("2018-04-08", "day", None)


def test_articles_days_alone_give_a_reference_day_which_a_weekday_that_fits_makes_a_day():
    assert consensus_date([report("a", "2016-03-14", "reference")]) == ("2016-03-14", "reference", None)
    monday = report("b", precision="unknown", constraint="Monday")
    assert consensus_date([report("a", "2016-03-14", "reference"), monday]) == ("2016-03-14", "day", None)


def test_an_article_votes_once_for_a_day_however_many_of_its_sentences_report_it():
    reports = [*(report("a", "2017-07-08", "reference", main=m) for m in (True, False, False, False)),
               report("b", "2017-07-07", "day")]
    assert consensus_date(reports)[0] == "2017-07-07"


COARSER = [("2020-W11-WE", "weekend"), ("2020-W11", "week"), ("2020-SP", "season"), ("2020", "year"),
           ("202X", "decade"), ("20XX", "century")]


def test_reports_dated_coarser_than_a_month_date_their_cluster_at_the_finest_precision_given():
    for k in range(len(COARSER)):  # a weekend before a week, a season, a year, a decade, a century
        reports = [report(f"a{n}", value, precision) for n, (value, precision) in enumerate(COARSER[k:])]
        assert consensus_date(reports) == (*COARSER[k], None)
    # of one precision, the value most reports give, the earlier on a tie
    autumn = [report("a", "2020-FA", "season"), report("b", "2020-FA", "season"), report("c", "2020-SP", "season")]
    assert consensus_date(autumn) == ("2020-FA", "season", None)
    assert consensus_date([report("a", "2019", "year"), report("b", "2018", "year")]) == ("2018", "year", None)
    # a single finer report outranks many coarser ones, as a stated day does
    assert consensus_date([*(report(x, "199X", "decade") for x in "abc"), report("d", "1995", "year")])[:2] == (
        "1995", "year")


def test_a_day_an_articles_day_or_a_month_come_before_coarser_dates_and_a_constraint_after_them():
    year = report("b", "2020", "year")
    assert consensus_date([report("a", "2020-03-12", "day"), year]) == ("2020-03-12", "day", None)
    assert consensus_date([report("a", "2020-03-12", "reference"), year]) == ("2020-03-12", "reference", None)
    assert consensus_date([report("a", "2020-03", "month"), year, year]) == ("2020-03", "month", None)
    assert consensus_date([report("a", precision="unknown", constraint="Tuesday"), year]) == ("2020", "year", None)
    # a value that names no day, or is not of its precision's shape, is no date
    nothing = [report("a", "2020-W54", "week"), report("b", "XXXX-SP", "season"), report("c", "2020", "season"),
               report("d", "199X", "year")]
    assert consensus_date(nothing) == (None, None, None)


def test_a_cluster_dated_coarser_than_a_day_gives_its_reports_no_day():
    for value, precision in [("2020-03", "month"), *COARSER]:
        record = {"date": value, "date_precision": precision}
        assert inferred_day(report("a", precision="unknown", constraint="Sunday"), record) is None
    members = [{**report("a1", "2020-FA", "season"), "type": "CONSULT", "actors": [], "seen": "2020-11-02"}]
    record = summarise("c", members)
    assert (record["date"], record["date_precision"], record["date_constraint"]) == ("2020-FA", "season", None)


def test_what_a_report_that_could_not_date_its_event_gets_from_its_cluster():
    record = {"date": "2018-04-08", "date_precision": "day"}
    assert inferred_day(report("a", precision="unknown", constraint="Sunday"), record) == "2018-04-08"
    assert inferred_day(report("a", precision="unknown", constraint="Monday"), record) == "2018-04-09"
    assert inferred_day(report("a", precision="unknown", constraint="on XXXX-03-30"), record) == "2018-03-30"
    assert inferred_day(report("a", precision="unknown", constraint="on XXXX-12-30"), record) == "2017-12-30"
    assert inferred_day(report("a", "2018-04-09", "reference"), record) == "2018-04-08"
    assert inferred_day(report("a", "2018-04-07", "day"), record) is None  # it dates itself
    assert inferred_day(report("a"), {"date": "2018-04-09", "date_precision": "reference"}) is None


def test_reports_dated_by_their_articles_vote_for_the_day_they_may_report():
    stated = report("a1", "2018-03-29", "day")
    in_passing = report("a2", "2018-03-30", "day", main=False)
    published_next_day = [report(f"a{n}", "2018-03-30", "reference") for n in (2, 3)]
    assert consensus_date([stated, in_passing, *published_next_day])[0] == "2018-03-29"


def test_a_main_event_no_report_dates_takes_the_weekday_it_states_near_its_news_day():
    monday = report("a1", None, "unknown", "Monday between 2018-03-25 and 2018-05-07")
    assert day_in_news(monday, {"date": "2018-04-08", "date_precision": "day"}) == "2018-04-09"
    saturday = report("a2", None, "unknown", "Saturday")
    assert day_in_news(saturday, {"date": "2018-03-17", "date_precision": "reference"}) == "2018-03-17"
    assert day_in_news(saturday, {"date": "2018-03-15", "date_precision": "reference"}) is None  # reported before it
    assert day_in_news(report("a3", None, "unknown"), {"date": "2018-04-08", "date_precision": "day"}) is None


def test_a_main_event_that_says_nothing_of_its_day_takes_its_news_day_only_when_it_tells_that_news():
    silent = {**report("a1", None, None), "actors": [{"id": "Q1", "name": "France"}, {"id": None, "name": "Un maire"}]}
    news = {"date": "2018-04-08", "date_precision": "day", "agreed": True, "actors": {"Q1", "Q2"}}
    assert day_in_news(silent, news) == "2018-04-08"
    assert day_in_news(silent, {**news, "actors": {"Q2"}}) is None  # no actor in common: another event
    assert day_in_news(silent, {**news, "agreed": False}) is None  # the news's reports give two days
    assert day_in_news(silent, {**news, "date_precision": "reference"}) is None  # only its articles' day
    dated_by_its_article = {**silent, "own_date": "2018-04-09", "own_precision": "reference"}
    assert day_in_news(dated_by_its_article, news) is None


class _Reports:
    """A ReportIndex over undated main events given as (news cluster, type, actors, constraint); an
    actor "Name/XX" is a person of the state XX."""

    def __init__(self, *reports):
        self.reports = [{"id": f"e{n}", "news_cluster": news, "type": type_, "actors": sorted(actors),
                         "sides": sorted({actor.split("/")[-1] for actor in actors}), "date_constraint": constraint}
                        for n, (news, type_, actors, constraint) in enumerate(reports)]

    def undated_reports(self, news_cluster):
        return [r for r in self.reports if r["news_cluster"] == news_cluster]

    def undated_twins(self, key):
        type_, actor = key.split("|")
        return [r for r in self.reports if r["type"] == type_ and actor in r["actors"] and r["date_constraint"]]


def test_undated_reports_join_their_constraints_across_news_of_the_same_event():
    strikes = ("US", "FR", "GB")
    index = _Reports(("n1", "ASSAULT", strikes, "Saturday"), ("n2", "ASSAULT", strikes, "on XXXX-04-14"),
                     ("n3", "REQUEST", ("UN",), "Saturday between 2018-03-25 and 2018-05-07"),
                     ("n3", "ASSAULT", strikes, "Saturday"), ("n4", "ASSAULT", strikes, "Sunday"))
    day, reports = joint_day("n1", index)
    assert day == date(2018, 4, 14) and {r["news_cluster"] for r in reports} == {"n1", "n2", "n3"}
    assert joint_day("n4", index) == (None, [])  # a Sunday alone: every week
    fewer = _Reports(("n1", "ASSAULT", strikes, "Saturday"), ("n2", "ASSAULT", strikes[:2], "on XXXX-04-14"),
                     ("n3", "ASSAULT", strikes, "Saturday between 2018-03-25 and 2018-05-07"))
    assert joint_day("n1", fewer) == (None, [])  # other actors: maybe another event
    mixed = _Reports(("n1", "ASSAULT", strikes, "Saturday between 2018-03-25 and 2018-05-07"),
                     ("n1", "ASSAULT", strikes, "Friday"))
    assert joint_day("n1", mixed) == (None, [])  # news whose reports disagree dates nothing


def test_undated_reports_join_across_news_that_name_a_state_or_the_person_acting_for_it():
    index = _Reports(("n1", "ASSAULT", ("Trump/US", "FR", "GB"), "Saturday"),
                     ("n2", "ASSAULT", ("US", "FR", "GB"), "on XXXX-04-14"),
                     ("n3", "ASSAULT", ("US", "FR", "GB"), "Saturday between 2018-03-25 and 2018-05-07"))
    assert joint_day("n1", index)[0] == date(2018, 4, 14)
    other = _Reports(("n1", "ASSAULT", ("Trump/US", "FR", "GB"), "Saturday"),
                     ("n2", "ASSAULT", ("Putin/RU", "FR", "GB"), "on XXXX-04-14"),
                     ("n3", "ASSAULT", ("US", "FR", "GB"), "Saturday between 2018-03-25 and 2018-05-07"))
    assert joint_day("n2", other) == (None, [])  # another state: maybe another event
