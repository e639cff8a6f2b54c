"""Stage: identify each article's language (lingua); only supported languages are analysed further."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

from ..lang import SUPPORTED_LANGUAGES
from ..models import Document
from ..settings import Settings

# The languages news streams mix most often; a closed set keeps lingua fast and small in memory.
CANDIDATES = (
    Language.FRENCH, Language.ENGLISH, Language.GERMAN, Language.SPANISH, Language.ITALIAN,
    Language.PORTUGUESE, Language.DUTCH, Language.ARABIC, Language.RUSSIAN, Language.UKRAINIAN,
    Language.TURKISH, Language.POLISH, Language.CHINESE, Language.JAPANESE, Language.PERSIAN,
)
_SAMPLE_CHARS = 2_000  # the opening is enough to tell the language, and keeps detection cheap


class LanguageStage:
    name = "language"
    requires = frozenset({"article.clean_text"})
    assigns = frozenset({"article.language"})

    def __init__(self) -> None:
        self._detector = None

    def initialize(self, settings: Settings) -> None:
        self._detector = LanguageDetectorBuilder.from_languages(*CANDIDATES).build()

    def __call__(self, docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            article = doc.article
            article.language, article.language_confidence = self.detect(article.clean_text)
            article.status = "analysed" if article.language in SUPPORTED_LANGUAGES else "unsupported_language"
            yield doc

    def detect(self, text: str) -> tuple[str | None, float | None]:
        sample = text[:_SAMPLE_CHARS]
        confidences = self._detector.compute_language_confidence_values(sample)
        if not confidences or confidences[0].value == 0:
            return None, None
        best = confidences[0]
        code: IsoCode639_1 = best.language.iso_code_639_1
        return code.name.lower(), round(best.value, 3)
