import json

import pytest


def _show(cli, *args):
    result = cli("kb", "show", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_kb_show_resolves_roles_on_a_date(cli):
    shown = _show(cli, "le président américain", "--date", "2017-05-02")
    assert [(e["name"], e["wikidata"]) for e in shown["entities"]] == [("Donald Trump", "Q22686")]
    assert shown["via"] == "role"


def test_kb_show_names_metonyms_and_summits(cli):
    assert _show(cli, "la Maison Blanche")["entities"][0]["name"] == "White House"
    apec = _show(cli, "sommet de l'Apec")["summits"]
    assert {"start": "2016-11-19", "end": "2016-11-20", "city": "Lima"}.items() <= \
        [s for s in apec if s["start"].startswith("2016")][0].items()


@pytest.mark.parametrize("name, city, country", [
    ("Salisbury", "Salisbury", "GB"),  # the English town, not Harare by its colonial name
    ("Harare", "Harare", "ZW"),
    ("Odessa", "Odesa", "UA"),  # the French press's name, though a Texan town has it as its own
])
def test_kb_show_gives_a_city_its_own_name_before_another_s_old_one(cli, name, city, country):
    [entity] = _show(cli, name)["entities"]
    assert (entity["name"], entity["type"], entity["country"]) == (city, "city", country)


def test_kb_show_human_output_and_errors(cli):
    text = cli("kb", "show", "Poutine").stdout
    assert "Vladimir Putin" in text and "President of Russia" in text
    missing = cli("kb", "show", "Personne Inconnue")
    assert missing.exit_code == 1 and "nothing in the knowledge base is called 'Personne Inconnue'" in missing.stderr
    assert cli("kb", "show", "Poutine", "--date", "hier").exit_code == 2
    assert cli("kb", "import", "missing.json").exit_code != 0
