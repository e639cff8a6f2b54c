"""Event extraction on sentences written for these tests: trigger families, modality, arguments,
dates, places and the main event."""

import pytest

from tests.conftest import SHARED
from veille.models import Article, Document
from veille.nlp.events import EventStage
from veille.pipeline import Pipeline
from veille.settings import Settings


@pytest.fixture
def extract(pipeline):
    def run(text, published=None):
        doc = Document(Article(id="t", source="test", raw_text=text, published=published))
        [doc] = list(pipeline([doc]))
        return doc

    return run


@pytest.fixture(scope="module")
def by_rules(pipeline):
    """The rules alone choose the main event: for the rules that complete it, whatever the learned
    model would choose."""
    rules = Pipeline([EventStage(rules_only=True) if s.name == "events" else s for s in pipeline.stages])
    rules.initialize(Settings())

    def run(text, published=None):
        [doc] = list(rules([Document(Article(id="t", source="test", raw_text=text, published=published))]))
        return doc

    return run


def _events(doc):
    return [(e.type, sorted(a.name for a in e.actors)) for e in doc.events]


def _main(doc):
    return next(e for e in doc.events if e.is_main)


@pytest.mark.parametrize("sentence, expected", [
    ("Emmanuel Macron s'est entretenu mardi par téléphone avec Vladimir Poutine.", "CONSULT"),
    ("Emmanuel Macron a rencontré Vladimir Poutine mardi à Versailles.", "CONSULT"),
    ("Emmanuel Macron a téléphoné à Vladimir Poutine mardi.", "CONSULT"),
    ("Emmanuel Macron a appelé Vladimir Poutine à la retenue.", "REQUEST"),
    ("Emmanuel Macron a accusé Vladimir Poutine de mentir sur l'Ukraine.", "ACCUSE"),
    ("Emmanuel Macron a condamné Vladimir Poutine pour l'invasion.", "ACCUSE"),
    ("Vladimir Poutine a menacé l'Ukraine de représailles.", "THREATEN"),
    ("La France a expulsé quatre diplomates russes.", "SANCTION"),
    ("La Turquie a libéré le pasteur Andrew Brunson vendredi.", "RETREAT"),
    ("La Russie a bombardé la ville d'Alep dimanche.", "ASSAULT"),
    ("Le roi d'Espagne a exprimé ses profonds regrets pour les massacres de la conquête.", "CONCEDE"),
    ("Le chancelier allemand a reconnu la responsabilité de l'Allemagne dans le massacre.", "CONCEDE"),
    ("Le président bolivien a été destitué dimanche par l'armée.", "COERCE"),
    ("Le président tunisien Kaïs Saïed a démis de ses fonctions le Premier ministre Hichem Mechichi.", "COERCE"),
    ("L'opposant vénézuélien Leopoldo López a été mis aux arrêts mardi par la police.", "COERCE"),
])
def test_trigger_families(extract, sentence, expected):
    assert expected in {t for t, _ in _events(extract(sentence, "2019-03-05"))}


def test_phone_calls_and_reciprocal_meetings_put_everyone_among_the_actors(extract):
    main = _main(extract("Emmanuel Macron et Angela Merkel se sont entretenus mardi par téléphone.", "2019-03-05"))
    assert (main.type, main.mode) == ("CONSULT", "phone") and main.location is None
    assert sorted(a.name for a in main.actors) == ["Angela Merkel", "Emmanuel Macron"]


def test_source_and_target_roles(extract):
    event = next(e for e in extract("Emmanuel Macron a accusé Vladimir Poutine de mentir.", "2019-03-05").events
                 if e.type == "ACCUSE")
    assert [(a.name, a.role) for a in event.actors] == [("Emmanuel Macron", "source"), ("Vladimir Putin", "target")]


def test_negated_events_are_dropped(extract):
    assert "ACCUSE" not in {t for t, _ in _events(extract("Emmanuel Macron n'a pas accusé Vladimir Poutine.",
                                                          "2019-03-05"))}


