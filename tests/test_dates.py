from datetime import date

import pytest

from veille.dates import DateConstraint, describe, weekday_of


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
