"""Readings of a spaCy parse that the event rules share: the head of a multi-word trigger, the
verb that carries a noun trigger, the verbs a trigger is the object of, how deep it sits."""

from __future__ import annotations


def governors(token, levels: int = 2) -> list[int]:
    """The verbs a trigger is the object of, up to two levels ("ordonne ... d'entamer leur retrait")."""
    found = []
    for _ in range(levels):
        if token.dep_ not in ("obj", "xcomp", "ccomp", "obl:arg") or token.head.i == token.i:
            break
        token = token.head
        found.append(token.i)
    return found


def depth(token) -> int:
    """How far below the sentence's root a trigger sits (its main verb is 0)."""
    levels = 0
    while token.head.i != token.i and levels < 20:
        token, levels = token.head, levels + 1
    return levels


def head_of(tokens) -> object:
    """The word of a multi-word trigger that the rest hangs from ("coup d'État": "coup")."""
    inside = {t.i for t in tokens}
    return next((t for t in tokens if t.head.i not in inside or t.head.i == t.i), tokens[0])


def clause_head(token, time_nouns: frozenset[str] = frozenset()):
    """The verb that carries a noun trigger ("ont eu une conversation" → "eu"), else the trigger.
    The parser often hangs a verb's object on the time word between them ("a annoncé mercredi des
    sanctions": "sanctions" under "mercredi"): the verb above that word carries the noun."""
    if token.pos_ not in ("NOUN", "PROPN"):
        return token
    carrier = token.head
    if carrier.lemma_.casefold() in time_nouns and token.dep_ in ("obj", "nmod") and carrier.head.pos_ in ("VERB", "AUX"):
        return carrier.head
    if carrier.pos_ in ("VERB", "AUX") and token.dep_ in ("obj", "nsubj", "obl:arg", "obl:mod"):
        return carrier
    return token


def is_pronominal(token) -> bool:
    """A verb used with "se" ("s'entretenir"), which some triggers require."""
    return any(child.lower_ in ("se", "s'", "s’") for child in token.children)