def test_planned_meetings_are_agreements(extract):
    doc = extract("Emmanuel Macron et Vladimir Poutine ont convenu de se rencontrer en juillet.", "2019-03-05")
    assert {t for t, _ in _events(doc)} == {"AGREE"}


def test_coercion_announced_for_later_is_a_threat(extract):
    doc = extract("Les Etats-Unis imposeront des sanctions contre la Turquie si elle ne libère pas le pasteur.",
                  "2018-07-26")
    sanction = next(e for e in doc.events if e.type in ("THREATEN", "SANCTION", "AGREE"))
    assert (sanction.type, sanction.mode) == ("THREATEN", "restrict")
    assert [a.name for a in sanction.actors if a.role == "source"] == ["United States"]


def test_a_measure_announced_without_a_condition_is_the_measure(extract):
    doc = extract("Le Royaume-Uni va expulser 23 diplomates de l'ambassade de Russie.", "2018-03-14")
    assert _main(doc).type == "SANCTION"


def test_blame_stated_as_a_claim_is_an_accusation_by_who_makes_it(extract):
    doc = extract("Pour Theresa May, il est très probable que la Russie soit responsable de l'empoisonnement.",
                  "2018-03-13")
    accusation = _main(doc)
    assert accusation.type == "ACCUSE"
    assert [(a.name, a.role) for a in accusation.actors] == [("Theresa May", "source"), ("Russia", "target")]


@pytest.mark.parametrize("sentence, expected", [
    ("Des milliers de personnes ont marché samedi à Paris pour protester contre Emmanuel Macron.", "PROTEST"),
    ("Emmanuel Macron a protesté samedi contre la décision de Donald Trump.", "ACCUSE"),  # a verbal protest
    ("Les gilets jaunes ont entamé samedi leur troisième samedi de mobilisation.", "PROTEST"),
    ("La Russie a massé des troupes à la frontière de l'Ukraine.", "MOBILIZE"),
    ("La Cédéao a ordonné jeudi le déploiement de sa force en attente au Burkina Faso.", "MOBILIZE"),  # states' troops
    ("La CGT appelle à la mobilisation jeudi contre la réforme des retraites.", "PROTEST"),  # a union's
    ("Theresa May a annoncé mercredi des mesures contre la Russie.", "SANCTION"),
])
def test_physical_and_verbal_protest_troops_and_measures(extract, sentence, expected):
    assert _main(extract(sentence, "2018-12-03")).type == expected


def test_measures_against_no_one_named_are_no_sanction(extract):
    assert not extract("Le gouvernement a annoncé des mesures contre le terrorisme.", "2018-12-03").events


def test_reporters_are_not_actors_but_the_attribution(extract):
    doc = extract("Selon le Kremlin, Vladimir Poutine a rencontré Recep Tayyip Erdogan mardi à Sotchi.",
                  "2019-03-05")
    main = _main(doc)
    assert sorted(a.name for a in main.actors) == ["Recep Tayyip Erdoğan", "Vladimir Putin"]
    assert main.attribution == "Moscow Kremlin"


def test_contexts_follow_clear_topics(extract):
    main = _main(extract("Emmanuel Macron a accusé lundi la Syrie d'avoir utilisé des armes chimiques.",
                         "2018-04-09"))
    assert "cbrn" in main.contexts


def test_metonyms_act_for_their_country(extract):
    doc = extract("Moscou a expulsé quatre diplomates français mardi.", "2018-03-30")
    assert _main(doc).actors[0].name == "Russia"


def test_a_people_named_by_its_demonym_acts_for_its_country(extract):
    plan = _main(extract("Les Russes et les Américains sont convenus d'un plan pour une trêve en Syrie."))
    assert plan.type == "AGREE" and {a.name for a in plan.actors} == {"Russia", "United States"}
    arrest = _main(extract("Deux Français ont été arrêtés par la police turque."))
    assert [(a.name, a.role) for a in arrest.actors] == [("Turkey", "source"), ("France", "target")]


