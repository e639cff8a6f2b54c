from datetime import date

import pytest

from veille.dates import (
    DateConstraint,
    describe,
    nearest_year,
    normalise_published,
    weekday_of,
)


@pytest.mark.parametrize("text", ["Tuesday", "Saturday between 2018-02-22 and 2018-04-07", "on XXXX-03-30",
                                  "Saturday on XXXX-12-01"])
def test_a_constraint_reads_back_what_it_writes(text):
    assert str(DateConstraint.parse(text)) == text


@pytest.mark.parametrize("text", [None, "", "Caturday", "on XXXX-02-30", "between 2018-13-01 and 2018-13-02",
                                  "sometime"])
def test_what_is_not_a_constraint_reads_as_none(text):
    assert DateConstraint.parse(text) is None


def test_a_constraint_says_which_days_fit_it():
    saturday_in_march = DateConstraint.parse("Saturday between 2018-02-22 and 2018-04-07")
    assert saturday_in_march.fits("2018-03-17") and not saturday_in_march.fits("2018-03-18")
    assert not saturday_in_march.fits(date(2018, 4, 14))  # a Saturday, out of the range
    assert DateConstraint.parse("on XXXX-12-01").fits("2018-12-01")
    assert not DateConstraint.parse("Saturday on XXXX-12-01").fits("2017-12-01")  # a Friday
    assert DateConstraint.parse("Monday").days_near(date(2018, 4, 8), 3) == [date(2018, 4, 9)]


def test_constraints_in_words():
    assert describe("Tuesday") == "a Tuesday"
    assert describe("Saturday between 2018-02-22 and 2018-04-07") == "a Saturday between 2018-02-22 and 2018-04-07"
    assert describe("on XXXX-03-30") == "on 30 March of an unknown year"
    assert describe(None) == "undated"
    assert weekday_of("Sunday") == 6 and weekday_of("on XXXX-03-30") is None
    assert DateConstraint.parse("Saturday on XXXX-03-30").month_day == (3, 30)
    assert DateConstraint.parse("Sunday").month_day is None


def test_constraints_on_one_day_join_and_may_leave_a_single_day():
    saturday, april_14 = DateConstraint.parse("Saturday"), DateConstraint.parse("on XXXX-04-14")
    stamped = DateConstraint.parse("Saturday between 2018-03-25 and 2018-05-07")
    both = saturday.joined(april_14)
    assert str(both) == "Saturday on XXXX-04-14" and both.only_day() is None  # no range: every few years
    assert both.joined(stamped).only_day() == date(2018, 4, 14)
    assert stamped.only_day() is None  # six Saturdays
    assert saturday.joined(DateConstraint.parse("Sunday")) is None
    assert stamped.joined(DateConstraint.parse("between 2019-01-01 and 2019-02-01")) is None
    assert stamped.joined(DateConstraint.parse("on XXXX-04-15")) is None  # a Sunday in 2018


def test_a_day_without_its_year_takes_the_nearest_year():
    assert nearest_year((12, 30), date(2017, 1, 5)) == date(2016, 12, 30)
    assert nearest_year((3, 30), date(2018, 3, 15)) == date(2018, 3, 30)
    assert nearest_year((2, 29), date(2017, 6, 1)) == date(2016, 2, 29)


@pytest.mark.parametrize("value, first, last", [
    ("2018-03-12", "2018-03-12", "2018-03-12"), ("2018-03-12T09:00", "2018-03-12", "2018-03-12"),
    ("2018-03", "2018-03-01", "2018-03-31"), ("2018", "2018-01-01", "2018-12-31"),
    ("2018-W11", "2018-03-12", "2018-03-18"), ("2018-W11-WE", "2018-03-17", "2018-03-18"),
    ("2020-FA", "2020-09-23", "2020-12-20"), ("2020-WI", "2020-12-21", "2021-03-19"),
    ("199X", "1990-01-01", "1999-12-31"), ("19XX", "1900-01-01", "1999-12-31"),
])
def test_the_days_a_date_value_of_any_precision_covers(value, first, last):
    from veille.dates import value_span

    assert tuple(day.isoformat() for day in value_span(value)) == (first, last)


@pytest.mark.parametrize("value", [None, "", "XXXX-03-30", "XXXX-WXX-2", "2018-02-30", "2018-W60", "autumn"])
def test_a_date_value_with_no_known_days_has_no_span(value):
    from veille.dates import value_span

    assert value_span(value) is None


@pytest.mark.parametrize("value, read", [("2016-11-20T10:00:00Z", "2016-11-20"), ("2016-09", "2016-09"),
                                         ("1800-01-01", "1800-01-01"), ("2199-12", "2199-12"), (None, None)])
def test_publication_dates_are_read_as_days_or_months(value, read):
    assert normalise_published(value) == read


@pytest.mark.parametrize("value, message", [("0001-01-01", "year 0001 is no publication date"),
                                            ("9999-12-31T23:59:59+14:00", "year 9999 is no publication date"),
                                            ("2016-13", "unreadable date '2016-13'"), ("2016-02-30", "unreadable")])
def test_publication_dates_that_are_no_dates_of_news_are_refused(value, message):
    with pytest.raises(ValueError, match=message):
        normalise_published(value)
