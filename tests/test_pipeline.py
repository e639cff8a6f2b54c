import pytest

from veille.errors import ConfigError
from veille.models import Article, Document
from veille.pipeline import Pipeline, default_pipeline


class FakeStage:
    def __init__(self, name, requires=(), assigns=()):
        self.name, self.requires, self.assigns = name, frozenset(requires), frozenset(assigns)
        self.initialized = False

    def initialize(self, settings):
        self.initialized = True

    def __call__(self, docs):
        for doc in docs:
            doc.article.title = (doc.article.title or "") + self.name
            yield doc


def test_a_stage_needing_what_no_earlier_stage_assigns_is_refused():
    with pytest.raises(ConfigError, match="'events' requires article.language, which no earlier stage"):
        Pipeline([FakeStage("events", requires={"article.language"})])


def test_unknown_fields_and_duplicate_stages_are_refused():
    with pytest.raises(ConfigError, match="unknown fields: colour"):
        Pipeline([FakeStage("x", assigns={"colour"})])
    with pytest.raises(ConfigError, match="appears twice"):
        Pipeline([FakeStage("x"), FakeStage("x")])


def test_stages_run_in_order_after_initialize(settings):
    pipe = Pipeline([FakeStage("a", assigns={"article.title"}), FakeStage("b", requires={"article.title"})])
    with pytest.raises(ConfigError):
        list(pipe([]))
    pipe.initialize(settings)
    [doc] = pipe([Document(Article(id="1", source="s", raw_text="t"))])
    assert doc.article.title == "ab" and pipe.has("article.title") and not pipe.has("events")


def test_default_pipeline_declares_what_exists_today():
    pipe = default_pipeline()
    assert [stage.name for stage in pipe.stages] == [
        "clean", "reference_date", "language", "parse", "link", "quotes", "events"]
    assert pipe.has("mentions") and pipe.has("main_event") and pipe.has("article.published")


def test_unsupported_documents_pass_the_parser_in_order(pipeline):
    texts = ["Le ministre a parlé mardi à Paris avec son homologue.", "The minister spoke on Tuesday in Paris.",
             "Les deux présidents se sont entretenus par téléphone.", "Der Minister sprach am Dienstag in Paris."]
    docs = [Document(Article(id=str(n), source="s", raw_text=text)) for n, text in enumerate(texts)]
    out = list(pipeline(iter(docs)))
    assert [d.article.id for d in out] == ["0", "1", "2", "3"]
    assert [d.article.language for d in out] == ["fr", "en", "fr", "de"]
    assert [d.spacy_doc is not None for d in out] == [True, False, True, False]
