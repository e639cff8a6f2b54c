"""The closed sets a filter may name, so that a filter that names anything else is refused with the
list instead of silently matching nothing: PLOVER event types, their modes, and topic tags.

Types are models.EVENT_TYPES; modes are PLOVER's (shared/PLOVER.md, section 2) and whatever the event
lexicons assign; topics are the tags of the lexicons' ``[topics]`` tables, which are also named by
their cues ("Syrie" means the tag "Syria").
"""

from __future__ import annotations

from functools import cache

from .errors import ConfigError
from .kb.model import alias_key
from .models import EVENT_TYPES

PLOVER_MODES = frozenset({
    "visit", "third-party", "multilateral", "phone",  # CONSULT
    "withdraw", "release", "disarm", "ceasefire", "access", "resign", "return",  # RETREAT
    "assist", "change", "yield", "meet",  # REQUEST, REJECT
    "disapprove", "investigate", "allege",  # ACCUSE
    "restrict", "arrest", "relations", "expel", "territory", "violence", "ban", "rights",  # THREATEN
    "demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize",  # PROTEST
    "convict", "discontinue",  # SANCTION
    "troops", "weapons", "police", "militia",  # MOBILIZE
    "seize", "censor", "curfew", "martial-law", "deport", "withhold", "misinformation", "cyber",  # COERCE
    "abduct", "beat", "torture", "sexual", "targeted", "destroy", "primitive", "firearms", "explosives",
    "suicide-attack", "aerial", "drone", "heavy-weapons", "crowd-control", "unconventional", "assassinate",
    "execute", "massacre", "cleansing",  # ASSAULT
})


def _lexicons():
    from .lang import SUPPORTED_LANGUAGES
    from .nlp.lexicon import load_lexicon

    return [load_lexicon(code) for code in SUPPORTED_LANGUAGES]


@cache
def event_modes() -> frozenset[str]:
    """Every mode an event may have: PLOVER's, and those the lexicons give (a trigger's, a threat's)."""
    modes = set(PLOVER_MODES)
    for lexicon in _lexicons():
        modes |= {t.mode for t in (*lexicon.lemmas.values(), *lexicon.phrases.values()) if t.mode}
        modes |= {mode for table in lexicon.policy.threatened.values() for mode in table.values()}
    return frozenset(modes)


@cache
def topic_tags() -> tuple[str, ...]:
    """The topic tags, in the lexicons' order."""
    return tuple(dict.fromkeys(tag for lexicon in _lexicons() for tag in lexicon.topics))


@cache
def _topic_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for lexicon in _lexicons():
        for tag, cues in lexicon.topics.items():
            for cue in cues:
                names.setdefault(cue, tag)
    for tag in topic_tags():  # a tag named as itself wins over a cue of another tag
        names[alias_key(tag)] = tag
    return names


def topic_tag(name: str) -> str | None:
    """The tag a topic filter means, by the tag ("syria") or one of its cues ("Syrie"); None if none."""
    return _topic_names().get(alias_key(name))


# -- checking a filter -------------------------------------------------------------------------
# Each takes the value as the user gave it and ``name``, how the message names the parameter
# ("query type" in the API, "--type" in the CLI); a blank value means no filter (None), an unknown
# one is a ConfigError that lists what is allowed.

def known_type(value: str | None, name: str = "type") -> str | None:
    """An event type filter, upper-cased: CONSULT, ACCUSE..."""
    if not value or not value.strip():
        return None
    if value.strip().upper() not in EVENT_TYPES:
        raise ConfigError(f"{name}: unknown event type {value!r} (choose from {', '.join(EVENT_TYPES)})")
    return value.strip().upper()


def known_mode(value: str | None, name: str = "mode") -> str | None:
    """A mode filter, lower-cased: phone, visit..."""
    if not value or not value.strip():
        return None
    if value.strip().lower() not in event_modes():
        raise ConfigError(f"{name}: unknown mode {value!r} (PLOVER modes: {', '.join(sorted(event_modes()))})")
    return value.strip().lower()


def known_topic(value: str | None, name: str = "topic") -> str | None:
    """The topic tag a filter names, by the tag or a French word of it ("Syrie" → "Syria")."""
    if not value or not value.strip():
        return None
    tag = topic_tag(value)
    if tag is None:
        raise ConfigError(f"{name}: unknown topic {value!r} (choose from {', '.join(topic_tags())}, "
                          "or a French word of one such as Syrie)")
    return tag


__all__ = ["EVENT_TYPES", "PLOVER_MODES", "event_modes", "known_mode", "known_topic", "known_type", "topic_tag",
           "topic_tags"]
