"""Readings of a spaCy parse that the event rules share: the head of a multi-word trigger, the
verb that carries a noun trigger, the verbs a trigger is the object of, how deep it sits; a
clause's subject and tense, a complement's preposition, whether a participle is spelled as one."""

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


def ancestors(token, levels: int) -> list:
    """The tokens above one, nearest first, up to ``levels`` of them."""
    found = []
    while len(found) < levels and token.head.i != token.i:
        token = token.head
        found.append(token)
    return found


def subject(head):
    """A clause's subject, or that of the verb it completes ("le gouvernement a décidé de suspendre")."""
    nodes = [head, head.head] if head.dep_ == "xcomp" else [head]
    return next((child for node in nodes for child in node.children if child.dep_ in ("nsubj", "nsubj:pass")), None)


def preposition(token) -> str | None:
    """The preposition that introduces a complement ("à Lima": "à"), apostrophe dropped ("d'")."""
    for child in token.children:
        if child.dep_ == "case":
            return child.lower_.rstrip("'’")
    return None


def opens_with_verb(sentence, token) -> bool:
    """Whether nothing but the verb group comes before the trigger in its sentence."""
    return all(t.pos_ in ("AUX", "VERB", "PUNCT", "ADV") or t.dep_.startswith("aux")
               for t in sentence if t.i < token.i)


def spelled_as_participle(token) -> bool:
    """Whether a verb the tagger calls a past participle is spelled as one: a headline's present
    ("Moscou expulse des diplomates") is often tagged so. Only the -er verbs' forms are sure."""
    if not token.lemma_.endswith("er"):
        return True
    return token.lower_.endswith(("é", "ée", "és", "ées"))


def clause_tense(token) -> str | None:
    """The tense of the clause a trigger (a verb, or a noun under one) belongs to."""
    verb = token if token.pos_ in ("VERB", "AUX") else token.head
    return tense(verb)


def tense(verb) -> str | None:
    """A verb's tense with its auxiliaries: future, past (a compound past, a past or imperfect),
    present, or None when the parse does not tell."""
    auxiliaries = [c for c in verb.children if c.dep_.startswith("aux")]
    tenses = {t for node in (verb, *auxiliaries) for t in node.morph.get("Tense")}
    if "Fut" in tenses:
        return "future"
    if auxiliaries and "Part" in verb.morph.get("VerbForm"):
        return "past"
    if tenses & {"Past", "Imp"}:
        return "past"
    return "present" if "Pres" in tenses else None
