"""A language's event lexicon (lang/<code>/events.toml): trigger lemmas and phrases with their PLOVER
type and mode, and the cue words of modality, reporting, topics and contexts."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache

from .. import lang
from ..errors import ConfigError
from ..kb.model import alias_key


@dataclass(frozen=True)
class Trigger:
    type: str
    mode: str | None
    reciprocal: bool
    pronominal: bool
    weight: float
    object_required: bool = False  # "recevoir" is a visit only when someone is received
    subject_blamed: bool = False  # "que la Russie soit responsable": the subject is the one accused
    of_target: bool = False  # a noun whose "de" complement undergoes it: "l'expulsion de 60 diplomates"


@dataclass(frozen=True)
class TypePolicy:
    """How the event types behave (``[policy]`` of events.toml)."""

    framing: frozenset[str] = frozenset()
    judging: frozenset[str] = frozenset()
    statement: frozenset[str] = frozenset()
    state_action: frozenset[str] = frozenset()
    gathering: frozenset[str] = frozenset()
    private_actor: frozenset[str] = frozenset()
    reciprocal: frozenset[str] = frozenset()
    violent: frozenset[str] = frozenset()
    concession: frozenset[str] = frozenset()
    threatened: dict[str, dict[str, str]] = field(default_factory=dict)  # type → {mode or "*" → threatened mode}

    def threat_mode(self, event_type: str, mode: str | None) -> str:
        """The mode of the THREATEN an announced event of this type and mode becomes."""
        modes = self.threatened[event_type]
        return modes.get(mode or "*", modes["*"])


@dataclass
class Lexicon:
    lemmas: dict[tuple[str, str], Trigger]  # (lemma, POS) → trigger
    phrases: dict[str, Trigger]  # lower-case phrase → trigger
    negation: frozenset[str]
    failure: frozenset[str]  # verbs of a failed attempt ("échouer à"), from the negation cues
    future: frozenset[str]
    hypothetical: frozenset[str]
    reported: frozenset[str]
    topics: dict[str, tuple[str, ...]]
    contexts: dict[str, str]  # topic → PLOVER context
    cameo: dict[str, str]
    time_nouns: frozenset[str] = frozenset()  # lemmas of the time words a parse may hang objects on
    protest_movements: frozenset[str] = frozenset()  # "ont marché pour protester": a protest
    self_subjects: frozenset[str] = frozenset()  # "nous" in a quotation: its speaker
    self_governments: frozenset[str] = frozenset()  # "le gouvernement" in an office holder's quotation
    stance_prefix: re.Pattern | None = None  # "pro-", "anti-" right before a name: "l'exécutif pro-Pékin"
    max_phrase_words: int = field(default=1)
    phrase_starts: frozenset[str] = field(default=frozenset())  # first words of the phrases
    policy: TypePolicy = field(default_factory=TypePolicy)
    contractions: dict[str, str] = field(default_factory=dict)  # "au" → "à": the preposition in a fused article


def _prefix_pattern(prefixes: list[str]) -> re.Pattern | None:
    """Words joined by a hyphen to what follows, matched at the end of the text before a name."""
    if not prefixes:
        return None
    words = "|".join(re.escape(p) for p in prefixes)
    return re.compile(rf"(?<!\w)(?:{words})[-\u2010\u2011]$", re.IGNORECASE)


@cache
def load_lexicon(language: str) -> Lexicon:
    try:
        data = lang.toml(language, "events.toml")
    except (FileNotFoundError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(f"event lexicon of {language!r} cannot be read ({err})") from None
    lemmas, phrases = {}, {}
    for entry in data["trigger"]:
        trigger = Trigger(entry["type"], entry.get("mode"), bool(entry.get("reciprocal")),
                          bool(entry.get("pronominal")), float(entry.get("weight", 1.0)),
                          bool(entry.get("object_required")), bool(entry.get("subject_blamed")),
                          bool(entry.get("of_target")))
        if "phrase" in entry:
            phrases[entry["phrase"].casefold()] = trigger
        else:
            lemmas.setdefault((entry["lemma"].casefold(), entry.get("pos", "VERB")), trigger)
    modality = data.get("modality", {})
    return Lexicon(
        lemmas=lemmas, phrases=phrases,
        negation=frozenset(w.casefold() for w in modality.get("negation", [])),
        failure=frozenset(w.split()[0].casefold() for w in modality.get("negation", [])
                          if len(w.split()) == 2 and w.split()[1] in ("à", "de")),
        future=frozenset(w.casefold() for w in modality.get("future", [])),
        hypothetical=frozenset(w.casefold() for w in modality.get("hypothetical", [])),
        reported=frozenset(w.casefold() for w in modality.get("reported", [])),
        topics={tag: tuple(alias_key(c) for c in cues) for tag, cues in data.get("topics", {}).items()},
        contexts=dict(data.get("contexts", {})),
        cameo=dict(data.get("cameo", {})),
        time_nouns=frozenset(w.casefold() for w in data.get("parse", {}).get("time_nouns", [])),
        protest_movements=frozenset(w.casefold() for w in data.get("parse", {}).get("protest_movements", [])),
        self_subjects=frozenset(w.casefold() for w in data.get("parse", {}).get("self_subjects", [])),
        self_governments=frozenset(w.casefold() for w in data.get("parse", {}).get("self_governments", [])),
        stance_prefix=_prefix_pattern(data.get("parse", {}).get("stance_prefixes", [])),
        max_phrase_words=max((len(p.split()) for p in phrases), default=1),
        phrase_starts=frozenset(p.split()[0] for p in phrases),
        policy=_policy(data.get("policy", {})),
        contractions=dict(data.get("parse", {}).get("contractions", {})),
    )


def _policy(table: dict) -> TypePolicy:
    sets = {name: frozenset(values) for name, values in table.items() if isinstance(values, list)}
    return TypePolicy(**sets, threatened={kind: dict(modes) for kind, modes in table.get("threatened", {}).items()})
