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


class BatchingStage(FakeStage):
    """Reads ahead like a parser batch, and raises on any document whose text says so."""

    def __call__(self, docs):
        batch = []
        for doc in docs:
            batch.append(doc)
            if len(batch) == 3:
                yield from self._done(batch)
                batch = []
        yield from self._done(batch)

    def _done(self, batch):
        for doc in batch:
            if "raise" in doc.article.raw_text:
                raise KeyError("bad value")
            doc.article.title = (doc.article.title or "") + self.name
        return list(batch)


def _docs(texts):
    return [Document(Article(id=str(n), source="s", raw_text=t), where=f"in:line {n}") for n, t in enumerate(texts)]


def test_isolated_runs_name_the_failing_document_and_stage_and_go_on(settings):
    pipe = Pipeline([FakeStage("a"), BatchingStage("b"), FakeStage("c")])
    pipe.initialize(settings)
    out = list(pipe.isolated(_docs(["ok", "ok", "raise", "ok", "raise", "ok", "ok"])))
    assert [d.where for d in out] == [f"in:line {n}" for n in range(7)]
    assert [d.failure is None for d in out] == [True, True, False, True, False, True, True]
    assert out[2].failure == "analysis failed in stage 'b': KeyError: 'bad value'"
    assert {d.article.title for d in out if not d.failure} == {"abc"}  # the retried ones analysed once


def test_errors_of_the_input_stream_are_not_blamed_on_a_document(settings):
    pipe = Pipeline([FakeStage("a")])
    pipe.initialize(settings)

    def broken():
        yield from _docs(["ok"])
        raise RecursionError("too deep")

    with pytest.raises(RecursionError, match="too deep"):
        list(pipe.isolated(broken()))
