from veille.text.clean import LEAD_TITLE_CHARS, clean_text, title_from_text


def test_photo_caption_with_agency_credit_is_dropped():
    raw = ("Le ministre salue la foule à son arrivée au sommet. | JEAN DUPONT / AFP\n\n"
           "Le ministre des Affaires étrangères est arrivé lundi au sommet de Bruxelles.")
    assert clean_text(raw).text == "Le ministre des Affaires étrangères est arrivé lundi au sommet de Bruxelles."


def test_copyright_caption_and_partner_content_are_dropped():
    raw = ("La chancelière et le président en 2019. © Reuters\n\n"
           "Les deux dirigeants se sont parlé jeudi au téléphone.\n\nContenu partenaire")
    assert clean_text(raw).text == "Les deux dirigeants se sont parlé jeudi au téléphone."


def test_a_caption_over_its_credit_line_and_a_link_to_another_article_are_dropped():
    raw = (">>Le sommet du G20 cherche une approche commune de la croissance\n"
           "Les deux présidents lors d'une rencontre en marge du sommet, le 5 septembre. |\n"
           "Photo : AFP/VNA |\n"
           "Les ministres se sont entretenus lundi sans parvenir à un accord.")
    assert clean_text(raw).text == "Les ministres se sont entretenus lundi sans parvenir à un accord."


def test_a_caption_printed_twice_is_dropped_twice():
    raw = ("Le président arrive à la réunion des dirigeants du G20 à Osaka. [EPA/JOHN DOE]\n"
           "Le président arrive à la réunion des dirigeants du G20 à Osaka. - [EPA/JOHN DOE]\n"
           "Le président arrive à la réunion des dirigeants\n"
           "Le sommet s'est ouvert vendredi.")
    assert clean_text(raw).text == "Le sommet s'est ouvert vendredi."


def test_a_long_paragraph_ending_with_a_credit_keeps_its_text():
    body = "Le gouvernement a annoncé vendredi une série de mesures. " * 8
    cleaned = clean_text(body + "(©AFP / 06 avril 2018 12h59)")
    assert cleaned.text == body.strip()


def test_site_furniture_and_bylines_are_dropped():
    raw = "\n".join([
        "International", "Pour aller plus loin :", "Publié Modifié", "Le président reçoit le roi", "Temps de lecture : 2 min",
        "Partager", "Facebook Twitter E-mail", "Le président a reçu mardi le roi à l'Elysée.",
        "Lire aussi : Un autre article sans rapport", "Par Jeanne Martin", "Suivez-nous sur Telegram",
        "20 Minutes avec AFP", "ats/lc",
    ])
    cleaned = clean_text(raw)
    assert cleaned.text == "Le président reçoit le roi\nLe président a reçu mardi le roi à l'Elysée."
    assert cleaned.title == "Le président reçoit le roi"


def test_text_lines_that_look_like_furniture_are_kept():
    raw = ("Par ailleurs, le ministre a rappelé que la France restait engagée.\n"
           "Publié en 1990, le rapport du Sénat reste la référence, a-t-il ajouté.")
    assert clean_text(raw).text == raw


def test_leading_metadata_prefix_gives_a_month_and_is_not_text():
    cleaned = clean_text(" date 2016-09 International\n\nLe président a parlé lundi.")
    assert cleaned.published == "2016-09"
    assert cleaned.text == "Le président a parlé lundi."
    inline = clean_text(" date 2018-07 Les deux présidents se sont rencontrés à Helsinki.")
    assert inline.published == "2018-07"
    assert inline.text == "Les deux présidents se sont rencontrés à Helsinki."


def test_non_breaking_spaces_become_plain_spaces():
    assert clean_text("Une « très\u00a0bonne » réunion\u202f!").text == "Une « très bonne » réunion !"


def test_no_headline_when_the_text_opens_with_a_sentence():
    assert clean_text("Le président a parlé lundi.\n\nIl a ajouté une phrase.").title is None


# -- titles read from the text (for articles that came without one) ----------------------------------------

def test_a_headline_at_the_top_is_the_title_and_furniture_above_it_is_passed_over():
    text = ("Publié le 12/03/2018 à 10h05\nPar Jeanne Martin\nLa Ruritanie rappelle son ambassadeur\n\n"
            "Le gouvernement de Ruritanie a rappelé lundi son ambassadeur en Syldavie.")
    assert title_from_text(text) == ("headline", "La Ruritanie rappelle son ambassadeur")


def test_without_a_headline_the_first_sentence_is_the_title_and_an_abbreviation_ends_none():
    text = "M. Dupont a reçu mardi le ministre syldave. Les deux hommes ont parlé du port."
    assert title_from_text(text) == ("lead", "M. Dupont a reçu mardi le ministre syldave")


def test_a_long_first_sentence_is_cut_at_a_word_with_an_ellipsis():
    text = ("Les ministres des Affaires étrangères de Ruritanie et de Syldavie se sont retrouvés mardi à Genève "
            "pour une longue séance de négociations consacrée au partage des eaux du fleuve frontalier. Suite.")
    source, title = title_from_text(text)
    assert source == "lead" and title.endswith("…") and len(title) <= LEAD_TITLE_CHARS + 1
    assert text.startswith(title[:-1]) and text[len(title) - 1] == " "  # a whole word before the ellipsis


def test_a_one_word_label_is_no_headline_nor_the_start_of_the_lead():
    assert title_from_text("ENTRETIEN\nPlus tôt dans la journée, le ministre a parlé.") == \
        ("lead", "Plus tôt dans la journée, le ministre a parlé")
    assert title_from_text("   \n") is None