def test_a_verb_the_parser_cut_from_its_subject_finds_it_in_the_fragment_before(extract):
    # the parse makes two sentences: "Russes et Américains, qui…," and "sont convenus d'un plan…"
    text = ("Russes et Américains, qui soutiennent des camps adverses dans la guerre en Syrie, sont convenus "
            "d'un plan visant à instaurer une trêve dans ce pays.")
    agreed = [e for e in extract(text).events if e.type == "AGREE"]
    assert [{a.name for a in e.actors} for e in agreed] == [{"Russia", "United States"}]


def test_dates_from_weekdays_and_the_reference_date(extract):
    main = _main(extract("Emmanuel Macron a rencontré Angela Merkel dimanche à Aix-la-Chapelle.", "2019-01-23"))
    assert (main.date, main.date_precision) == ("2019-01-20", "day")
    same_day = _main(extract("Emmanuel Macron a rencontré Angela Merkel mardi à Berlin.", "2019-01-22"))
    assert same_day.date == "2019-01-22"  # published on Tuesday: "mardi" is that day


def test_without_a_reference_date_a_weekday_stays_a_constraint(extract):
    main = _main(extract("Emmanuel Macron s'est entretenu jeudi par téléphone avec Angela Merkel."))
    assert (main.date, main.date_precision, main.date_constraint) == (None, "unknown", "Thursday")


def test_an_article_stamped_with_a_month_bounds_a_weekday_and_gives_a_day_its_year(extract):
    saturday = _main(extract("La Russie a annoncé samedi l'expulsion de vingt diplomates britanniques.", "2018-03"))
    assert (saturday.date, saturday.date_constraint) == (None, "Saturday between 2018-02-22 and 2018-04-07")
    day = _main(extract("Le 29 mars, la Russie a expulsé vingt diplomates britanniques.", "2018-03"))
    assert (day.date, day.date_precision) == ("2018-03-29", "day")
    january = _main(extract("Le 2 janvier, la Russie a expulsé vingt diplomates britanniques.", "2018-12"))
    assert january.date == "2019-01-02"  # the year that puts it nearest the month


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


def test_a_statement_takes_the_day_of_the_sentence_that_refers_back_to_it(extract):
    text = ("Pour le Premier ministre, Boris Johnson, il est probable que la Russie en soit « responsable ».\n"
            "Le dirigeant a fait cette déclaration lundi soir devant les députés.")
    main = _main(extract(text, "2020-06-10"))
    assert (main.type, main.date) == ("ACCUSE", "2020-06-08")
    assert _main(extract(text.replace("cette déclaration", "un discours"), "2020-06-10")).date_precision == "reference"
    quoted = ("Le président turc a averti les États-Unis que des sanctions ne feraient pas reculer la Turquie.\n"
              "« Nous ne céderons pas », a déclaré Recep Tayyip Erdoğan, cité dimanche par un quotidien d'Ankara.")
    assert _main(extract(quoted)).date_constraint == "Sunday"  # quoted by the paper that printed it


def test_an_undated_lead_takes_the_day_of_the_sentence_that_details_it(extract):
    text = ("Moscou a annoncé l'expulsion de soixante diplomates américains.\n"
            "Sergueï Lavrov a annoncé le 29 mars à Moscou l'expulsion de soixante diplomates américains.")
    main = _main(extract(text, "2018-03"))
    assert (main.type, main.date, main.date_precision) == ("SANCTION", "2018-03-29", "day")
    other_side = ("Moscou a annoncé l'expulsion de soixante diplomates américains.\n"
                  "Washington avait expulsé le 26 mars soixante diplomates russes.")
    assert _main(extract(other_side, "2018-03")).date is None  # another side's expulsion: not its details
    undated = ("Moscou expulse soixante diplomates américains.\n"
               "Sergueï Lavrov a annoncé vendredi 30 mars à Moscou l'expulsion de soixante diplomates américains.")
    main = _main(extract(undated))  # no day anywhere: what the details say of theirs
    assert (main.date, main.date_precision, main.date_constraint) == (None, "unknown", "Friday on XXXX-03-30")


