"""Whether a trigger reports an event that happened: step 2 of the events stage (docs/events.md).

A negated trigger ("n'a pas condamné") or a failed attempt ("échouent à s'entendre") reports no
event, nor does a hypothetical one ("si Moscou attaquait"); a future or planned one ("imposeront
des sanctions", "ont convenu de se rencontrer") is an announcement, which the stage retypes (a
threat when a condition is set, an agreement to meet). The cue words are the language's
(lang/<code>/events.toml: negation, failure, hypothetical, future).
"""

from __future__ import annotations

from .lexicon import Lexicon


def negated(token, head, lexicon: Lexicon) -> bool:
    """"n'a pas condamné", "sans s'entendre", "échouent à s'entendre" (a failed attempt)."""
    cues = lexicon.negation
    if any(child.lemma_.casefold() in cues or child.lower_ in cues
           for node in {token, head} for child in node.children if child.dep_ in ("advmod", "det", "mark")):
        return True
    governor = head.head if head.dep_ in ("xcomp", "ccomp") and head.head.i != head.i else None
    return governor is not None and governor.lemma_.casefold() in lexicon.failure


def hypothetical(head, lexicon: Lexicon) -> bool:
    """"Si Moscou attaquait…": a hypothetical marker drops the event. The conditional alone does
    not: French news uses it for reported facts ("ils se seraient rencontrés" = reportedly met)."""
    return any(child.lower_ in lexicon.hypothetical for child in head.children if child.dep_ == "mark")


def conditioned(head, lexicon: Lexicon) -> bool:
    """"imposeront des sanctions si elle ne libère pas…": the clause sets a condition."""
    return any(hypothetical(child, lexicon) for child in head.children if child.dep_ == "advcl")


def future(token, head, lexicon: Lexicon) -> bool:
    """"imposeront des sanctions", "ont convenu de se rencontrer": told in the future, or as what
    a verb of planning governs."""
    nodes = [token, head, *[c for c in head.children if c.dep_.startswith("aux")]]
    if any("Fut" in node.morph.get("Tense") for node in nodes):
        return True
    governor = head.head if head.dep_ in ("xcomp", "ccomp") else None
    return governor is not None and governor.lemma_.casefold() in lexicon.future
