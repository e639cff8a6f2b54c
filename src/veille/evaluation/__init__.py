"""Quality evaluation against a gold corpus (format: docs/evaluation.md)."""

from .harness import evaluate_corpus

__all__ = ["evaluate_corpus"]