def test_a_year_or_month_never_dates_the_news_of_a_lead(extract):
    # "en 2019" recalls: the news happened on a day, the article's own when nothing else says which
    for when in ("en 2019", "en janvier 2019", "à l'automne 2019"):
        text = f"Le Mali a expulsé {when} l'ambassadeur de France.\n\nLa décision a surpris Paris."
        main = _main(extract(text, "2022-01-31"))
        assert (main.type, main.date, main.date_precision) == ("SANCTION", "2022-01-31", "reference")
        assert _main(extract(text)).date is None


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


def test_a_day_an_incise_of_saying_gives_dates_the_event_it_reports(extract):
    # the parser hangs "a annoncé" below "arrêté"; the later trial day is not the arrest's either
    text = ("Le président Emmanuel Macron a été arrêté par des militaires, au terme de plusieurs mois de "
            "contestation, a annoncé jeudi 11 avril 2019, le ministre de la Défense. Il sera jugé à partir du "
            "3 mai 2019.")
    main = _main(extract(text))
    assert (main.date, main.date_precision) == ("2019-04-11", "day")


def test_a_headline_in_the_present_takes_the_day_its_body_gives_past_a_caption(extract):
    text = ("Emmanuel Macron et Angela Merkel échangent par téléphone sur l'Ukraine\n"
            "Emmanuel Macron et Angela Merkel à Berlin, le 15 mai 2017.\n"
            "Emmanuel Macron et Angela Merkel se sont entretenus vendredi par téléphone de l'Ukraine.")
    main = _main(extract(text, "2017-08-05"))
    assert (main.date, main.date_precision) == ("2017-08-04", "day")
    past = "Emmanuel Macron et Angela Merkel ont échangé par téléphone.\n" + text.split("\n", 1)[1]
    assert _main(extract(past, "2017-08-05")).date_precision == "reference"  # told in the past: the article's day


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


def test_a_date_in_a_clause_below_the_trigger_dates_that_clause(extract):
    text = ("Quatre diplomates français ont été expulsés par la Russie en réponse à la décision de la France "
            "d'expulser quatre diplomates russes le 26 mars.")
    dated = {tuple(a.name for a in e.actors if a.role == "source"): e.date_constraint for e in extract(text).events}
    assert dated == {("Russia",): None, ("France",): "on XXXX-03-26"}


def test_an_undated_lead_takes_the_weekday_of_a_later_report_of_its_type_without_actor(extract):
    text = ("Des dizaines de milliers de personnes manifestent à Belgrade contre le gouvernement serbe.\n"
            "Les protestataires réclament la démission du président Aleksandar Vučić.\n"
            "Dès dimanche midi, de grandes foules s'étaient rassemblées devant le Parlement.")
    assert _main(extract(text)).date_constraint == "Sunday"
    assert _main(extract(text, "2024-03-17")).date_precision == "reference"  # the article's day says more


def test_a_day_a_future_clause_gives_is_not_the_past_events(extract):
    text = ("« La trêve commencera dans la nuit de dimanche à lundi », a précisé Antony Blinken, qui "
            "s'exprimait aux côtés de son homologue Sergueï Lavrov au terme de leurs négociations à Genève.")
    assert [e.date_constraint for e in extract(text).events if e.type == "CONSULT"] == [None]
    told = "Antony Blinken et Sergueï Lavrov se sont rencontrés dimanche à Genève."
    assert _main(extract(told)).date_constraint == "Sunday"


