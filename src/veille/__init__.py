"""veille: turn a stream of French news articles into a deduplicated database of political events."""

from .errors import ConfigError, InputError, NotFound, StoreError, VeilleError
from .evaluation import evaluate_corpus
from .export import export
from .incremental import IngestReport, ingest
from .models import Actor, Article, Document, Event, Evidence, Mention, Record, Sentence
from .pipeline import Pipeline, Stage, default_pipeline
from .settings import Settings, load_settings
from .store import Store

__all__ = [
    "Actor", "Article", "ConfigError", "Document", "Event", "Evidence", "IngestReport", "InputError",
    "Mention", "NotFound", "Pipeline", "Record", "Sentence", "Settings", "Stage", "Store", "StoreError",
    "VeilleError", "default_pipeline", "evaluate_corpus", "export", "ingest", "load_settings",
]
