"""What an article tells of its own time (veille.nlp.article_time), through extraction of texts
written for these tests: a month stamp, the office holders' era, the years it states, the day a
quotation was said, and the day an undated article names as its own."""


def _main(doc):
    return next(e for e in doc.events if e.is_main)


def test_an_article_stamped_with_a_month_bounds_a_weekday_and_gives_a_day_its_year(extract):
    saturday = _main(extract("La Russie a annoncé samedi l'expulsion de vingt diplomates britanniques.", "2018-03"))
    assert (saturday.date, saturday.date_constraint) == (None, "Saturday between 2018-02-22 and 2018-04-07")
    day = _main(extract("Le 29 mars, la Russie a expulsé vingt diplomates britanniques.", "2018-03"))
    assert (day.date, day.date_precision) == ("2018-03-29", "day")
    january = _main(extract("Le 2 janvier, la Russie a expulsé vingt diplomates britanniques.", "2018-12"))
    assert january.date == "2019-01-02"  # the year that puts it nearest the month


def test_a_weekday_and_day_without_year_take_the_one_year_of_the_article_s_office_holders(extract):
    # Macron and Merkel were both in office from May 2017 to December 2021: the only Monday 4 March then is in 2019.
    both = _main(extract("Emmanuel Macron et Angela Merkel se sont entretenus lundi 4 mars par téléphone."))
    assert (both.date, both.date_precision) == ("2019-03-04", "day")
    # Macron alone leaves 2019 and 2024: no year is guessed.
    alone = _main(extract("Emmanuel Macron s'est entretenu lundi 4 mars par téléphone avec un diplomate."))
    assert (alone.date, alone.date_constraint) == (None, "Monday on XXXX-03-04")


def test_a_weekday_and_day_without_year_take_the_one_year_the_article_states(extract):
    # Macron alone leaves 2019 and 2024 for a Monday 4 March; the article's own year picks one.
    stated = _main(extract("Emmanuel Macron s'est entretenu lundi 4 mars par téléphone avec un diplomate. "
                           "Le dialogue entamé en 2024 se poursuit."))
    assert (stated.date, stated.date_precision) == ("2024-03-04", "day")
    # a year in which that day is another weekday picks nothing; nor does a year counted from no reference
    other = _main(extract("Emmanuel Macron s'est entretenu lundi 4 mars par téléphone avec un diplomate. "
                          "Le dialogue entamé en 2023 se poursuit l'an prochain."))
    assert (other.date, other.date_constraint) == (None, "Monday on XXXX-03-04")
    # without an office holder, the stated years alone
    named = _main(extract("Des milliers de manifestants ont défilé samedi 1er juillet à Amsterdam contre le "
                          "gouvernement néerlandais. Le mouvement, lancé au printemps 2023, s'amplifie."))
    assert (named.date, named.date_precision) == ("2023-07-01", "day")
    # a year that opens a span ("depuis") is before the event: it does not pick one
    since = ("Des milliers de manifestants ont défilé samedi 1er juillet à Amsterdam contre le "
             "gouvernement néerlandais. La colère couve depuis le printemps 2017.")
    assert (_main(extract(since)).date, _main(extract(since)).date_constraint) == (None, "Saturday on XXXX-07-01")


def test_today_in_a_quotation_is_the_speakers_day_not_the_articles(extract):
    text = ("«Le président Emmanuel Macron a rencontré aujourd'hui la chancelière Angela Merkel», "
            "a indiqué l'Elysée dans un communiqué.")
    main = _main(extract(text, "2017-08-05"))
    assert (main.date, main.date_precision) == ("2017-08-05", "reference")


def test_today_in_a_quotation_is_the_day_its_speaker_said_it(extract):
    text = ("« La décision prise aujourd'hui par la Russie d'expulser quatre diplomates français ne nous a pas "
            "surpris », a indiqué le Quai d'Orsay vendredi dans un communiqué.")
    main = _main(extract(text, "2018-03-31"))
    # who took the decision, and whose diplomats it expels
    assert (main.type, [(a.name, a.role) for a in main.actors]) == ("SANCTION", [("Russia", "source"), ("France", "target")])
    assert (main.date, main.date_precision) == ("2018-03-30", "day")


def test_an_undated_article_that_names_the_weekday_of_its_hier_dates_it(extract):
    night = ("Antonio Guterres a exhorté hier les parties à la retenue.\n"
             "Les États-Unis ont tiré dans la nuit de jeudi à hier des missiles sur une base syrienne.")
    assert [e.date_constraint for e in extract(night).events] == ["Friday", "Friday"]
    today = "Emmanuel Macron a exhorté hier les parties à la retenue. Aujourd'hui, vendredi, il reçoit Angela Merkel."
    assert _main(extract(today)).date_constraint == "Thursday"
    assert _main(extract("Antonio Guterres a exhorté hier les parties à la retenue.")).date_constraint is None


def test_an_undated_article_that_states_the_day_of_its_weekday_dates_it(extract):
    captioned = "Emmanuel Macron, le 13 janvier 2021\n\nEmmanuel Macron s'est entretenu mercredi par téléphone avec Angela Merkel."
    assert (_main(extract(captioned)).date, _main(extract(captioned)).date_precision) == ("2021-01-13", "day")
    other_weekday = captioned.replace("mercredi", "jeudi")  # the caption's day is not the call's
    assert _main(extract(other_weekday)).date_constraint == "Thursday"
    recalled = captioned.replace("le 13 janvier 2021", "le 13 janvier 1999")  # before either was in office
    assert _main(extract(recalled)).date_constraint == "Wednesday"


def test_an_undated_article_naming_its_day_with_a_demonstrative_dates_its_undated_events(extract):
    text = ("Moscou expulse quatre diplomates belges\n"
            "L'ambassadeur de Belgique, qui était convoqué au ministère russe ce 30 mars, a annoncé la mesure.")
    assert _main(extract(text)).date_constraint == "on XXXX-03-30"
    with_year = text.replace("ce 30 mars", "ce 30 mars 2023")
    assert (_main(extract(with_year)).date, _main(extract(with_year)).date_precision) == ("2023-03-30", "day")
    recalled = text.replace("ce 30 mars", "le 30 mars")  # not the article's own day: nothing to say
    assert _main(extract(recalled)).date_constraint is None