def test_an_undated_article_naming_its_day_with_a_demonstrative_dates_its_undated_events(extract):
    text = ("Moscou expulse quatre diplomates belges\n"
            "L'ambassadeur de Belgique, qui était convoqué au ministère russe ce 30 mars, a annoncé la mesure.")
    assert _main(extract(text)).date_constraint == "on XXXX-03-30"
    with_year = text.replace("ce 30 mars", "ce 30 mars 2023")
    assert (_main(extract(with_year)).date, _main(extract(with_year)).date_precision) == ("2023-03-30", "day")
    recalled = text.replace("ce 30 mars", "le 30 mars")  # not the article's own day: nothing to say
    assert _main(extract(recalled)).date_constraint is None


def test_a_lead_that_names_no_actor_dates_the_sentence_that_does(extract):
    text = ("Un accord sur le climat a été adopté samedi à Paris par 195 pays.\n"
            "« Je déclare l'accord de Paris adopté », a déclaré Laurent Fabius.")
    main = _main(extract(text, "2015-12-13"))
    assert (main.type, [a.name for a in main.actors]) == ("AGREE", ["Laurent Fabius"])
    assert (main.date, main.date_precision) == ("2015-12-12", "day")


def test_a_summit_dates_and_places_a_weekday(extract):
    main = _main(extract("Barack Obama et Vladimir Poutine se sont brièvement parlé dimanche en marge du "
                         "sommet de l'Apec à Lima."))
    assert (main.date, main.location) == ("2016-11-20", {"city": "Lima", "country": "Peru"})


def test_the_summit_of_an_article_that_names_several(extract):
    tour = ("Obama rencontre Poutine en marge du sommet Asie-Pacifique\n"
            "Barack Obama a commencé lundi à Pékin une tournée qui passera par le G20 de Brisbane. "
            "Il s'est entretenu brièvement avec Vladimir Poutine, a annoncé la Maison Blanche.")
    main = _main(extract(tour))  # the city named (Pékin), not only its country, and the headline's series
    assert (main.date, main.location) == ("2014-11-10", {"city": "Beijing", "country": "China"})
    undated = ("Barack Obama et Vladimir Poutine se sont rencontrés en tête-à-tête sans trouver d'accord.\n"
               "Les deux présidents participaient au sommet du G20 à Hangzhou, en Chine.")
    assert _main(extract(undated)).location == {"city": "Hangzhou", "country": "China"}  # a meeting at the summit


def test_places_attached_to_the_event(extract):
    main = _main(extract("Emmanuel Macron a rencontré Angela Merkel mardi à Berlin pour parler de la Syrie.",
                         "2019-01-22"))
    assert main.location == {"city": "Berlin", "country": "Germany"}
    assert "Syria" in main.topics


def test_the_main_event_is_in_the_headline_or_lead(extract):
    doc = extract("Emmanuel Macron reçoit Angela Merkel à Paris\n\nLe président français a reçu mardi la "
                  "chancelière allemande à l'Elysée. Plus tard, la police a arrêté trois manifestants.",
                  "2019-01-22")
    assert _main(doc).type == "CONSULT"
    assert sum(e.is_main for e in doc.events) == 1


def test_a_verb_that_frames_an_event_gives_way_to_it(extract):
    doc = extract("Donald Trump a ordonné lundi l'expulsion de soixante diplomates russes.", "2018-03-26")
    assert _main(doc).type == "SANCTION"


def test_articles_without_a_political_event_have_no_main_event(extract):
    doc = extract("Lens s'est imposé dimanche face à Lyon au stade Bollaert grâce à un doublé de son attaquant.",
                  "2023-03-19")
    assert not any(e.is_main for e in doc.events)


def test_every_event_has_evidence_and_a_cameo_code(extract):
    doc = extract("Emmanuel Macron a rencontré Angela Merkel mardi à Berlin.", "2019-01-22")
    for event in doc.events:
        [evidence] = event.evidence
        assert doc.article.clean_text[evidence.start:evidence.end] == evidence.text
        assert event.cameo == {"CONSULT": "04"}.get(event.type, event.cameo)


