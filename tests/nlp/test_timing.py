"""Dating an event from its sentence (veille.nlp.timing), through extraction of sentences written
for these tests: the expression nearest the trigger, counted from the reference date or kept as a
constraint; "la veille", nights, and the clauses whose days are not the event's."""


def _main(doc):
    return next(e for e in doc.events if e.is_main)


def test_dates_from_weekdays_and_the_reference_date(extract):
    main = _main(extract("Emmanuel Macron a rencontré Angela Merkel dimanche à Aix-la-Chapelle.", "2019-01-23"))
    assert (main.date, main.date_precision) == ("2019-01-20", "day")
    same_day = _main(extract("Emmanuel Macron a rencontré Angela Merkel mardi à Berlin.", "2019-01-22"))
    assert same_day.date == "2019-01-22"  # published on Tuesday: "mardi" is that day


def test_without_a_reference_date_a_weekday_stays_a_constraint(extract):
    main = _main(extract("Emmanuel Macron s'est entretenu jeudi par téléphone avec Angela Merkel."))
    assert (main.date, main.date_precision, main.date_constraint) == (None, "unknown", "Thursday")


def test_a_day_without_its_year_or_any_reference_stays_a_constraint(extract):
    main = _main(extract("La Russie a expulsé le 30 mars quatre diplomates français."))
    assert (main.date, main.date_precision, main.date_constraint) == (None, "unknown", "on XXXX-03-30")


def test_the_day_before_is_counted_from_the_day_the_sentence_gives(extract):
    text = "Le 21 novembre, Emmanuel Macron a évoqué son entretien de la veille avec Angela Merkel."
    meeting = next(e for e in extract(text, "2017-11-22").events if e.type == "CONSULT")
    assert meeting.date == "2017-11-20"
    undated = "Ce samedi, Emmanuel Macron a évoqué son entretien de la veille avec Angela Merkel."
    meeting = next(e for e in extract(undated).events if e.type == "CONSULT")
    assert meeting.date_constraint == "Friday"


def test_what_happens_in_a_night_between_two_days_is_dated_the_second(extract):
    text = "Les États-Unis ont bombardé une base syrienne dans la nuit de jeudi à vendredi."
    assert _main(extract(text, "2017-04-08")).date == "2017-04-07"
    assert _main(extract(text)).date_constraint == "Friday"
    text = "Les États-Unis ont bombardé une base syrienne dans la nuit du 13 au 14 avril."
    assert _main(extract(text, "2018-04-15")).date == "2018-04-14"
    assert _main(extract(text)).date_constraint == "on XXXX-04-14"
    across = _main(extract("Les États-Unis ont bombardé une base syrienne dans la nuit du 31 mars au 1er avril."))
    assert across.date_constraint == "on XXXX-04-01"


def test_a_day_an_incise_of_saying_gives_dates_the_event_it_reports(extract):
    # the parser hangs "a annoncé" below "arrêté"; the later trial day is not the arrest's either
    text = ("Le président Emmanuel Macron a été arrêté par des militaires, au terme de plusieurs mois de "
            "contestation, a annoncé jeudi 11 avril 2019, le ministre de la Défense. Il sera jugé à partir du "
            "3 mai 2019.")
    main = _main(extract(text))
    assert (main.date, main.date_precision) == ("2019-04-11", "day")


def test_a_date_in_a_clause_below_the_trigger_dates_that_clause(extract):
    text = ("Quatre diplomates français ont été expulsés par la Russie en réponse à la décision de la France "
            "d'expulser quatre diplomates russes le 26 mars.")
    dated = {tuple(a.name for a in e.actors if a.role == "source"): e.date_constraint for e in extract(text).events}
    assert dated == {("Russia",): None, ("France",): "on XXXX-03-26"}


def test_a_day_a_future_clause_gives_is_not_the_past_events(extract):
    text = ("« La trêve commencera dans la nuit de dimanche à lundi », a précisé Antony Blinken, qui "
            "s'exprimait aux côtés de son homologue Sergueï Lavrov au terme de leurs négociations à Genève.")
    assert [e.date_constraint for e in extract(text).events if e.type == "CONSULT"] == [None]
    told = "Antony Blinken et Sergueï Lavrov se sont rencontrés dimanche à Genève."
    assert _main(extract(told)).date_constraint == "Sunday"
