"""Event extraction on sentences written for these tests: the event types the stage gives,
arguments, the main event and what it takes from the article's other events. Triggers, modality,
dates and places have their own tests (test_triggers.py, test_modality.py, test_timing.py,
test_article_time.py, test_places.py)."""

import pytest

from tests.conftest import SHARED
from veille.models import Article, Document
from veille.nlp.events import EventStage
from veille.pipeline import Pipeline
from veille.settings import Settings


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


def test_phone_calls_and_reciprocal_meetings_put_everyone_among_the_actors(extract):
    main = _main(extract("Emmanuel Macron et Angela Merkel se sont entretenus mardi par téléphone.", "2019-03-05"))
    assert (main.type, main.mode) == ("CONSULT", "phone") and main.location is None
    assert sorted(a.name for a in main.actors) == ["Angela Merkel", "Emmanuel Macron"]


def test_source_and_target_roles(extract):
    event = next(e for e in extract("Emmanuel Macron a accusé Vladimir Poutine de mentir.", "2019-03-05").events
                 if e.type == "ACCUSE")
    assert [(a.name, a.role) for a in event.actors] == [("Emmanuel Macron", "source"), ("Vladimir Putin", "target")]


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


def test_a_headline_in_the_present_takes_the_day_its_body_gives_past_a_caption(extract):
    text = ("Emmanuel Macron et Angela Merkel échangent par téléphone sur l'Ukraine\n"
            "Emmanuel Macron et Angela Merkel à Berlin, le 15 mai 2017.\n"
            "Emmanuel Macron et Angela Merkel se sont entretenus vendredi par téléphone de l'Ukraine.")
    main = _main(extract(text, "2017-08-05"))
    assert (main.date, main.date_precision) == ("2017-08-04", "day")
    past = "Emmanuel Macron et Angela Merkel ont échangé par téléphone.\n" + text.split("\n", 1)[1]
    assert _main(extract(past, "2017-08-05")).date_precision == "reference"  # told in the past: the article's day


def test_an_undated_lead_takes_the_weekday_of_a_later_report_of_its_type_without_actor(extract):
    text = ("Des dizaines de milliers de personnes manifestent à Belgrade contre le gouvernement serbe.\n"
            "Les protestataires réclament la démission du président Aleksandar Vučić.\n"
            "Dès dimanche midi, de grandes foules s'étaient rassemblées devant le Parlement.")
    assert _main(extract(text)).date_constraint == "Sunday"
    assert _main(extract(text, "2024-03-17")).date_precision == "reference"  # the article's day says more


def test_a_lead_that_names_no_actor_dates_the_sentence_that_does(extract):
    text = ("Un accord sur le climat a été adopté samedi à Paris par 195 pays.\n"
            "« Je déclare l'accord de Paris adopté », a déclaré Laurent Fabius.")
    main = _main(extract(text, "2015-12-13"))
    assert (main.type, [a.name for a in main.actors]) == ("AGREE", ["Laurent Fabius"])
    assert (main.date, main.date_precision) == ("2015-12-12", "day")


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