SEEDS = SHARED / "seeds"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="needs ../shared/seeds")
@pytest.mark.parametrize("seed, expected", [
    ("000", ("CONSULT", ["Barack Obama", "Vladimir Putin"], "2016-11-20", "Lima")),
    ("001", ("CONSULT", ["Barack Obama", "Vladimir Putin"], "2016-09-05", "Hangzhou")),
    ("002", ("CONSULT", ["Donald Trump", "Vladimir Putin"], None, None)),
    ("003", ("CONSULT", ["Donald Trump", "Vladimir Putin"], None, None)),
    ("004", ("CONSULT", ["Barack Obama", "Vladimir Putin"], None, None)),
])
def test_seed_main_events(extract, seed, expected):
    from veille.ingest.readers import read_text
    from veille.settings import Settings

    path = next(SEEDS.glob(f"{seed}_*.txt"))
    [record] = list(read_text(open(path, "rb"), str(path), Settings()))
    main = _main(extract(record.text, record.published))
    city = (main.location or {}).get("city")
    kind, people, day, place = expected
    assert (main.type, main.date, city) == (kind, day, place)
    actors = {a.name for a in main.actors}
    # Both presidents always; the learned participant model may add one person of the lead (000:
    # Sergey Lavrov, named in Obama's quoted words, P 0.52: a known error that actors F1 counts).
    assert set(people) <= actors and len(actors) <= len(people) + 1
    if seed in ("002", "003"):
        assert (main.mode, main.date_constraint) == ("phone", "Tuesday")


def test_a_government_building_and_a_state_decision_are_placed_in_the_capital(extract):
    visit = _main(extract("Emmanuel Macron a reçu mardi Angela Merkel à l'Elysée.", "2019-01-22"))
    assert visit.location == {"city": "Paris", "country": "France"}
    sanction = _main(extract("La France a expulsé mardi quatre diplomates russes.", "2018-03-27"))
    assert sanction.location == {"city": "Paris", "country": "France"}
    call = _main(extract("Emmanuel Macron s'est entretenu mardi par téléphone avec Angela Merkel.", "2019-01-22"))
    assert call.location is None


@pytest.mark.parametrize("sentence", [
    "Emmanuel Macron a dénoncé dimanche une attaque chimique contre des civils en Syrie.",
    "Angela Merkel a condamné lundi les bombardements sur Alep, a indiqué la chancellerie.",
])
def test_who_judges_an_event_does_not_commit_it(extract, sentence):
    doc = extract(sentence, "2018-04-09")
    judge = "Emmanuel Macron" if "Macron" in sentence else "Angela Merkel"
    assert all(judge not in names for kind, names in _events(doc) if kind == "ASSAULT")
    assert _main(doc).type == "ACCUSE" and judge in [a.name for a in _main(doc).actors]


def test_the_subject_of_a_passive_undergoes_the_event(extract):
    main = _main(extract("Le pasteur Andrew Brunson a été libéré par un tribunal turc.", "2018-10-13"))
    assert [(a.name, a.role) for a in main.actors] == [("Turkey", "source"), ("Andrew Brunson", "target")]


def test_a_headline_verb_the_tagger_takes_for_an_auxiliary_is_still_a_trigger(extract):
    main = _main(extract("Affaire Skripal : la Russie expulse quatre diplomates français"))
    assert (main.type, [a.name for a in main.actors]) == ("SANCTION", ["Russia"])  # "Affaire Skripal" is no one


@pytest.mark.parametrize("text, date", [
    ("« Le gouvernement a décidé de suspendre la procédure d'amendement législatif », a déclaré Carrie Lam.",
     "2019-06-16"),
    ("« Nous avons décidé de retirer le projet de loi », a déclaré Carrie Lam samedi.", "2019-06-15"),
])
def test_a_speaker_acts_in_their_own_quotation(extract, text, date):
    main = _main(extract(text, "2019-06-16"))
    assert (main.type, [a.name for a in main.actors], main.date) == ("RETREAT", ["Carrie Lam"], date)


