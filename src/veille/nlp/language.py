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
_QUICK_FROM_CHARS = 200  # texts this long are told by trigrams alone (lingua's low-accuracy mode)


class LanguageStage:
    name = "language"
    requires = frozenset({"article.clean_text"})
    assigns = frozenset({"article.language"})

    def __init__(self) -> None:
        self._detector = None

    def initialize(self, settings: Settings) -> None:
        self._detector = LanguageDetectorBuilder.from_languages(*CANDIDATES).build()
        # lingua's trigram models alone tell an article's language as well (the same for every
        # text of the labelled corpora) and load in 0.06 s against 1.3 s for all its models, which
        # only a short text (a headline) needs; each set is loaded when first used.
        self._quick_detector = LanguageDetectorBuilder.from_languages(*CANDIDATES).with_low_accuracy_mode().build()

    def __call__(self, docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            article = doc.article
            article.language, article.language_confidence = self.detect(article.clean_text)
            article.status = "analysed" if article.language in SUPPORTED_LANGUAGES else "unsupported_language"
            yield doc

    def detect(self, text: str) -> tuple[str | None, float | None]:
        sample = text[:_SAMPLE_CHARS]
        detector = self._quick_detector if len(sample) >= _QUICK_FROM_CHARS else self._detector
        confidences = detector.compute_language_confidence_values(sample)
        if not confidences or confidences[0].value == 0:
            return None, None
        best = confidences[0]
        code: IsoCode639_1 = best.language.iso_code_639_1
        return code.name.lower(), round(best.value, 3)
