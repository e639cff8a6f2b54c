"""Fixtures of the analysis tests: extraction of a text written for a test."""

import pytest

from veille.models import Article, Document


@pytest.fixture
def extract(pipeline):
    """text, published → the analysed Document (the session's pipeline: tests/conftest.py)."""
    def run(text, published=None):
        doc = Document(Article(id="t", source="test", raw_text=text, published=published))
        [doc] = list(pipeline([doc]))
        return doc

    return run
