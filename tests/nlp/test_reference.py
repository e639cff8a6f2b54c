from datetime import date

import pytest

from veille.models import Article, Document
from veille.nlp.reference import ReferenceDateStage, text_date, url_date, url_month


@pytest.mark.parametrize("url, day", [
    ("https://www.journal.fr/monde/2016/11/20/sommet-apec", date(2016, 11, 20)),
    ("https://www.quotidien.ca/international/201611/20/01-5043314-titre", date(2016, 11, 20)),
    ("https://fr.agence.com/international/201511151019545286-entretien/", date(2015, 11, 15)),
    ("https://l.chaine.com/international/retrait-du-pays_AN-201603140091.htm", date(2016, 3, 14)),
    ("https://www.journal.fr/politique/2320119-20180811-syrie-iran", date(2018, 8, 11)),
    ("https://french.journal.cn/International/n3/2018/0315/c31356-9437299.html", date(2018, 3, 15)),
    ("https://www.journal.fr/france/2018-11-10/rencontre-en-vue", date(2018, 11, 10)),
    ("https://www.radio.fr/infos/monde/des-diplomates-expulses-1522438330", date(2018, 3, 30)),  # Unix time, UTC
    ("https://www.journal.ci/article/politique/un-pasteur_124859_1532689557.html", date(2018, 7, 27)),
])
def test_dates_in_urls(url, day):
    assert url_date(url) == (day, "url")


@pytest.mark.parametrize("url", [
    "https://www.journal.fr/monde/article-123456789", "https://x.fr/2016/13/45/y", None,
    "https://www.journal.fr/monde/1522438330-suite/article",  # ten digits not closing the path
    "https://www.journal.fr/monde/article-9922438330",  # not a Unix time of this century
])
def test_urls_without_a_valid_date(url):
    assert url_date(url) is None


@pytest.mark.parametrize("text, day", [
    ("Titre\npublié le 14/07/2017 à 09:44\nLe texte.", date(2017, 7, 14)),
    ("Mis à jour le 14.02.2016\nLe texte.", date(2016, 2, 14)),
    ("15/11/15 à 15:06 - Mise à jour à 15:06\nTexte", date(2015, 11, 15)),
    ("Le ministre a parlé. (©AFP / 09 avril 2018 23h47)", date(2018, 4, 9)),
    ("Titre\n08 - Juillet - 2017\nTexte", date(2017, 7, 8)),
    ("Port-au-Prince, le 16 juillet 2018. Les présidents se sont vus.", date(2018, 7, 16)),
])
def test_publication_stamps_in_text(text, day):
    assert text_date(text) == day


def test_a_photo_caption_with_a_date_is_not_a_stamp():
    assert text_date("Titre\nVladimir Poutine, le 13 janvier 2016\nLe président a parlé mercredi.") is None


def test_the_stage_fills_only_what_is_missing_and_refines_a_month(settings):
    stage = ReferenceDateStage()
    stage.initialize(settings)
    given = Article(id="1", source="s", raw_text="Texte", published="2016-11-21", published_source="metadata",
                    url="https://x.fr/2016/11/20/a")
    month = Article(id="2", source="s", raw_text="Texte", published="2016-11", published_source="metadata-line",
                    url="https://x.fr/2016/11/20/a")
    other_month = Article(id="3", source="s", raw_text="Texte", published="2016-12", url="https://x.fr/2016/11/20/a")
    out = [d.article for d in stage(Document(a) for a in (given, month, other_month))]
    assert (out[0].published, out[0].published_source) == ("2016-11-21", "metadata")
    assert (out[1].published, out[1].published_source) == ("2016-11-20", "url")
    assert out[2].published == "2016-12"


def test_a_url_with_a_year_and_month_only_gives_the_month(settings):
    assert url_month("https://archives.journal.bj/2018/03/affaire-represailles") == "2018-03"
    assert url_month("https://x.fr/2018/13/a") is None and url_month("https://x.fr/monde/a") is None
    stage = ReferenceDateStage()
    stage.initialize(settings)
    [doc] = stage([Document(Article(id="1", source="s", raw_text="Texte", url="https://x.bj/2018/03/titre"))])
    assert (doc.article.published, doc.article.published_source) == ("2018-03", "url")