def test_the_government_in_a_quotation_is_the_speakers_only_for_an_office_holder(extract):
    text = "« Le gouvernement a décidé de suspendre la procédure d'amendement », a déclaré Jimmy Sham, un militant."
    assert extract(text, "2019-06-16").events == []


def test_an_object_the_parser_hangs_on_a_weekday_still_belongs_to_the_verb(extract):
    doc = extract("Les Etats-Unis ont annoncé mercredi des sanctions contre la Russie.", "2018-08-02")
    assert ("SANCTION", ["Russia", "United States"]) in _events(doc)


@pytest.mark.parametrize("sentence, expected", [
    ("Emmanuel Macron a annoncé lundi la suspension du projet de réforme des retraites.", "RETREAT"),
    ("Le gouvernement d'Emmanuel Macron a retiré le projet de loi sur la sécurité.", "RETREAT"),
    ("L'Union européenne a annoncé lundi la suspension de son aide à la Russie.", "SANCTION"),
])
def test_backing_down_on_ones_own_bill_is_a_retreat(extract, sentence, expected):
    assert expected in {t for t, _ in _events(extract(sentence, "2019-03-05"))}


def _roles(event):
    return sorted((a.name, a.role) for a in event.actors)


def test_the_de_complement_of_an_expulsion_is_expelled_and_demonym_staff_stand_for_their_state(extract):
    main = _main(extract("Les États-Unis ont annoncé lundi l'expulsion de douze diplomates russes.", "2018-03-26"))
    assert main.type == "SANCTION"
    assert _roles(main) == [("Russia", "target"), ("United States", "source")]


def test_the_de_complement_of_a_visit_still_acts(extract):
    main = _main(extract("La visite d'Emmanuel Macron à Berlin a eu lieu mardi.", "2019-03-05"))
    assert ("Emmanuel Macron", "source") in _roles(main)


def test_the_noun_a_past_participle_qualifies_undergoes_the_act(extract):
    doc = extract("Washington réclame la libération de Jean Dupont, un journaliste français détenu en Turquie.",
                  "2018-07-26")
    detention = next(e for e in doc.events if e.type == "COERCE")
    assert ("Jean Dupont", "target") in _roles(detention)
    assert all(role == "target" for name, role in _roles(detention) if name == "Jean Dupont")


def test_a_state_acting_gives_way_to_its_office_holder_shown_doing_the_same(extract):
    main = _main(extract("Les États-Unis ont bombardé samedi une base aérienne en Syrie. Donald Trump a ordonné "
                         "ces frappes après une attaque chimique.", "2018-04-14"))
    assert main.type == "ASSAULT" and _roles(main) == [("Donald Trump", "source"), ("Syria", "target")]


@pytest.mark.parametrize("earlier", [
    "En 2014, Barack Obama avait déjà imposé des sanctions à Moscou.",  # another year
    "Barack Obama avait imposé des sanctions à Moscou.",  # not in office on the day
])
def test_a_state_stays_when_its_office_holder_acted_at_another_time(extract, earlier):
    main = _main(extract(f"Les États-Unis ont imposé mardi des sanctions à la Russie. {earlier}", "2018-04-10"))
    assert main.type == "SANCTION" and _roles(main) == [("Russia", "target"), ("United States", "source")]


def test_a_headline_in_the_present_keeps_its_subject_acting_and_its_object_undergoing(extract):
    # the tagger calls "expulse" a participle qualifying "Moscou", and parses the object as a
    # modifier of the verb with its article as a preposition
    main = _main(extract("Moscou expulse des diplomates américains.", "2018-03-29"))
    assert main.type == "SANCTION" and _roles(main) == [("Russia", "source"), ("United States", "target")]


