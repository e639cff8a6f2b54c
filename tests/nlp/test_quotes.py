from veille.models import Article, Document


def _quotes(pipeline, text):
    [doc] = list(pipeline([Document(Article(id="q", source="t", raw_text=text, published="2019-03-04"))]))
    return [(q.text, q.speaker) for q in doc.quotes]


def test_speaker_after_or_before_the_quotation(pipeline):
    found = _quotes(pipeline, "« Nous avons beaucoup progressé », a déclaré Emmanuel Macron lundi. "
                              "Angela Merkel a répondu : « Le chemin reste long ».")
    assert found == [("Nous avons beaucoup progressé", "Emmanuel Macron"), ("Le chemin reste long", "Angela Merkel")]


def test_a_quotation_without_a_named_speaker(pipeline):
    assert _quotes(pipeline, "Il a évoqué une \"très bonne conversation\" sans donner de détails.") == [
        ("très bonne conversation", None)]