@pytest.mark.parametrize("text, stance", [
    ("L'exécutif pro-Pékin de Hong Kong a annoncé samedi la suspension du projet de loi.", "China"),
    ("Les gilets jaunes ont bloqué samedi les Champs-Élysées, couverts de tags anti-Macron.", "Emmanuel Macron"),
])
def test_a_name_joined_to_pro_or_anti_is_a_stance_not_an_actor(extract, text, stance):
    main = _main(extract(text, "2019-06-15"))
    assert main.actors and stance not in [name for name, _ in _roles(main)]


def test_a_lead_in_the_passive_takes_its_agent_from_another_report_of_its_type(by_rules):
    main = _main(by_rules("Le pasteur Andrew Brunson a été libéré. Le pasteur, qui a été libéré plus tôt par un "
                         "tribunal turc, a quitté vendredi la Turquie.", "2018-10-12"))
    assert main.type == "RETREAT" and _roles(main) == [("Andrew Brunson", "target"), ("Turkey", "source")]


@pytest.mark.parametrize("place, expected", [
    ("à Singapour", {"city": "Singapore", "country": "Singapore"}),  # a territory named as a city is that city
    ("au Luxembourg", {"city": None, "country": "Luxembourg"}),  # named as a country, it stays one
])
def test_a_territory_that_is_also_its_city(extract, place, expected):
    main = _main(extract(f"Emmanuel Macron a rencontré mardi Angela Merkel {place}.", "2019-06-18"))
    assert main.location == expected


@pytest.mark.parametrize("text, expected", [
    # the people a body read as its state is named after act, not the state
    ("Les Etats-Unis ont annoncé mercredi des sanctions contre les ministres turcs de l'Intérieur et de la "
     "Justice, Suleyman Soylu et Abdulhamit Gül.",
     [("United States", "source"), ("Süleyman Soylu", "target"), ("Abdulhamit Gül", "target")]),
    # a state's own name followed by a person is no apposition
    ("Les Etats-Unis ont annoncé mercredi des sanctions contre la Turquie, a déclaré Sarah Sanders.",
     [("United States", "source"), ("Turkey", "target")]),
])
def test_people_in_apposition_to_a_body_read_as_their_state(extract, text, expected):
    main = _main(extract(text, "2018-08-01"))
    assert main.type == "SANCTION" and _roles(main) == sorted(expected)


@pytest.mark.parametrize("text, expected", [
    # a landmark attached to the trigger places the event in its city
    ("Des milliers de gilets jaunes ont manifesté samedi sur les Champs-Élysées.",
     {"city": "Paris", "country": "France"}),
    # a protest happens at the landmark its sentence names, wherever the parse hangs it
    ("Place de la Concorde noyée sous les gaz lacrymogènes, des milliers de gilets jaunes ont manifesté samedi.",
     {"city": "Paris", "country": "France"}),
])
def test_a_protest_is_placed_at_the_landmark_its_sentence_names(extract, text, expected):
    main = _main(extract(text, "2018-12-01"))
    assert main.type == "PROTEST" and main.location == expected


def test_the_ranker_reads_which_candidate_governs_another_in_its_sentence(pipeline, extract):
    from dataclasses import replace

    from veille.nlp.events import EventExtractor

    stage = next(s for s in pipeline.stages if s.name == "events")

    def flags(text):
        extractor = EventExtractor(stage, replace(extract(text, "2020-12-25"), events=[]))
        _, candidates = extractor.decision_inputs(extractor.candidates())
        return [(kind, {name for name in ("below_other", "above_other") if name in features})
                for kind, features in candidates]

    summit = flags("Emmanuel Macron et Angela Merkel ont signé jeudi un accord lors d'un sommet à Bruxelles.")
    assert ("CONSULT", {"below_other"}) in summit  # the summit is the signing's circumstance
    assert any("above_other" in found for _, found in summit)
    assert flags("Emmanuel Macron a rencontré Angela Merkel jeudi à Berlin.") == [("CONSULT", set())]
